-- The hoax clinic's loose ends (internal/clinic).

-- A reply that can never be delivered (no channel or template configured,
-- the contact erased, the number invalid, the bot blocked) stops at once
-- and says why on its report, for the checker: reply_error is the reason in
-- Indonesian, reply_failed_at when it failed. A later delivery clears both.
ALTER TABLE clinic_reports ADD COLUMN reply_error TEXT NOT NULL DEFAULT '';
ALTER TABLE clinic_reports ADD COLUMN reply_failed_at BIGINT;

-- Idempotency-Key of POST /api/v1/clinic/reports. scope is a keyed hash
-- of the client and its key, fingerprint a keyed hash of the report as
-- sent: neither holds personal data. A key lives 24 hours; the daily
-- clinic purge deletes it after that.
CREATE TABLE clinic_idempotency_keys (
    scope        TEXT PRIMARY KEY,
    fingerprint  TEXT NOT NULL,
    report_id    TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX clinic_idempotency_keys_created ON clinic_idempotency_keys (created_at);

-- The access log is paged newest first by (at, id).
CREATE INDEX clinic_access_log_page ON clinic_access_log (at, id);
