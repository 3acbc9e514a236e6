-- Full-text index of live articles. Warta analyses Indonesian text itself
-- (stemming, stop words, slang) and stores the resulting terms, so the
-- database only has to index plain space-separated words ('simple' config).
CREATE TABLE article_search (
    article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    doc        TSVECTOR NOT NULL
);
CREATE INDEX article_search_doc ON article_search USING GIN (doc);
