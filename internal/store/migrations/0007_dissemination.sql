-- Dissemination: the channels articles go out to, which channels each
-- article (or, by default, each agency) goes to, and one delivery per
-- article version and channel with everything the editor needs to know.

-- A configured destination. settings is a JSON object of plain values
-- (ids, api_base, rate_per_minute); secrets is a JSON object of tokens and
-- keys sealed by internal/secretbox, or '' when there are none. A removed
-- channel keeps its row (removed_at set, secrets wiped) so that its
-- deliveries' history still names it, and frees its name.
CREATE TABLE channels (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    name       TEXT NOT NULL,
    settings   TEXT NOT NULL DEFAULT '{}',
    secrets    TEXT NOT NULL DEFAULT '',
    enabled    INTEGER NOT NULL DEFAULT 1,
    is_default INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    removed_at BIGINT
);
CREATE UNIQUE INDEX channels_name ON channels (name) WHERE removed_at IS NULL;

-- An agency's own default for a channel, over the channel's is_default.
CREATE TABLE agency_channels (
    agency_id  TEXT NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    channel_id TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    selected   INTEGER NOT NULL,
    PRIMARY KEY (agency_id, channel_id)
);

-- The editor's choice for one article, over the agency's and channel's
-- defaults. A channel with no row here follows the defaults.
CREATE TABLE article_channels (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    channel_id TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    selected   INTEGER NOT NULL,
    PRIMARY KEY (article_id, channel_id)
);

-- One delivery per (article version, channel, op): the UNIQUE constraint
-- is what makes enqueueing the same version twice a no-op. status is
-- queued, sending, delivered, failed, dry_run or skipped. steps is a JSON
-- object of a two-step API's intermediate ids (Progress); rendering is the
-- connector's Rendering as JSON; request_log, for a dry run, the JSON list
-- of requests it would have sent. last_error is in Indonesian, for the
-- editor. Times here are unix milliseconds, not seconds: publish-to-
-- delivered latency is measured from them. claimed_by names the engine
-- (one per node and start) sending the delivery and lease_until when its
-- claim lapses, so that after a crash another attempt may start, and only
-- then. The UNIQUE constraint's index also serves lookups by article.
CREATE TABLE deliveries (
    id              TEXT PRIMARY KEY,
    article_id      TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    channel_id      TEXT NOT NULL REFERENCES channels (id),
    version         TEXT NOT NULL,
    op              TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    remote_id       TEXT NOT NULL DEFAULT '',
    remote_url      TEXT NOT NULL DEFAULT '',
    steps           TEXT NOT NULL DEFAULT '{}',
    rendering       TEXT NOT NULL DEFAULT '',
    request_log     TEXT NOT NULL DEFAULT '',
    last_error      TEXT NOT NULL DEFAULT '',
    claimed_by      TEXT NOT NULL DEFAULT '',
    lease_until     BIGINT,
    next_attempt_at BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    delivered_at    BIGINT,
    UNIQUE (article_id, channel_id, version, op)
);
CREATE INDEX deliveries_status ON deliveries (status, next_attempt_at);
CREATE INDEX deliveries_channel ON deliveries (channel_id, id);
