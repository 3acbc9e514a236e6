-- The site's ActivityPub actor: its key pair, its followers and the objects
-- it has published (the outbox). Owned by internal/dissemination/activitypub.

-- One row, id 'main'. private_pem is sealed with the site's secret key when
-- one is configured (sealed = 1), plain PKCS#8 PEM otherwise.
CREATE TABLE activitypub_keys (
    id          TEXT PRIMARY KEY,
    public_pem  TEXT NOT NULL,
    private_pem TEXT NOT NULL,
    sealed      INTEGER NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL
);

-- A remote actor following the site. Deliveries go once to each distinct
-- shared_inbox, or to inbox when the server has none. follow_id is the
-- Follow activity's id, matched when an Undo names it.
CREATE TABLE activitypub_followers (
    actor_id     TEXT PRIMARY KEY,
    inbox        TEXT NOT NULL,
    shared_inbox TEXT NOT NULL DEFAULT '',
    follow_id    TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL
);
CREATE INDEX activitypub_followers_inbox ON activitypub_followers (inbox);
CREATE INDEX activitypub_followers_shared_inbox ON activitypub_followers (shared_inbox);

-- The object last delivered for an article (JSON without @context), served
-- at its id and listed in the outbox newest first; deleted_at marks a
-- Tombstone. No foreign key: the tombstone outlives the article.
CREATE TABLE activitypub_objects (
    article_id   TEXT PRIMARY KEY,
    object_id    TEXT NOT NULL UNIQUE,
    object       TEXT NOT NULL,
    published_at BIGINT NOT NULL,
    deleted_at   BIGINT
);
CREATE INDEX activitypub_objects_outbox ON activitypub_objects (published_at DESC, article_id DESC);
