-- Content competitions (lomba konten), owned by internal/contest: contests
-- with their categories, participants with verified emails, entries and
-- their moderation, judging panels, rubrics, conflict declarations and
-- scores, and the public vote. Times are unix seconds; the contest's
-- timeline is entered and shown in WIB. Every secret handed out (email
-- links, participant sessions, vote links) is stored only as its SHA-256.

-- regions is a space-separated list of region codes (empty: anyone in any
-- region may take part); prizes is a JSON list. vote_start and vote_end
-- are NULL when there is no public vote. tie_break names the stated rule.
-- announcement_article_id is the newsroom draft of the winners, once made.
CREATE TABLE contests (
    id                      TEXT PRIMARY KEY,
    slug                    TEXT NOT NULL UNIQUE,
    title                   TEXT NOT NULL,
    theme                   TEXT NOT NULL DEFAULT '',
    rules                   TEXT NOT NULL DEFAULT '',
    rules_html              TEXT NOT NULL DEFAULT '',
    agency_id               TEXT NOT NULL REFERENCES agencies (id),
    min_age                 INTEGER NOT NULL DEFAULT 0,
    regions                 TEXT NOT NULL DEFAULT '',
    prizes                  TEXT NOT NULL DEFAULT '[]',
    registration_open       BIGINT NOT NULL,
    submission_open         BIGINT NOT NULL,
    submission_deadline     BIGINT NOT NULL,
    judging_start           BIGINT NOT NULL,
    judging_end             BIGINT NOT NULL,
    vote_start              BIGINT,
    vote_end                BIGINT,
    announcement_at         BIGINT NOT NULL,
    public_vote             INTEGER NOT NULL DEFAULT 0,
    vote_weight             INTEGER NOT NULL DEFAULT 0,
    blind                   INTEGER NOT NULL DEFAULT 0,
    normalize               INTEGER NOT NULL DEFAULT 0,
    tie_break               TEXT NOT NULL,
    published               INTEGER NOT NULL DEFAULT 0,
    announcement_article_id TEXT,
    created_by              TEXT NOT NULL,
    created_at              BIGINT NOT NULL,
    updated_at              BIGINT NOT NULL
);
CREATE INDEX contests_timeline ON contests (published, registration_open);

-- kind is file or link; accept the space-separated MIME types a file may
-- have, platforms the space-separated platforms a link may point to.
CREATE TABLE contest_categories (
    id          TEXT PRIMARY KEY,
    contest_id  TEXT NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    slug        TEXT NOT NULL,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL,
    accept      TEXT NOT NULL DEFAULT '',
    max_bytes   BIGINT NOT NULL DEFAULT 0,
    platforms   TEXT NOT NULL DEFAULT '',
    max_entries INTEGER NOT NULL DEFAULT 1,
    position    INTEGER NOT NULL,
    UNIQUE (contest_id, slug)
);

-- Citizens taking part; one account for every contest. birth_date is
-- 'YYYY-MM-DD'. verified_at is NULL until the email link is followed.
CREATE TABLE contest_participants (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    birth_date    TEXT NOT NULL,
    region_code   TEXT NOT NULL REFERENCES regions (code),
    password_hash TEXT NOT NULL,
    verified_at   BIGINT,
    created_at    BIGINT NOT NULL
);

-- Email verification links; id is the SHA-256 of the token in the link.
CREATE TABLE contest_email_tokens (
    id             TEXT PRIMARY KEY,
    participant_id TEXT NOT NULL REFERENCES contest_participants (id) ON DELETE CASCADE,
    created_at     BIGINT NOT NULL,
    expires_at     BIGINT NOT NULL,
    used_at        BIGINT
);
CREATE INDEX contest_email_tokens_participant ON contest_email_tokens (participant_id);

-- Participants' signed-in browsers; id is the SHA-256 of the cookie value.
CREATE TABLE contest_sessions (
    id             TEXT PRIMARY KEY,
    participant_id TEXT NOT NULL REFERENCES contest_participants (id) ON DELETE CASCADE,
    created_at     BIGINT NOT NULL,
    expires_at     BIGINT NOT NULL,
    revoked_at     BIGINT
);
CREATE INDEX contest_sessions_participant ON contest_sessions (participant_id);

-- A participant's registration for one contest. Eligibility (age on this
-- date, domicile) is checked when the row is written.
CREATE TABLE contest_registrations (
    contest_id     TEXT NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL REFERENCES contest_participants (id) ON DELETE CASCADE,
    registered_at  BIGINT NOT NULL,
    PRIMARY KEY (contest_id, participant_id)
);

-- An entry: a stored file (file_key in the contest's library, images
-- re-encoded, PDFs as sent) or a link to a post. content_key is
-- 'sha256:<hex>' of the file as uploaded or the link's canonical form
-- ('youtube:<id>'); the partial unique index refuses the same work twice in
-- a contest while freeing it when an entry is withdrawn. status is pending,
-- accepted, rejected or withdrawn; submitted_at is when the current version
-- was sent, which the tie-break uses.
CREATE TABLE contest_entries (
    id                TEXT PRIMARY KEY,
    contest_id        TEXT NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    category_id       TEXT NOT NULL REFERENCES contest_categories (id),
    participant_id    TEXT NOT NULL REFERENCES contest_participants (id),
    title             TEXT NOT NULL,
    description       TEXT NOT NULL DEFAULT '',
    kind              TEXT NOT NULL,
    file_key          TEXT NOT NULL DEFAULT '',
    file_mime         TEXT NOT NULL DEFAULT '',
    file_size         BIGINT NOT NULL DEFAULT 0,
    file_width        INTEGER NOT NULL DEFAULT 0,
    file_height       INTEGER NOT NULL DEFAULT 0,
    file_variants     TEXT NOT NULL DEFAULT '',
    link_url          TEXT NOT NULL DEFAULT '',
    platform          TEXT NOT NULL DEFAULT '',
    content_key       TEXT NOT NULL,
    status            TEXT NOT NULL,
    moderation_reason TEXT NOT NULL DEFAULT '',
    moderated_by      TEXT NOT NULL DEFAULT '',
    moderated_at      BIGINT,
    created_at        BIGINT NOT NULL,
    submitted_at      BIGINT NOT NULL,
    withdrawn_at      BIGINT
);
CREATE UNIQUE INDEX contest_entries_content ON contest_entries (contest_id, content_key) WHERE status <> 'withdrawn';
CREATE INDEX contest_entries_category ON contest_entries (category_id, status);
CREATE INDEX contest_entries_participant ON contest_entries (participant_id, contest_id);

-- Judging panels: for the whole contest (category_id NULL) or one category.
CREATE TABLE contest_panels (
    id          TEXT PRIMARY KEY,
    contest_id  TEXT NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    category_id TEXT REFERENCES contest_categories (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX contest_panels_contest ON contest_panels (contest_id);

CREATE TABLE contest_panel_judges (
    panel_id TEXT NOT NULL REFERENCES contest_panels (id) ON DELETE CASCADE,
    user_id  TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (panel_id, user_id)
);
CREATE INDEX contest_panel_judges_user ON contest_panel_judges (user_id);

-- Rubric criteria: the contest's (category_id NULL) or a category's own,
-- which replace the contest's for that category. Weights of one rubric sum
-- to 100.
CREATE TABLE contest_criteria (
    id          TEXT PRIMARY KEY,
    contest_id  TEXT NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    category_id TEXT REFERENCES contest_categories (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    weight      INTEGER NOT NULL,
    position    INTEGER NOT NULL
);
CREATE INDEX contest_criteria_contest ON contest_criteria (contest_id);

-- A judge's conflict of interest with one entry, or with a participant
-- named by email (matched against every entry of that participant, so the
-- judge learns nothing about who took part).
CREATE TABLE contest_conflicts (
    id                TEXT PRIMARY KEY,
    contest_id        TEXT NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    judge_id          TEXT NOT NULL REFERENCES users (id),
    entry_id          TEXT REFERENCES contest_entries (id) ON DELETE CASCADE,
    participant_email TEXT NOT NULL DEFAULT '',
    reason            TEXT NOT NULL DEFAULT '',
    created_at        BIGINT NOT NULL
);
CREATE INDEX contest_conflicts_judge ON contest_conflicts (contest_id, judge_id);

-- One judge's score (1–100) on one criterion of one entry.
CREATE TABLE contest_scores (
    entry_id     TEXT NOT NULL REFERENCES contest_entries (id) ON DELETE CASCADE,
    judge_id     TEXT NOT NULL REFERENCES users (id),
    criterion_id TEXT NOT NULL REFERENCES contest_criteria (id) ON DELETE CASCADE,
    score        INTEGER NOT NULL,
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (entry_id, judge_id, criterion_id)
);
CREATE INDEX contest_scores_judge ON contest_scores (judge_id);

-- Public votes. A request stores the SHA-256 of the link mailed to the
-- voter (token_hash); following it sets confirmed_at. The partial unique
-- index is the one-vote-per-email-per-category rule. network is the
-- request's /24 (IPv4) or /64 (IPv6), for the hourly limit and the anomaly
-- flag: flag is '' (clean), flagged (not counted until reviewed), cleared
-- (reviewed and counted) or discarded (reviewed and not counted).
CREATE TABLE contest_votes (
    id           TEXT PRIMARY KEY,
    contest_id   TEXT NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    category_id  TEXT NOT NULL REFERENCES contest_categories (id) ON DELETE CASCADE,
    entry_id     TEXT NOT NULL REFERENCES contest_entries (id) ON DELETE CASCADE,
    email        TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    ip           TEXT NOT NULL DEFAULT '',
    network      TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    confirmed_at BIGINT,
    flag         TEXT NOT NULL DEFAULT '',
    reviewed_by  TEXT NOT NULL DEFAULT '',
    reviewed_at  BIGINT
);
CREATE UNIQUE INDEX contest_votes_once ON contest_votes (category_id, email) WHERE confirmed_at IS NOT NULL;
CREATE INDEX contest_votes_network ON contest_votes (network, created_at);
CREATE INDEX contest_votes_email ON contest_votes (email, created_at);
CREATE INDEX contest_votes_entry ON contest_votes (entry_id);
