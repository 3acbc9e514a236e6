package whatsapp

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"fmt"
	"slices"
	"time"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// channelName is this channel's value in subscribers.channel.
const channelName = "whatsapp"

// Subscriber statuses.
const (
	statusActive       = "active"
	statusUnsubscribed = "unsubscribed"
)

// Retention of personal data (see migration 0008): opted-out numbers are
// deleted after optOutKept, handled message ids after inboundKept — the
// longest Meta retries a notification.
const (
	optOutKept  = 30 * 24 * time.Hour
	inboundKept = 7 * 24 * time.Hour
)

// subscriber is one WhatsApp number that opted in.
type subscriber struct {
	ID          string
	Phone       string // E.164, "+6281…"
	Status      string
	Regions     []string // region slugs; none = every region
	Stages      []string // stage slugs; none = every stage
	LastInbound time.Time
}

// wants reports whether the subscriber asked for news like a. A region
// choice matches the article's regions, and province-wide news (an article
// for the whole province or for no region in particular) concerns everyone.
// A stage choice must match one of the article's stages.
func (s *subscriber) wants(a *warta.Article) bool {
	return wants(s.Regions, s.Stages, a)
}

func wants(regions, stages []string, a *warta.Article) bool {
	regionOK := len(regions) == 0 || len(a.Regions) == 0
	for _, r := range a.Regions {
		if r.Kind == warta.RegionProvinsi || slices.Contains(regions, r.Slug) {
			regionOK = true
		}
	}
	stageOK := len(stages) == 0
	for _, s := range a.Stages {
		if slices.Contains(stages, s.Slug) {
			stageOK = true
		}
	}
	return regionOK && stageOK
}

// subscribers keeps the WhatsApp rows of the shared subscribers table.
type subscribers struct {
	db *store.DB
}

func (st subscribers) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return st.db.SQL().ExecContext(ctx, st.db.Rebind(q), args...)
}

// active returns every active subscriber with their interests.
func (st subscribers) active(ctx context.Context) ([]*subscriber, error) {
	rows, err := st.db.SQL().QueryContext(ctx, st.db.Rebind(`SELECT s.id, s.address, s.last_inbound_at, i.kind, i.slug
		FROM subscribers s LEFT JOIN subscriber_interests i ON i.subscriber_id = s.id
		WHERE s.channel = ? AND s.status = ? ORDER BY s.id`), channelName, statusActive)
	if err != nil {
		return nil, fmt.Errorf("whatsapp: list subscribers: %w", err)
	}
	defer rows.Close()
	var out []*subscriber
	for rows.Next() {
		var id, phone string
		var last sql.NullInt64
		var kind, slug sql.NullString
		if err := rows.Scan(&id, &phone, &last, &kind, &slug); err != nil {
			return nil, fmt.Errorf("whatsapp: list subscribers: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].ID != id {
			s := &subscriber{ID: id, Phone: phone, Status: statusActive}
			if last.Valid {
				s.LastInbound = time.Unix(last.Int64, 0)
			}
			out = append(out, s)
		}
		s := out[len(out)-1]
		switch kind.String {
		case "region":
			s.Regions = append(s.Regions, slug.String)
		case "stage":
			s.Stages = append(s.Stages, slug.String)
		}
	}
	return out, rows.Err()
}

// byPhone returns the subscriber with the number, or nil.
func (st subscribers) byPhone(ctx context.Context, phone string) (*subscriber, error) {
	s := &subscriber{Phone: phone}
	var last sql.NullInt64
	err := st.db.SQL().QueryRowContext(ctx, st.db.Rebind(`SELECT id, status, last_inbound_at FROM subscribers
		WHERE channel = ? AND address = ?`), channelName, phone).Scan(&s.ID, &s.Status, &last)
	if err == sql.ErrNoRows {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("whatsapp: subscriber: %w", err)
	}
	if last.Valid {
		s.LastInbound = time.Unix(last.Int64, 0)
	}
	rows, err := st.db.SQL().QueryContext(ctx, st.db.Rebind(`SELECT slug FROM subscriber_interests
		WHERE subscriber_id = ? AND kind = 'region' ORDER BY slug`), s.ID)
	if err != nil {
		return nil, fmt.Errorf("whatsapp: subscriber: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var slug string
		if err := rows.Scan(&slug); err != nil {
			return nil, err
		}
		s.Regions = append(s.Regions, slug)
	}
	return s, rows.Err()
}

// subscribe makes the number an active subscriber for the regions (none:
// all), recording the consent; it reports whether the number was already
// active.
func (st subscribers) subscribe(ctx context.Context, phone string, regions []string, consent string, at time.Time) (wasActive bool, err error) {
	tx, err := st.db.SQL().BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("whatsapp: subscribe: %w", err)
	}
	defer tx.Rollback()
	var id, status string
	err = tx.QueryRowContext(ctx, st.db.Rebind("SELECT id, status FROM subscribers WHERE channel = ? AND address = ?"),
		channelName, phone).Scan(&id, &status)
	switch {
	case err == sql.ErrNoRows:
		id = warta.NewID()
		_, err = tx.ExecContext(ctx, st.db.Rebind(`INSERT INTO subscribers (id, channel, address, status, digest, consent_text,
			consented_at, unsubscribe_token, last_inbound_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'instant', ?, ?, ?, ?, ?, ?)`),
			id, channelName, phone, statusActive, consent, at.Unix(), randomToken(), at.Unix(), at.Unix(), at.Unix())
	case err == nil:
		_, err = tx.ExecContext(ctx, st.db.Rebind(`UPDATE subscribers SET status = ?, consent_text = ?, consented_at = ?,
			last_inbound_at = ?, updated_at = ? WHERE id = ?`), statusActive, consent, at.Unix(), at.Unix(), at.Unix(), id)
	}
	if err != nil {
		return false, fmt.Errorf("whatsapp: subscribe: %w", err)
	}
	if _, err := tx.ExecContext(ctx, st.db.Rebind("DELETE FROM subscriber_interests WHERE subscriber_id = ?"), id); err != nil {
		return false, fmt.Errorf("whatsapp: subscribe: %w", err)
	}
	for _, slug := range regions {
		if _, err := tx.ExecContext(ctx, st.db.Rebind("INSERT INTO subscriber_interests (subscriber_id, kind, slug) VALUES (?, 'region', ?)"),
			id, slug); err != nil {
			return false, fmt.Errorf("whatsapp: subscribe: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("whatsapp: subscribe: %w", err)
	}
	return status == statusActive, nil
}

// unsubscribe opts the number out and forgets its interests; it reports
// whether the number was subscribed.
func (st subscribers) unsubscribe(ctx context.Context, phone string, at time.Time) (bool, error) {
	s, err := st.byPhone(ctx, phone)
	if err != nil || s == nil {
		return false, err
	}
	if _, err := st.exec(ctx, "DELETE FROM subscriber_interests WHERE subscriber_id = ?", s.ID); err != nil {
		return false, fmt.Errorf("whatsapp: unsubscribe: %w", err)
	}
	if _, err := st.exec(ctx, `UPDATE subscribers SET status = ?, last_inbound_at = ?, updated_at = ? WHERE id = ?`,
		statusUnsubscribed, at.Unix(), at.Unix(), s.ID); err != nil {
		return false, fmt.Errorf("whatsapp: unsubscribe: %w", err)
	}
	return s.Status == statusActive, nil
}

// touch records that the number wrote to us at at, opening the 24-hour
// window. Numbers that never subscribed are not stored.
func (st subscribers) touch(ctx context.Context, phone string, at time.Time) error {
	_, err := st.exec(ctx, `UPDATE subscribers SET last_inbound_at = ? WHERE channel = ? AND address = ?
		AND (last_inbound_at IS NULL OR last_inbound_at < ?)`, at.Unix(), channelName, phone, at.Unix())
	if err != nil {
		return fmt.Errorf("whatsapp: record inbound: %w", err)
	}
	return nil
}

// claim records a message id as handled; false means it was already.
func (st subscribers) claim(ctx context.Context, id string, at time.Time) (bool, error) {
	res, err := st.exec(ctx, "INSERT INTO whatsapp_inbound (message_id, received_at) VALUES (?, ?) ON CONFLICT (message_id) DO NOTHING",
		id, at.Unix())
	if err != nil {
		return false, fmt.Errorf("whatsapp: claim message: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// unclaim forgets a message id whose handling failed, so Meta's retry is
// handled again.
func (st subscribers) unclaim(ctx context.Context, id string) {
	st.exec(ctx, "DELETE FROM whatsapp_inbound WHERE message_id = ?", id)
}

// Purge deletes what Warta no longer needs: numbers that opted out more
// than 30 days ago and handled message ids older than 7 days. Run it daily.
func Purge(ctx context.Context, db *store.DB, now time.Time) error {
	st := subscribers{db}
	if _, err := st.exec(ctx, "DELETE FROM subscribers WHERE channel = ? AND status = ? AND updated_at < ?",
		channelName, statusUnsubscribed, now.Add(-optOutKept).Unix()); err != nil {
		return fmt.Errorf("whatsapp: purge: %w", err)
	}
	if _, err := st.exec(ctx, "DELETE FROM whatsapp_inbound WHERE received_at < ?", now.Add(-inboundKept).Unix()); err != nil {
		return fmt.Errorf("whatsapp: purge: %w", err)
	}
	return nil
}

func randomToken() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
