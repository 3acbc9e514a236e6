-- Full-text index of live articles. Warta analyses Indonesian text itself
-- (stemming, stop words, slang) and stores the resulting terms, so the
-- database only has to index plain space-separated words.
CREATE TABLE article_search (
    rowid      INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL UNIQUE REFERENCES articles (id) ON DELETE CASCADE
);
CREATE VIRTUAL TABLE article_fts USING fts5 (
    title, body,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);
