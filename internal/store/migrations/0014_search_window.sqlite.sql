-- Search ranks only the newest matches, so the full-text index must give
-- them first: an article's rowid becomes its publication time (unix seconds)
-- shifted left 20 bits plus a sequence number, and FTS5 returns matches in
-- rowid order. Rowids cannot be renumbered in a contentless FTS5 table, so
-- both tables are recreated empty here and the Go step that follows this
-- file in the same transaction (reindexSearch) re-analyses every live
-- article into them. The articles themselves are untouched. The sections
-- column holds a token per section the article is in (store.sectionToken),
-- so that a search with a section filter is one MATCH, newest first.
DROP TABLE article_fts;
DROP TABLE article_search;
CREATE TABLE article_search (
    rowid      INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL UNIQUE REFERENCES articles (id) ON DELETE CASCADE
);
CREATE VIRTUAL TABLE article_fts USING fts5 (
    title, body, sections,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);
