package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// searchPostgres takes the newest matches through the article_search
// (published_at, article_id) index, or the GIN index when the terms (and
// sections) are rare, as the planner judges; only those are scored with
// ts_rank_cd.
func (db *DB) searchPostgres(ctx context.Context, q SearchQuery, terms []string, window int) ([]string, map[string]float64, error) {
	quoted := make([]string, len(terms))
	for i, t := range terms {
		quoted[i] = "'" + t + "'"
	}
	op := " & "
	if q.Any {
		op = " | "
	}
	tsq := strings.Join(quoted, op)
	// A section is a token in the document, so the filter is part of the
	// match and the GIN index intersects it with the terms, which serves a
	// rare combination. For a common one the planner walks the first
	// section's newest entries instead, whose live_at repeats the
	// publication time, checking each article; the rank holds the terms
	// only.
	match := "(" + tsq + ")"
	secs := sectionFilters(q.Filter)
	for _, sec := range secs {
		match = "'" + sectionToken(sec[0], sec[1]) + "' & " + match
	}
	from, at, id := "article_search s", "s.published_at", "s.article_id"
	where := []string{"s.doc @@ to_tsquery('simple', ?)"}
	args := []any{tsq, match}
	if len(secs) > 0 {
		from = "article_terms u JOIN article_search s ON s.article_id = u.article_id"
		at, id = "u.live_at", "u.article_id"
		where = append(where, "u.kind = ? AND u.term = ? AND u.live_at IS NOT NULL")
		args = append(args, secs[0][0], secs[0][1])
	}
	if f := q.Filter; !f.From.IsZero() {
		where = append(where, at+" >= ?")
		args = append(args, f.From.Unix())
	}
	if f := q.Filter; !f.To.IsZero() {
		where = append(where, at+" < ?")
		args = append(args, f.To.Unix())
	}
	// Only the window's rows are scored: the rank is computed below the
	// LIMIT, and no wide tsvector reaches a sort.
	query := fmt.Sprintf(`SELECT w.article_id, w.rank FROM (
		SELECT s.article_id, s.published_at, ts_rank_cd(s.doc, to_tsquery('simple', ?)) AS rank
		FROM %s WHERE %s ORDER BY %s DESC, %s DESC LIMIT %d) w
		ORDER BY w.rank DESC, w.published_at DESC, w.article_id DESC LIMIT %d OFFSET %d`,
		from, strings.Join(where, " AND "), at, id, window, q.Limit, q.Offset)
	// The plan must fit the terms: a common one walks the newest rows, a
	// rare one takes the GIN index. A cached generic plan would not know
	// which; JIT compiling and parallel workers cost more than they save
	// on a query that stops after the window.
	tx, err := db.sql.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, nil, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SELECT set_config('plan_cache_mode', 'force_custom_plan', true),
		set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)`); err != nil {
		return nil, nil, err
	}
	return db.scanRanks(ctx, tx, query, args)
}

// scanRanks runs a ranking query returning (article id, rank) rows, on tx
// when given.
func (db *DB) scanRanks(ctx context.Context, tx *sql.Tx, q string, args []any) ([]string, map[string]float64, error) {
	var rows *sql.Rows
	var err error
	if tx != nil {
		rows, err = tx.QueryContext(ctx, db.Rebind(q), args...)
	} else {
		rows, err = db.query(ctx, q, args...)
	}
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var ids []string
	ranks := map[string]float64{}
	for rows.Next() {
		var id string
		var rank float64
		if err := rows.Scan(&id, &rank); err != nil {
			return nil, nil, err
		}
		ids = append(ids, id)
		ranks[id] = rank
	}
	return ids, ranks, rows.Err()
}
