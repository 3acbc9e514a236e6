package newsletter

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"slices"
	"time"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// channelName is this channel's value in subscribers.channel.
const channelName = "email"

// Subscriber statuses.
const (
	statusPending      = "pending"
	statusActive       = "active"
	statusUnsubscribed = "unsubscribed"
)

// Digest choices.
const (
	DigestInstant = "instant"
	DigestDaily   = "daily"
)

// Time limits. A confirmation link works for confirmTTL; another sign-up
// for the same address within resendAfter sends no second email, so the
// form cannot be used to flood someone's inbox. Unconfirmed sign-ups are
// purged after confirmTTL and opt-outs after optOutKept (see migration
// 0008 for why they are kept at all).
const (
	confirmTTL  = 7 * 24 * time.Hour
	resendAfter = 10 * time.Minute
	optOutKept  = 30 * 24 * time.Hour
)

// subscriber is one email address and what it asked for.
type subscriber struct {
	ID          string
	Email       string
	Status      string
	Digest      string
	Regions     []string // region slugs; none = all
	Stages      []string // stage slugs; none = all
	Unsubscribe string   // the token in List-Unsubscribe links
	LastDigest  time.Time
}

// wants reports whether the subscriber asked for news like a. A region
// choice matches the article's regions, and province-wide news (for the
// whole province, or for no region in particular) concerns everyone. A
// stage choice must match one of the article's stages.
func (s *subscriber) wants(a *warta.Article) bool {
	regionOK := len(s.Regions) == 0 || len(a.Regions) == 0
	for _, r := range a.Regions {
		if r.Kind == warta.RegionProvinsi || slices.Contains(s.Regions, r.Slug) {
			regionOK = true
		}
	}
	stageOK := len(s.Stages) == 0
	for _, st := range a.Stages {
		if slices.Contains(s.Stages, st.Slug) {
			stageOK = true
		}
	}
	return regionOK && stageOK
}

// subscribers keeps the email rows of the shared subscribers table.
type subscribers struct {
	db *store.DB
}

func (st subscribers) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return st.db.SQL().ExecContext(ctx, st.db.Rebind(q), args...)
}

// active returns the active subscribers with the digest choice.
func (st subscribers) active(ctx context.Context, digest string) ([]*subscriber, error) {
	rows, err := st.db.SQL().QueryContext(ctx, st.db.Rebind(`SELECT s.id, s.address, s.unsubscribe_token, s.last_digest_at, i.kind, i.slug
		FROM subscribers s LEFT JOIN subscriber_interests i ON i.subscriber_id = s.id
		WHERE s.channel = ? AND s.status = ? AND s.digest = ? ORDER BY s.id`), channelName, statusActive, digest)
	if err != nil {
		return nil, fmt.Errorf("newsletter: list subscribers: %w", err)
	}
	defer rows.Close()
	var out []*subscriber
	for rows.Next() {
		var id, email, token string
		var last sql.NullInt64
		var kind, slug sql.NullString
		if err := rows.Scan(&id, &email, &token, &last, &kind, &slug); err != nil {
			return nil, fmt.Errorf("newsletter: list subscribers: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].ID != id {
			s := &subscriber{ID: id, Email: email, Status: statusActive, Digest: digest, Unsubscribe: token}
			if last.Valid {
				s.LastDigest = time.Unix(last.Int64, 0)
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

// request is a filled-in subscription form.
type request struct {
	Email   string
	Regions []string
	Stages  []string
	Digest  string
	Consent string
}

// signUp outcomes.
const (
	sendConfirmation = iota // a new or renewed sign-up: mail the link
	sendAlready             // the address is already subscribed: tell its owner
	sendNothing             // asked again too soon: the earlier email stands
)

// signUp records a sign-up awaiting confirmation. It returns what to mail
// and the token for it: the confirmation token, or for an active address
// its unsubscribe token. An active subscription is never changed from the
// form, since anyone can type anyone's address.
func (st subscribers) signUp(ctx context.Context, req request, now time.Time) (outcome int, token string, err error) {
	tx, err := st.db.SQL().BeginTx(ctx, nil)
	if err != nil {
		return 0, "", fmt.Errorf("newsletter: sign up: %w", err)
	}
	defer tx.Rollback()
	var id, status, unsub string
	var updated int64
	err = tx.QueryRowContext(ctx, st.db.Rebind(`SELECT id, status, unsubscribe_token, updated_at FROM subscribers
		WHERE channel = ? AND address = ?`), channelName, req.Email).Scan(&id, &status, &unsub, &updated)
	recent := err == nil && now.Sub(time.Unix(updated, 0)) < resendAfter
	confirm := newToken()
	switch {
	case err == sql.ErrNoRows:
		id, outcome = warta.NewID(), sendConfirmation
		_, err = tx.ExecContext(ctx, st.db.Rebind(`INSERT INTO subscribers (id, channel, address, status, digest, consent_text,
			consented_at, confirm_token_hash, unsubscribe_token, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
			id, channelName, req.Email, statusPending, req.Digest, req.Consent, now.Unix(), hashToken(confirm), newToken(), now.Unix(), now.Unix())
	case err != nil:
	case status == statusActive && recent:
		return sendNothing, "", nil
	case status == statusActive:
		_, err = tx.ExecContext(ctx, st.db.Rebind("UPDATE subscribers SET updated_at = ? WHERE id = ?"), now.Unix(), id)
		if err == nil {
			err = tx.Commit()
		}
		if err != nil {
			return 0, "", fmt.Errorf("newsletter: sign up: %w", err)
		}
		return sendAlready, unsub, nil
	case recent && status == statusPending:
		// Keep the link already mailed working; take the newer choices.
		outcome = sendNothing
		_, err = tx.ExecContext(ctx, st.db.Rebind(`UPDATE subscribers SET digest = ?, consent_text = ?, consented_at = ? WHERE id = ?`),
			req.Digest, req.Consent, now.Unix(), id)
	default:
		outcome = sendConfirmation
		_, err = tx.ExecContext(ctx, st.db.Rebind(`UPDATE subscribers SET status = ?, digest = ?, consent_text = ?, consented_at = ?,
			confirm_token_hash = ?, updated_at = ? WHERE id = ?`),
			statusPending, req.Digest, req.Consent, now.Unix(), hashToken(confirm), now.Unix(), id)
	}
	if err != nil {
		return 0, "", fmt.Errorf("newsletter: sign up: %w", err)
	}
	if err := setInterests(ctx, st.db, tx, id, req.Regions, req.Stages); err != nil {
		return 0, "", err
	}
	if err := tx.Commit(); err != nil {
		return 0, "", fmt.Errorf("newsletter: sign up: %w", err)
	}
	if outcome == sendNothing {
		return outcome, "", nil
	}
	return outcome, confirm, nil
}

func setInterests(ctx context.Context, db *store.DB, tx *sql.Tx, id string, regions, stages []string) error {
	if _, err := tx.ExecContext(ctx, db.Rebind("DELETE FROM subscriber_interests WHERE subscriber_id = ?"), id); err != nil {
		return fmt.Errorf("newsletter: interests: %w", err)
	}
	for kind, slugs := range map[string][]string{"region": regions, "stage": stages} {
		for _, slug := range slugs {
			if _, err := tx.ExecContext(ctx, db.Rebind("INSERT INTO subscriber_interests (subscriber_id, kind, slug) VALUES (?, ?, ?)"),
				id, kind, slug); err != nil {
				return fmt.Errorf("newsletter: interests: %w", err)
			}
		}
	}
	return nil
}

// confirm activates the sign-up whose link carried token; false when the
// token is unknown, used or expired.
func (st subscribers) confirm(ctx context.Context, token string, now time.Time) (bool, error) {
	res, err := st.exec(ctx, `UPDATE subscribers SET status = ?, confirm_token_hash = NULL, updated_at = ?
		WHERE channel = ? AND confirm_token_hash = ? AND status = ? AND updated_at >= ?`,
		statusActive, now.Unix(), channelName, hashToken(token), statusPending, now.Add(-confirmTTL).Unix())
	if err != nil {
		return false, fmt.Errorf("newsletter: confirm: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// byUnsubscribeToken returns the address and status for an unsubscribe
// token, or "" when the token is unknown.
func (st subscribers) byUnsubscribeToken(ctx context.Context, token string) (email, status string, err error) {
	if token == "" {
		return "", "", nil
	}
	err = st.db.SQL().QueryRowContext(ctx, st.db.Rebind(`SELECT address, status FROM subscribers
		WHERE channel = ? AND unsubscribe_token = ?`), channelName, token).Scan(&email, &status)
	if err == sql.ErrNoRows {
		return "", "", nil
	} else if err != nil {
		return "", "", fmt.Errorf("newsletter: unsubscribe: %w", err)
	}
	return email, status, nil
}

// unsubscribe opts out the address with the token and forgets its
// interests; false when the token is unknown. Repeating it is harmless.
func (st subscribers) unsubscribe(ctx context.Context, token string, now time.Time) (bool, error) {
	email, status, err := st.byUnsubscribeToken(ctx, token)
	if err != nil || email == "" {
		return false, err
	}
	if status == statusUnsubscribed {
		return true, nil
	}
	if _, err := st.exec(ctx, `DELETE FROM subscriber_interests WHERE subscriber_id IN
		(SELECT id FROM subscribers WHERE channel = ? AND unsubscribe_token = ?)`, channelName, token); err != nil {
		return false, fmt.Errorf("newsletter: unsubscribe: %w", err)
	}
	if _, err := st.exec(ctx, `UPDATE subscribers SET status = ?, confirm_token_hash = NULL, updated_at = ?
		WHERE channel = ? AND unsubscribe_token = ?`, statusUnsubscribed, now.Unix(), channelName, token); err != nil {
		return false, fmt.Errorf("newsletter: unsubscribe: %w", err)
	}
	return true, nil
}

// claimDigest marks the subscriber as sent the digest at now unless
// another run did so within the last 20 hours; false means skip. Claiming
// before sending makes a crash or a second node skip rather than repeat.
func (st subscribers) claimDigest(ctx context.Context, id string, now time.Time) (bool, error) {
	res, err := st.exec(ctx, `UPDATE subscribers SET last_digest_at = ? WHERE id = ? AND status = ?
		AND (last_digest_at IS NULL OR last_digest_at < ?)`, now.Unix(), id, statusActive, now.Add(-20*time.Hour).Unix())
	if err != nil {
		return false, fmt.Errorf("newsletter: digest: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// releaseDigest undoes a claim whose email could not be sent.
func (st subscribers) releaseDigest(ctx context.Context, id string, previous time.Time) {
	var prev any
	if !previous.IsZero() {
		prev = previous.Unix()
	}
	st.exec(ctx, "UPDATE subscribers SET last_digest_at = ? WHERE id = ?", prev, id)
}

// purge deletes unconfirmed sign-ups and old opt-outs.
func (st subscribers) purge(ctx context.Context, now time.Time) error {
	if _, err := st.exec(ctx, "DELETE FROM subscribers WHERE channel = ? AND status = ? AND updated_at < ?",
		channelName, statusPending, now.Add(-confirmTTL).Unix()); err != nil {
		return fmt.Errorf("newsletter: purge: %w", err)
	}
	if _, err := st.exec(ctx, "DELETE FROM subscribers WHERE channel = ? AND status = ? AND updated_at < ?",
		channelName, statusUnsubscribed, now.Add(-optOutKept).Unix()); err != nil {
		return fmt.Errorf("newsletter: purge: %w", err)
	}
	return nil
}

// newToken returns 32 random bytes, URL-safe.
func newToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}
