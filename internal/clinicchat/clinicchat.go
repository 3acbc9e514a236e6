// Package clinicchat is the hoax clinic's chat doors. Messages people send
// to the WhatsApp business number (through the dissemination WhatsApp
// webhook) and to the Telegram bot (through its own webhook) become clinic
// reports, answered in the same chat at once; the repliers send later
// answers, such as a published verdict, back on those channels.
//
// A chat report carries the sender's number or chat id so that it can be
// answered: sending it is the consent, and every answer repeats what is
// kept, for how long and the person's rights (UU PDP 27/2022).
package clinicchat

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// Submitter takes in reports; *clinic.Service is one.
type Submitter interface {
	Submit(ctx context.Context, in clinic.Submission) (*clinic.Receipt, error)
}

// DefaultMaxImage bounds a screenshot downloaded from a chat: WhatsApp
// accepts images up to 5 MB, and Telegram compresses photos well below.
const DefaultMaxImage = 5 << 20

// Config assembles a Chat.
type Config struct {
	Clinic Submitter
	// Telegram returns the Telegram channel with its secrets decrypted
	// (bot_token, webhook_secret), or nil when none is configured.
	Telegram ChannelFunc
	// HTTP reaches the Telegram Bot API; http.DefaultClient when nil.
	// WhatsApp media comes through the webhook's own client.
	HTTP     dissemination.Sender
	SiteName string // "Warta Jatim"
	// PrivacyURL is the page that explains reporters' rights and how to use
	// them (the clinic's page); named in the consent text when set.
	PrivacyURL string
	// Retention is how long contact data is kept after the reporter's last
	// report (clinic.Config.Retention); 90 days when zero.
	Retention time.Duration
	MaxImage  int64 // DefaultMaxImage when zero
	Now       func() time.Time
	Logger    *slog.Logger
}

// Chat turns chat messages into clinic reports.
type Chat struct {
	cfg Config
}

// New returns the chat doors for cfg.
func New(cfg Config) *Chat {
	if cfg.HTTP == nil {
		cfg.HTTP = http.DefaultClient
	}
	if cfg.SiteName == "" {
		cfg.SiteName = "Warta"
	}
	if cfg.Retention <= 0 {
		cfg.Retention = 90 * 24 * time.Hour
	}
	if cfg.MaxImage <= 0 {
		cfg.MaxImage = DefaultMaxImage
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Chat{cfg: cfg}
}

// submit hands a report to the clinic and returns the answer for the
// chat: the receipt's reply with the consent note, nothing for a report
// seen before (it was answered then), or the clinic's explanation when
// the report itself is at fault. Any other failure is returned, so that
// the platform delivers the message again.
func (c *Chat) submit(ctx context.Context, sub clinic.Submission) (string, error) {
	rc, err := c.cfg.Clinic.Submit(ctx, sub)
	if err != nil {
		if code := warta.ErrorCode(err); code == warta.EInternal || code == warta.EConflict {
			return "", fmt.Errorf("clinicchat: submit %s %s: %w", sub.Channel, sub.ExternalID, err)
		}
		return "Maaf, laporan Anda belum dapat kami terima. " + warta.ErrorMessage(err), nil
	}
	if rc.Repeat {
		return "", nil
	}
	c.cfg.Logger.Info("clinicchat: report", "channel", sub.Channel, "ticket", rc.Ticket, "decision", rc.Decision)
	return rc.Reply + "\n\n" + sub.ConsentText, nil
}

// retryable reports whether a failure to fetch media may pass on its own.
// Errors that are not a connector's classified errors (transport
// failures) count as retryable.
func retryable(err error) bool {
	var de *dissemination.Error
	if errors.As(err, &de) {
		return de.Retryable
	}
	return true
}
