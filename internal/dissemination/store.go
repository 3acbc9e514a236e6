package dissemination

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// The engine's tables (migration 0007_dissemination.sql) in portable SQL
// with ? placeholders, run on the store's pool or inside a newsroom
// transaction. Delivery times are unix milliseconds.

// querier is a *sql.DB or a *sql.Tx.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// sqlq runs queries written with ? on the store's dialect.
type sqlq struct {
	x  querier
	db *store.DB
}

func (e *Engine) q() sqlq             { return sqlq{e.db.SQL(), e.db} }
func (e *Engine) txq(tx *sql.Tx) sqlq { return sqlq{tx, e.db} }

func (q sqlq) exec(ctx context.Context, s string, args ...any) (sql.Result, error) {
	return q.x.ExecContext(ctx, q.db.Rebind(s), args...)
}

func (q sqlq) query(ctx context.Context, s string, args ...any) (*sql.Rows, error) {
	return q.x.QueryContext(ctx, q.db.Rebind(s), args...)
}

func (q sqlq) queryRow(ctx context.Context, s string, args ...any) *sql.Row {
	return q.x.QueryRowContext(ctx, q.db.Rebind(s), args...)
}

// strings reads one text column.
func (q sqlq) strings(ctx context.Context, s string, args ...any) ([]string, error) {
	rows, err := q.query(ctx, s, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// chosenChannels lists the enabled channels an article goes to: the
// editor's choice for the article where made, else its agency's default,
// else the channel's own.
func chosenChannels(ctx context.Context, q sqlq, articleID, agencyID string) ([]string, error) {
	return q.strings(ctx, `SELECT c.id FROM channels c
		LEFT JOIN article_channels ac ON ac.channel_id = c.id AND ac.article_id = ?
		LEFT JOIN agency_channels gc ON gc.channel_id = c.id AND gc.agency_id = ?
		WHERE c.removed_at IS NULL AND c.enabled = 1 AND COALESCE(ac.selected, gc.selected, c.is_default) = 1
		ORDER BY c.name`, articleID, agencyID)
}

// deliveredChannels lists the enabled channels an article went, or is
// going, to: those an update or a deletion must follow.
func deliveredChannels(ctx context.Context, q sqlq, articleID string) ([]string, error) {
	return q.strings(ctx, `SELECT DISTINCT d.channel_id FROM deliveries d JOIN channels c ON c.id = d.channel_id
		WHERE d.article_id = ? AND d.op = ? AND d.status IN (?, ?, ?, ?) AND c.removed_at IS NULL AND c.enabled = 1`,
		articleID, string(OpCreate), string(StatusQueued), string(StatusSending), string(StatusDelivered), string(StatusDryRun))
}

// insertDelivery queues one delivery unless the same (article, channel,
// version, op) exists, reporting whether it inserted.
func insertDelivery(ctx context.Context, q sqlq, articleID, channelID, version string, op Op, now int64) (string, bool, error) {
	id := warta.NewID()
	res, err := q.exec(ctx, `INSERT INTO deliveries (id, article_id, channel_id, version, op, status, next_attempt_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (article_id, channel_id, version, op) DO NOTHING`,
		id, articleID, channelID, version, string(op), string(StatusQueued), now, now, now)
	if err != nil {
		return "", false, err
	}
	n, err := res.RowsAffected()
	return id, n == 1, err
}

const deliverySelect = `SELECT d.id, d.article_id, d.channel_id, c.kind, c.name, d.version, d.op, d.status, d.attempts,
	d.remote_id, d.remote_url, d.steps, d.rendering, d.request_log, d.last_error, d.claimed_by, d.lease_until,
	d.next_attempt_at, d.created_at, d.updated_at, d.delivered_at
	FROM deliveries d JOIN channels c ON c.id = d.channel_id `

type scanner interface{ Scan(...any) error }

func scanDelivery(row scanner) (Delivery, error) {
	var d Delivery
	var op, status, steps, rendering, requests string
	var lease, delivered sql.NullInt64
	var next, created, updated int64
	err := row.Scan(&d.ID, &d.ArticleID, &d.Channel.ID, &d.Channel.Kind, &d.Channel.Name, &d.Version, &op, &status,
		&d.Attempts, &d.Remote.ID, &d.Remote.URL, &steps, &rendering, &requests, &d.LastError, &d.claimedBy, &lease,
		&next, &created, &updated, &delivered)
	if err != nil {
		return d, err
	}
	d.Op, d.Status = Op(op), Status(status)
	d.Steps = map[string]string{}
	if steps != "" {
		if err := json.Unmarshal([]byte(steps), &d.Steps); err != nil {
			return d, fmt.Errorf("delivery %s: steps: %w", d.ID, err)
		}
	}
	if rendering != "" {
		d.Rendering = &Rendering{}
		if err := json.Unmarshal([]byte(rendering), d.Rendering); err != nil {
			return d, fmt.Errorf("delivery %s: rendering: %w", d.ID, err)
		}
	}
	if requests != "" {
		if err := json.Unmarshal([]byte(requests), &d.Requests); err != nil {
			return d, fmt.Errorf("delivery %s: request log: %w", d.ID, err)
		}
	}
	d.leaseUntil = millis(lease)
	d.DeliveredAt = millis(delivered)
	d.NextAttemptAt = time.UnixMilli(next).UTC()
	d.CreatedAt = time.UnixMilli(created).UTC()
	d.UpdatedAt = time.UnixMilli(updated).UTC()
	return d, nil
}

func millis(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.UnixMilli(v.Int64).UTC()
}

func getDelivery(ctx context.Context, q sqlq, id string) (*Delivery, error) {
	d, err := scanDelivery(q.queryRow(ctx, deliverySelect+"WHERE d.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, warta.Errorf(warta.ENotFound, "Pengiriman tidak ditemukan.")
	} else if err != nil {
		return nil, fmt.Errorf("dissemination: get delivery %s: %w", id, err)
	}
	return &d, nil
}

func listDeliveries(ctx context.Context, q sqlq, f Filter) ([]Delivery, error) {
	var where []string
	var args []any
	if f.ArticleID != "" {
		where, args = append(where, "d.article_id = ?"), append(args, f.ArticleID)
	}
	if f.ChannelID != "" {
		where, args = append(where, "d.channel_id = ?"), append(args, f.ChannelID)
	}
	if f.Status != "" {
		where, args = append(where, "d.status = ?"), append(args, string(f.Status))
	}
	if f.Before != "" {
		where, args = append(where, "d.id < ?"), append(args, f.Before)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 500)
	s := deliverySelect
	if len(where) > 0 {
		s += "WHERE " + strings.Join(where, " AND ")
	}
	rows, err := q.query(ctx, s+fmt.Sprintf(" ORDER BY d.id DESC LIMIT %d", limit), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// createBefore returns the latest create delivery of d's article to d's
// channel made before d: the post an update or deletion acts on.
func createBefore(ctx context.Context, q sqlq, d *Delivery) (*Delivery, error) {
	c, err := scanDelivery(q.queryRow(ctx, deliverySelect+`WHERE d.article_id = ? AND d.channel_id = ? AND d.op = ? AND d.id < ?
		ORDER BY d.id DESC LIMIT 1`, d.ArticleID, d.Channel.ID, string(OpCreate), d.ID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return &c, err
}

// jsonText marshals v for a text column; nil and empty values are "".
func jsonText(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		return ""
	}
	return string(b)
}
