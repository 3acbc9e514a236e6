-- The editorial workflow: who wrote an article, when it is scheduled to go
-- live, its revisions, its history of review steps, and the audit log.

-- author_id is the account that created the article (NULL for imports);
-- scheduled_at is the publication time while status is 'scheduled'. The
-- scheduler job publishes only if both status and scheduled_at still match
-- what it was queued for.
ALTER TABLE articles ADD COLUMN author_id TEXT;
ALTER TABLE articles ADD COLUMN scheduled_at BIGINT;

-- Newsroom lists: newest-updated first, by status, agency or author.
CREATE INDEX articles_staff_status ON articles (status, updated_at DESC, id DESC);
CREATE INDEX articles_staff_agency ON articles (agency_id, updated_at DESC, id DESC);
CREATE INDEX articles_staff_author ON articles (author_id, updated_at DESC, id DESC);

-- A saved version of an article's text, numbered from 1 per article.
CREATE TABLE revisions (
    id         TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    number     INTEGER NOT NULL,
    title      TEXT NOT NULL,
    dek        TEXT NOT NULL DEFAULT '',
    body       TEXT NOT NULL DEFAULT '',
    editor_id  TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    UNIQUE (article_id, number)
);

-- Each step of the workflow with its comment: the review conversation.
-- user_id is a user's ID or 'system'.
CREATE TABLE workflow_events (
    id          TEXT PRIMARY KEY,
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL,
    action      TEXT NOT NULL,
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL,
    comment     TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL
);
CREATE INDEX workflow_events_article ON workflow_events (article_id, id);

-- Every state change, login and permission change. id is a ULID carrying
-- the time, so newest-first keyset paging is one index scan on id.
CREATE TABLE audit_log (
    id          TEXT PRIMARY KEY,
    at          BIGINT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL DEFAULT '',
    object_id   TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '',
    ip          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_actor ON audit_log (actor, id);
CREATE INDEX audit_log_action ON audit_log (action, id);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id, id);
