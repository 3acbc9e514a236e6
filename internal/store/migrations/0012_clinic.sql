-- The hoax clinic (internal/clinic). Times are unix seconds (UTC).
-- Reports never hold contact data: that lives in clinic_contacts, sealed
-- with the configured secret key (internal/secretbox, bound to the row id),
-- with the consent wording and time, and is purged after the retention
-- period. Every access to contact data is recorded in clinic_access_log.

-- A claim is the content many reports share. status is baru, diperiksa,
-- selesai or ditolak; priority is recomputed on every report and change;
-- due_at is first_report_at + 24 h. suggested_verdict_id is intake's match
-- between the two thresholds, confirmed by a checker with one click.
CREATE TABLE clinic_claims (
    id                   TEXT PRIMARY KEY,
    title                TEXT NOT NULL,
    status               TEXT NOT NULL,
    reject_reason        TEXT NOT NULL DEFAULT '',
    priority             INTEGER NOT NULL DEFAULT 0,
    report_count         INTEGER NOT NULL DEFAULT 0,
    first_report_at      BIGINT NOT NULL,
    due_at               BIGINT NOT NULL,
    assignee_id          TEXT NOT NULL DEFAULT '',
    region_code          TEXT NOT NULL DEFAULT '',
    election             INTEGER NOT NULL DEFAULT 0,
    suggested_verdict_id TEXT NOT NULL DEFAULT '',
    suggested_score      DOUBLE PRECISION NOT NULL DEFAULT 0,
    verdict_id           TEXT NOT NULL DEFAULT '',
    closed_at            BIGINT,
    updated_at           BIGINT NOT NULL
);
CREATE INDEX clinic_claims_queue ON clinic_claims (status, priority DESC, first_report_at);
-- Reports answered at once join the done claim of their verdict.
CREATE INDEX clinic_claims_verdict ON clinic_claims (verdict_id, status);

-- A contact is one reporter's way back, sealed. lookup is an HMAC of
-- kind and normalised address under the secret key, so that export and
-- erasure find a person without decrypting every row. expires_at is when
-- the purge job deletes it.
CREATE TABLE clinic_contacts (
    id                TEXT PRIMARY KEY,
    kind              TEXT NOT NULL,
    lookup            TEXT NOT NULL,
    sealed            TEXT NOT NULL,
    consent_text      TEXT NOT NULL,
    consent_at        BIGINT NOT NULL,
    referral_consent  INTEGER NOT NULL DEFAULT 0,
    last_inbound_at   BIGINT NOT NULL DEFAULT 0,
    expires_at        BIGINT NOT NULL,
    created_at        BIGINT NOT NULL
);
CREATE INDEX clinic_contacts_lookup ON clinic_contacts (lookup);
CREATE INDEX clinic_contacts_expiry ON clinic_contacts (expires_at);

-- A report is one citizen's message. ticket is "KH-2026-000123", numbered
-- per year from clinic_ticket_seq. (channel, external_id) makes webhook
-- redeliveries idempotent. image_hash is the DHash of the screenshot as a
-- signed 64-bit integer. answered_at is set once the reporter was sent a
-- verdict, so each is answered once.
CREATE TABLE clinic_reports (
    id                 TEXT PRIMARY KEY,
    ticket             TEXT NOT NULL UNIQUE,
    claim_id           TEXT NOT NULL REFERENCES clinic_claims (id),
    channel            TEXT NOT NULL,
    external_id        TEXT,
    body               TEXT NOT NULL DEFAULT '',
    url                TEXT NOT NULL DEFAULT '',
    image_path         TEXT NOT NULL DEFAULT '',
    image_hash         BIGINT,
    contact_id         TEXT REFERENCES clinic_contacts (id) ON DELETE SET NULL,
    decision           TEXT NOT NULL,
    match_score        DOUBLE PRECISION NOT NULL DEFAULT 0,
    ip_hash            TEXT NOT NULL DEFAULT '',
    received_at        BIGINT NOT NULL,
    answered_at        BIGINT,
    answer_verdict_id  TEXT NOT NULL DEFAULT '',
    UNIQUE (channel, external_id)
);
CREATE INDEX clinic_reports_claim ON clinic_reports (claim_id, received_at);
CREATE INDEX clinic_reports_received ON clinic_reports (received_at);
CREATE INDEX clinic_reports_contact ON clinic_reports (contact_id);
-- Rate limiting counts an address's recent reports.
CREATE INDEX clinic_reports_ip ON clinic_reports (ip_hash, received_at);

-- Per-year ticket counters.
CREATE TABLE clinic_ticket_seq (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

CREATE TABLE clinic_notes (
    id           TEXT PRIMARY KEY,
    claim_id     TEXT NOT NULL REFERENCES clinic_claims (id),
    author_id    TEXT NOT NULL,
    body         TEXT NOT NULL DEFAULT '',
    evidence_url TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL
);
CREATE INDEX clinic_notes_claim ON clinic_notes (claim_id, created_at);

-- A verdict, from the clinic (claim_id set, article_id the Cek Fakta
-- article) or imported (source 'import', external_id the archive's id).
-- references_json, appearance_json and images_json are JSON arrays.
CREATE TABLE clinic_verdicts (
    id               TEXT PRIMARY KEY,
    claim_id         TEXT NOT NULL DEFAULT '',
    source           TEXT NOT NULL,
    external_id      TEXT,
    title            TEXT NOT NULL,
    claim_reviewed   TEXT NOT NULL DEFAULT '',
    label            TEXT NOT NULL,
    type             TEXT NOT NULL DEFAULT '',
    explanation      TEXT NOT NULL DEFAULT '',
    references_json  TEXT NOT NULL DEFAULT '[]',
    claim_author     TEXT NOT NULL DEFAULT '',
    appearance_json  TEXT NOT NULL DEFAULT '[]',
    claim_date       BIGINT,
    images_json      TEXT NOT NULL DEFAULT '[]',
    category         TEXT NOT NULL DEFAULT '',
    region_code      TEXT NOT NULL DEFAULT '',
    article_id       TEXT NOT NULL DEFAULT '',
    url              TEXT NOT NULL DEFAULT '',
    author_name      TEXT NOT NULL DEFAULT '',
    published_at     BIGINT NOT NULL,
    UNIQUE (source, external_id)
);
CREATE INDEX clinic_verdicts_published ON clinic_verdicts (published_at DESC, id DESC);
CREATE INDEX clinic_verdicts_label ON clinic_verdicts (label, published_at DESC, id DESC);
CREATE INDEX clinic_verdicts_region ON clinic_verdicts (region_code, published_at DESC, id DESC);
CREATE INDEX clinic_verdicts_article ON clinic_verdicts (article_id);

CREATE TABLE clinic_referrals (
    id               TEXT PRIMARY KEY,
    claim_id         TEXT NOT NULL REFERENCES clinic_claims (id),
    report_id        TEXT NOT NULL REFERENCES clinic_reports (id),
    reported_party   TEXT NOT NULL,
    place            TEXT NOT NULL DEFAULT '',
    occurred_at      BIGINT,
    known_at         BIGINT NOT NULL,
    deadline         BIGINT NOT NULL,
    description      TEXT NOT NULL,
    evidence_json    TEXT NOT NULL DEFAULT '[]',
    sealed_reporter  TEXT NOT NULL DEFAULT '',
    created_by       TEXT NOT NULL,
    created_at       BIGINT NOT NULL
);
CREATE INDEX clinic_referrals_claim ON clinic_referrals (claim_id);

-- Who opened, exported, erased or used contact data, when and why.
CREATE TABLE clinic_access_log (
    id          TEXT PRIMARY KEY,
    at          BIGINT NOT NULL,
    actor_id    TEXT NOT NULL,
    action      TEXT NOT NULL,
    contact_id  TEXT NOT NULL DEFAULT '',
    purpose     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX clinic_access_log_at ON clinic_access_log (at DESC);
