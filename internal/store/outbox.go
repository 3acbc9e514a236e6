package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// outboxEntropy makes outbox ids strictly increasing within a process, so
// two messages written in the same millisecond still list in order.
var (
	outboxMu      sync.Mutex
	outboxEntropy = ulid.Monotonic(rand.Reader, 0)
)

func outboxID() string {
	outboxMu.Lock()
	defer outboxMu.Unlock()
	return ulid.MustNew(ulid.Timestamp(time.Now()), outboxEntropy).String()
}

// OutboxMail is one message kept in the local outbox.
type OutboxMail struct {
	ID        string
	To        string
	Subject   string
	Text      string
	HTML      string
	Headers   map[string]string
	CreatedAt time.Time
	SentAt    time.Time // zero: not handed to a mail server
	Error     string    // last delivery error, if any
}

// AddOutboxMail stores m, filling in its ID.
func (db *DB) AddOutboxMail(ctx context.Context, m *OutboxMail) error {
	headers, err := json.Marshal(m.Headers)
	if err != nil {
		return fmt.Errorf("store: outbox: %w", err)
	}
	if m.Headers == nil {
		headers = []byte("{}")
	}
	m.ID = outboxID()
	_, err = db.exec(ctx, `INSERT INTO outbox (id, to_addr, subject, body_text, body_html, headers, created_at, sent_at, error)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.ID, m.To, m.Subject, m.Text, m.HTML, string(headers),
		m.CreatedAt.Unix(), nullTime(m.SentAt), m.Error)
	if err != nil {
		return fmt.Errorf("store: outbox: %w", err)
	}
	return nil
}

const outboxColumns = "id, to_addr, subject, body_text, body_html, headers, created_at, sent_at, error"

func scanOutboxMail(row interface{ Scan(...any) error }) (*OutboxMail, error) {
	var m OutboxMail
	var headers string
	var created int64
	var sent sql.NullInt64
	if err := row.Scan(&m.ID, &m.To, &m.Subject, &m.Text, &m.HTML, &headers, &created, &sent, &m.Error); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(headers), &m.Headers); err != nil {
		return nil, fmt.Errorf("store: outbox %s: headers: %w", m.ID, err)
	}
	m.CreatedAt, m.SentAt = time.Unix(created, 0).UTC(), fromNullUnix(sent)
	return &m, nil
}

// OutboxMails lists the newest limit messages of the outbox, newest first.
func (db *DB) OutboxMails(ctx context.Context, limit int) ([]OutboxMail, error) {
	rows, err := db.query(ctx, "SELECT "+outboxColumns+" FROM outbox ORDER BY created_at DESC, id DESC LIMIT ?", limit)
	if err != nil {
		return nil, fmt.Errorf("store: list outbox: %w", err)
	}
	defer rows.Close()
	var out []OutboxMail
	for rows.Next() {
		m, err := scanOutboxMail(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *m)
	}
	return out, rows.Err()
}

// OutboxMail returns one message of the outbox, or ENotFound.
func (db *DB) OutboxMail(ctx context.Context, id string) (*OutboxMail, error) {
	m, err := scanOutboxMail(db.queryRow(ctx, "SELECT "+outboxColumns+" FROM outbox WHERE id = ?", id))
	if err == sql.ErrNoRows {
		return nil, warta.Errorf(warta.ENotFound, "Surat tidak ditemukan di kotak keluar.")
	} else if err != nil {
		return nil, fmt.Errorf("store: outbox %s: %w", id, err)
	}
	return m, nil
}
