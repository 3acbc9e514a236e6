package activitypub

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"database/sql"
	"encoding/pem"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The actor's tables (migration 0009_activitypub.sql), in portable SQL with
// ? placeholders rewritten by store.DB.Rebind.

// Follower is a remote actor following the site.
type Follower struct {
	ActorID     string
	Inbox       string
	SharedInbox string
	FollowID    string
	CreatedAt   time.Time
}

func (a *Actor) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return a.cfg.DB.SQL().ExecContext(ctx, a.cfg.DB.Rebind(q), args...)
}

func (a *Actor) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return a.cfg.DB.SQL().QueryRowContext(ctx, a.cfg.DB.Rebind(q), args...)
}

// loadKey reads the actor's key pair, generating and storing one on first
// start. Nodes starting together race on the insert; every node then reads
// the one row that won.
func (a *Actor) loadKey(ctx context.Context) error {
	var pubPEM, privPEM string
	var sealed int
	var created int64
	read := func() error {
		return a.queryRow(ctx, `SELECT public_pem, private_pem, sealed, created_at FROM activitypub_keys WHERE id = 'main'`).
			Scan(&pubPEM, &privPEM, &sealed, &created)
	}
	err := read()
	if errors.Is(err, sql.ErrNoRows) {
		if err := a.createKey(ctx); err != nil {
			return err
		}
		err = read()
	}
	if err != nil {
		return fmt.Errorf("activitypub: read key: %w", err)
	}
	der := []byte(privPEM)
	if sealed == 1 {
		if a.cfg.Open == nil {
			return errors.New("activitypub: the actor's private key is sealed but no secret key is configured")
		}
		if der, err = a.cfg.Open(privPEM); err != nil {
			return fmt.Errorf("activitypub: unseal private key: %w", err)
		}
	}
	block, _ := pem.Decode(der)
	if block == nil {
		return errors.New("activitypub: stored private key is not PEM")
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return fmt.Errorf("activitypub: parse private key: %w", err)
	}
	priv, ok := k.(*rsa.PrivateKey)
	if !ok {
		return errors.New("activitypub: stored private key is not RSA")
	}
	a.key, a.publicPEM, a.keyCreated = priv, pubPEM, time.Unix(created, 0).UTC()
	return nil
}

func (a *Actor) createKey(ctx context.Context) error {
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return fmt.Errorf("activitypub: generate key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return err
	}
	pubDER, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	if err != nil {
		return err
	}
	privPEM := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	pubPEM := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}))
	sealed := 0
	if a.cfg.Seal != nil {
		if privPEM, err = a.cfg.Seal([]byte(privPEM)); err != nil {
			return fmt.Errorf("activitypub: seal private key: %w", err)
		}
		sealed = 1
	}
	_, err = a.exec(ctx, `INSERT INTO activitypub_keys (id, public_pem, private_pem, sealed, created_at)
		VALUES ('main', ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`, pubPEM, privPEM, sealed, a.now().Unix())
	if err != nil {
		return fmt.Errorf("activitypub: store key: %w", err)
	}
	return nil
}

// saveFollower records f, replacing an earlier follow by the same actor.
func (a *Actor) saveFollower(ctx context.Context, f *Follower) error {
	_, err := a.exec(ctx, `INSERT INTO activitypub_followers (actor_id, inbox, shared_inbox, follow_id, created_at)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (actor_id) DO UPDATE SET inbox = excluded.inbox, shared_inbox = excluded.shared_inbox,
			follow_id = excluded.follow_id`,
		f.ActorID, f.Inbox, f.SharedInbox, f.FollowID, f.CreatedAt.Unix())
	if err != nil {
		return fmt.Errorf("activitypub: save follower %s: %w", f.ActorID, err)
	}
	return nil
}

// removeFollower deletes actorID's follow; when followID is not empty, only
// if it is that Follow.
func (a *Actor) removeFollower(ctx context.Context, actorID, followID string) (bool, error) {
	q, args := `DELETE FROM activitypub_followers WHERE actor_id = ?`, []any{actorID}
	if followID != "" {
		q, args = q+` AND follow_id = ?`, append(args, followID)
	}
	res, err := a.exec(ctx, q, args...)
	if err != nil {
		return false, fmt.Errorf("activitypub: remove follower %s: %w", actorID, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// removeInbox deletes every follower reached through inbox, which answered
// 410 Gone.
func (a *Actor) removeInbox(ctx context.Context, inbox string) error {
	_, err := a.exec(ctx, `DELETE FROM activitypub_followers WHERE inbox = ? OR shared_inbox = ?`, inbox, inbox)
	if err != nil {
		return fmt.Errorf("activitypub: remove inbox %s: %w", inbox, err)
	}
	return nil
}

// Followers lists the site's followers, oldest first.
func (a *Actor) Followers(ctx context.Context) ([]Follower, error) {
	rows, err := a.cfg.DB.SQL().QueryContext(ctx, `SELECT actor_id, inbox, shared_inbox, follow_id, created_at
		FROM activitypub_followers ORDER BY created_at, actor_id`)
	if err != nil {
		return nil, fmt.Errorf("activitypub: list followers: %w", err)
	}
	defer rows.Close()
	var out []Follower
	for rows.Next() {
		var f Follower
		var created int64
		if err := rows.Scan(&f.ActorID, &f.Inbox, &f.SharedInbox, &f.FollowID, &created); err != nil {
			return nil, err
		}
		f.CreatedAt = time.Unix(created, 0).UTC()
		out = append(out, f)
	}
	return out, rows.Err()
}

// inboxes lists the distinct inboxes that reach every follower: a server's
// shared inbox once for all its followers, the personal inbox otherwise.
func (a *Actor) inboxes(ctx context.Context) ([]string, error) {
	rows, err := a.cfg.DB.SQL().QueryContext(ctx, `SELECT DISTINCT
		CASE WHEN shared_inbox <> '' THEN shared_inbox ELSE inbox END AS target
		FROM activitypub_followers ORDER BY target`)
	if err != nil {
		return nil, fmt.Errorf("activitypub: list inboxes: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func (a *Actor) count(ctx context.Context, q string) (int, error) {
	var n int
	if err := a.queryRow(ctx, q).Scan(&n); err != nil {
		return 0, fmt.Errorf("activitypub: count: %w", err)
	}
	return n, nil
}

// storedObject is an article's object as last delivered.
type storedObject struct {
	ArticleID string
	JSON      string
	Published time.Time
	Deleted   bool
}

// saveObject records the object delivered for an article; deleted marks it
// a Tombstone.
func (a *Actor) saveObject(ctx context.Context, articleID, objectID, body string, published time.Time, deleted bool) error {
	var deletedAt any
	if deleted {
		deletedAt = a.now().Unix()
	}
	_, err := a.exec(ctx, `INSERT INTO activitypub_objects (article_id, object_id, object, published_at, deleted_at)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (article_id) DO UPDATE SET object = excluded.object, published_at = excluded.published_at,
			deleted_at = excluded.deleted_at`,
		articleID, objectID, body, published.Unix(), deletedAt)
	if err != nil {
		return fmt.Errorf("activitypub: save object for article %s: %w", articleID, err)
	}
	return nil
}

// object returns the stored object for an article, or nil.
func (a *Actor) object(ctx context.Context, articleID string) (*storedObject, error) {
	o := &storedObject{ArticleID: articleID}
	var published int64
	var deleted sql.NullInt64
	err := a.queryRow(ctx, `SELECT object, published_at, deleted_at FROM activitypub_objects WHERE article_id = ?`, articleID).
		Scan(&o.JSON, &published, &deleted)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("activitypub: read object %s: %w", articleID, err)
	}
	o.Published, o.Deleted = time.Unix(published, 0).UTC(), deleted.Valid
	return o, nil
}

// outboxPage lists live objects newest first, after the cursor when one is
// given. The cursor is "unix-seconds.article-id" of the last item seen, so
// paging is one index range on both databases.
func (a *Actor) outboxPage(ctx context.Context, cursor string, limit int) ([]storedObject, error) {
	q := `SELECT article_id, object, published_at FROM activitypub_objects WHERE deleted_at IS NULL`
	var args []any
	if cursor != "" {
		at, id, err := parseCursor(cursor)
		if err != nil {
			return nil, err
		}
		q += ` AND (published_at < ? OR (published_at = ? AND article_id < ?))`
		args = append(args, at, at, id)
	}
	q += ` ORDER BY published_at DESC, article_id DESC LIMIT ?`
	args = append(args, limit)
	rows, err := a.cfg.DB.SQL().QueryContext(ctx, a.cfg.DB.Rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("activitypub: outbox: %w", err)
	}
	defer rows.Close()
	var out []storedObject
	for rows.Next() {
		var o storedObject
		var published int64
		if err := rows.Scan(&o.ArticleID, &o.JSON, &published); err != nil {
			return nil, err
		}
		o.Published = time.Unix(published, 0).UTC()
		out = append(out, o)
	}
	return out, rows.Err()
}

var errBadCursor = errors.New("activitypub: bad outbox cursor")

func cursorOf(o storedObject) string {
	return strconv.FormatInt(o.Published.Unix(), 10) + "." + o.ArticleID
}

func parseCursor(s string) (int64, string, error) {
	at, id, ok := strings.Cut(s, ".")
	n, err := strconv.ParseInt(at, 10, 64)
	if !ok || err != nil || id == "" {
		return 0, "", errBadCursor
	}
	return n, id, nil
}
