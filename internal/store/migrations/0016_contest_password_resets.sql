-- Password reset links for contest participants (internal/contest). Kept
-- apart from contest_email_tokens so that a reset link never verifies an
-- email by way of /lomba/verifikasi, and a verification link (valid two
-- days) never sets a password. id is the SHA-256 of the token in the link;
-- a link works once, for an hour. Using one marks every other open link
-- of the participant used.
CREATE TABLE contest_password_resets (
    id             TEXT PRIMARY KEY,
    participant_id TEXT NOT NULL REFERENCES contest_participants (id) ON DELETE CASCADE,
    created_at     BIGINT NOT NULL,
    expires_at     BIGINT NOT NULL,
    used_at        BIGINT
);
CREATE INDEX contest_password_resets_participant ON contest_password_resets (participant_id);
