-- Search ranks only the newest matches, so the full-text index carries the
-- publication time with a btree beside the GIN index: for a common term the
-- planner walks the newest rows and checks each, for a rare one it takes
-- the GIN index. The table is rebuilt in publication order (so that walk
-- reads few pages) from the existing rows, which all stay searchable.
-- The document gains a token per section the article is in, as
-- store.sectionToken spells it ('s', the kind's letter, the slug in hex),
-- without positions, so that a search with a section filter is one @@ that
-- the GIN index answers. Building the GIN index over a large table needs
-- memory, for this transaction only.
SET LOCAL maintenance_work_mem = '256MB';
CREATE TABLE article_search_new (
    article_id   TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    published_at BIGINT NOT NULL,
    doc          TSVECTOR NOT NULL
);
INSERT INTO article_search_new (article_id, published_at, doc)
    SELECT s.article_id, a.published_at, s.doc || COALESCE((
        SELECT array_to_tsvector(array_agg('s' || CASE t.kind WHEN 'wilayah' THEN 'w' WHEN 'tahapan' THEN 't'
            WHEN 'sumber' THEN 's' WHEN 'tag' THEN 'g' END || encode(convert_to(t.term, 'UTF8'), 'hex')))
        FROM article_terms t WHERE t.article_id = s.article_id AND t.kind IN ('wilayah', 'tahapan', 'sumber', 'tag')),
        ''::tsvector)
    FROM article_search s JOIN articles a ON a.id = s.article_id
    WHERE a.published_at IS NOT NULL ORDER BY a.published_at, s.article_id;
DROP TABLE article_search;
ALTER TABLE article_search_new RENAME TO article_search;
ALTER INDEX article_search_new_pkey RENAME TO article_search_pkey;
ALTER TABLE article_search RENAME CONSTRAINT article_search_new_article_id_fkey TO article_search_article_id_fkey;
CREATE INDEX article_search_doc ON article_search USING GIN (doc);
CREATE INDEX article_search_newest ON article_search (published_at DESC, article_id DESC);
ANALYZE article_search;
