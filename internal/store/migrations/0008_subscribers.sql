-- Subscribers of the WhatsApp and email channels.
--
-- Contact data is personal data (UU PDP 27/2022), so a row holds only what
-- sending needs and what proves consent:
--   address       the phone number in E.164 (+6281…) or the email address,
--                 lowercased; one row per (channel, address);
--   interests     regions and stages in subscriber_interests; none = all;
--   digest        'instant' (one email per article) or 'daily' (email only);
--   consent_text  the exact statement the person agreed to (the form's
--                 wording, or the WhatsApp keyword message they sent), and
--                 consented_at, when;
--   last_inbound_at  when the person last wrote to us on WhatsApp, because
--                 free text may only be sent within 24 hours of it.
-- No names, no IP addresses, no message contents.
--
-- confirm_token_hash is the SHA-256 (hex) of the double opt-in link's token;
-- NULL once confirmed. unsubscribe_token is random and kept in clear because
-- every email carries it in its List-Unsubscribe link; it can do nothing but
-- unsubscribe. Unsubscribing deletes the interests and keeps the bare row as
-- the record of the opt-out; the packages' Purge deletes such rows after 30
-- days and unconfirmed sign-ups after 7.
CREATE TABLE subscribers (
    id                 TEXT PRIMARY KEY,
    channel            TEXT NOT NULL,
    address            TEXT NOT NULL,
    status             TEXT NOT NULL,
    digest             TEXT NOT NULL DEFAULT 'instant',
    consent_text       TEXT NOT NULL,
    consented_at       BIGINT NOT NULL,
    confirm_token_hash TEXT,
    unsubscribe_token  TEXT NOT NULL UNIQUE,
    last_inbound_at    BIGINT,
    last_digest_at     BIGINT,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    UNIQUE (channel, address)
);
CREATE INDEX subscribers_sending ON subscribers (channel, status, digest);
CREATE UNIQUE INDEX subscribers_confirm ON subscribers (confirm_token_hash);

-- What a subscriber wants: kind 'region' or 'stage' and the section's slug.
CREATE TABLE subscriber_interests (
    subscriber_id TEXT NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    slug          TEXT NOT NULL,
    PRIMARY KEY (subscriber_id, kind, slug)
);

-- WhatsApp message ids already handled, so a notification Meta delivers
-- twice is acted on once. Ids only; purged after 7 days, the longest Meta
-- keeps retrying.
CREATE TABLE whatsapp_inbound (
    message_id  TEXT PRIMARY KEY,
    received_at BIGINT NOT NULL
);
