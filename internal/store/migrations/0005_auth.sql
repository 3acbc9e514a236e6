-- Accounts and access: sessions, API tokens, login throttling, two-factor,
-- password resets and the local mail outbox. Every secret a user holds
-- (session cookie, API token, reset link) is stored only as its SHA-256 in
-- hex, so a copy of the database does not let anyone sign in.

-- totp_secret is opaque to storage: internal/auth writes it encrypted
-- ("v1:" + AES-256-GCM) when a secret key is configured, else marked
-- "plain:". totp_last_step is the last accepted 30-second step, so a code
-- cannot be used twice.
ALTER TABLE users ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_enabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN password_changed_at BIGINT NOT NULL DEFAULT 0;

-- A signed-in browser. id is the SHA-256 of the random cookie value.
CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    revoked_at   BIGINT,
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id, revoked_at);

-- A bearer token for the API. prefix is the start of the raw token, shown
-- in lists so people can tell their tokens apart; scopes is space-separated.
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    scopes       TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id, created_at);

-- Failed attempts for rate limiting, shared by every node: key is
-- "email:x@y", "ip:1.2.3.4", "reset:x@y" …; at is unix seconds.
CREATE TABLE login_attempts (
    attempt_key TEXT NOT NULL,
    at          BIGINT NOT NULL
);
CREATE INDEX login_attempts_key ON login_attempts (attempt_key, at);

-- One-time password reset links. id is the SHA-256 of the token in the link.
CREATE TABLE password_resets (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT,
    ip         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX password_resets_user ON password_resets (user_id);

-- Mail kept locally when no SMTP server is configured, readable by admins
-- in the studio. headers is a JSON object.
CREATE TABLE outbox (
    id         TEXT PRIMARY KEY,
    to_addr    TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body_text  TEXT NOT NULL DEFAULT '',
    body_html  TEXT NOT NULL DEFAULT '',
    headers    TEXT NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL,
    sent_at    BIGINT,
    error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_created ON outbox (created_at DESC, id DESC);
