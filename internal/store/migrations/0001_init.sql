-- Warta's core schema. Portable SQL: it runs unchanged on SQLite and
-- PostgreSQL. Times are unix seconds (BIGINT) so ordering and keyset paging
-- behave the same on both; calendar dates are 'YYYY-MM-DD' text.

CREATE TABLE regions (
    code     TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    slug     TEXT NOT NULL UNIQUE,
    kind     TEXT NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE elections (
    id         TEXT PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    voting_day TEXT NOT NULL
);

CREATE TABLE stages (
    id          TEXT PRIMARY KEY,
    election_id TEXT NOT NULL REFERENCES elections (id),
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL,
    start_date  TEXT NOT NULL,
    end_date    TEXT NOT NULL
);

CREATE TABLE agencies (
    id         TEXT PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    short_name TEXT NOT NULL,
    url        TEXT NOT NULL DEFAULT ''
);

CREATE TABLE media (
    id          TEXT PRIMARY KEY,
    storage_key TEXT NOT NULL UNIQUE,
    mime        TEXT NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    alt         TEXT NOT NULL DEFAULT '',
    caption     TEXT NOT NULL DEFAULT '',
    credit      TEXT NOT NULL DEFAULT '',
    variants    TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL
);

CREATE TABLE articles (
    id             TEXT PRIMARY KEY,
    slug           TEXT NOT NULL UNIQUE,
    title          TEXT NOT NULL,
    dek            TEXT NOT NULL DEFAULT '',
    body           TEXT NOT NULL DEFAULT '',
    body_html      TEXT NOT NULL DEFAULT '',
    lead_image_id  TEXT REFERENCES media (id),
    dateline       TEXT NOT NULL DEFAULT '',
    byline         TEXT NOT NULL DEFAULT '',
    byline_code    TEXT NOT NULL DEFAULT '',
    agency_id      TEXT NOT NULL REFERENCES agencies (id),
    headline       INTEGER NOT NULL DEFAULT 0,
    headline_order INTEGER NOT NULL DEFAULT 0,
    status         TEXT NOT NULL,
    published_at   BIGINT,
    updated_at     BIGINT NOT NULL,
    created_at     BIGINT NOT NULL
);

-- The newest-first list of live articles, and the date filter of the index.
CREATE INDEX articles_live ON articles (status, published_at DESC, id DESC);
CREATE INDEX articles_headline ON articles (headline, headline_order);

CREATE TABLE tags (
    slug TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

-- article_terms ties an article to its sections: kind is wilayah, tahapan,
-- sumber or tag; term is the section's slug. live_at repeats the article's
-- published_at while it is live (NULL otherwise) so that every section page
-- is one range scan of one index, however many articles there are.
CREATE TABLE article_terms (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    term       TEXT NOT NULL,
    position   INTEGER NOT NULL,
    live_at    BIGINT,
    PRIMARY KEY (article_id, kind, term)
);
CREATE INDEX article_terms_section ON article_terms (kind, term, live_at DESC, article_id DESC);

CREATE TABLE corrections (
    id         TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    note       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX corrections_article ON corrections (article_id, created_at);
