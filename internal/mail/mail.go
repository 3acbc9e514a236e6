// Package mail sends Warta's email: password resets now, newsletters later.
// Senders sit behind one small interface. With an SMTP server configured,
// mail goes out through it; without one, it lands in the local outbox, a
// database table that admins read in the studio, so a fresh install can
// reset passwords before anyone has set up mail.
package mail

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// Message is one email to one recipient. Text is required; HTML, when set,
// is sent as the alternative for mail programs that show it. Headers adds
// fields such as List-Unsubscribe.
type Message struct {
	To      string
	Subject string
	Text    string
	HTML    string
	Headers map[string]string
}

// Sender delivers messages.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// Config selects and sets up the sender.
type Config struct {
	// Host is the SMTP server, "host" or "host:port" (port 587 when
	// omitted; port 465 means TLS from the first byte). Empty selects the
	// local outbox.
	Host     string
	Username string
	Password string
	From     string // "Warta Jatim <warta@jatimprov.go.id>"
	// TLS overrides the TLS settings, e.g. to trust a private CA.
	TLS     *tls.Config
	Timeout time.Duration // per message; 30 s when zero
}

// New returns an SMTP sender when a host is configured, else the outbox in db.
func New(cfg Config, db *store.DB) (Sender, error) {
	if cfg.Host == "" {
		return NewOutbox(db), nil
	}
	return NewSMTP(cfg)
}

// validate refuses messages that would break the header block: an invalid
// recipient, or a line break smuggled into a header.
func (m Message) validate() (*mail.Address, error) {
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return nil, &warta.Error{Code: warta.EInvalid, Message: "Alamat email penerima tidak valid.", Field: "to"}
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return nil, &warta.Error{Code: warta.EInvalid, Message: "Subjek email tidak boleh berisi baris baru.", Field: "subject"}
	}
	for k, v := range m.Headers {
		if k == "" || strings.ContainsAny(k, ": \t\r\n") || strings.ContainsAny(v, "\r\n") {
			return nil, fmt.Errorf("mail: invalid header %q", k)
		}
	}
	return to, nil
}
