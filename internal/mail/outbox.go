package mail

import (
	"context"
	"fmt"
	"time"

	"github.com/kominfo-jatim/warta/internal/store"
)

// Outbox keeps mail in the database instead of sending it.
type Outbox struct {
	db  *store.DB
	now func() time.Time
}

// NewOutbox returns the outbox stored in db.
func NewOutbox(db *store.DB) *Outbox { return &Outbox{db: db, now: time.Now} }

// Send stores m in the outbox.
func (o *Outbox) Send(ctx context.Context, m Message) error {
	to, err := m.validate()
	if err != nil {
		return err
	}
	om := &store.OutboxMail{To: to.Address, Subject: m.Subject, Text: m.Text, HTML: m.HTML, Headers: m.Headers, CreatedAt: o.now()}
	if err := o.db.AddOutboxMail(ctx, om); err != nil {
		return fmt.Errorf("mail: outbox: %w", err)
	}
	return nil
}

// List returns the newest limit messages, newest first.
func (o *Outbox) List(ctx context.Context, limit int) ([]store.OutboxMail, error) {
	return o.db.OutboxMails(ctx, limit)
}

// Get returns one message, or an ENotFound error.
func (o *Outbox) Get(ctx context.Context, id string) (*store.OutboxMail, error) {
	return o.db.OutboxMail(ctx, id)
}
