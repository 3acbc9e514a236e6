// Package dissemination delivers published articles to every channel chosen
// for them — Telegram, Instagram, Facebook, X, Mastodon, WhatsApp, the
// fediverse, email, partner webhooks, WebSub — once per article version and
// channel, durably, and tells the editor what happened.
//
// Each channel kind is a Connector. The engine (engine.go) owns storage,
// scheduling, retries and idempotency; a connector only renders an article
// within its channel's limits and speaks its channel's API through the
// Sender it is given, so that dry runs and tests see exactly the requests
// the official API would receive.
package dissemination

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Op is what a delivery does to the channel's copy of an article.
type Op string

// Operations: a new article, a correction or update, an unpublication.
const (
	OpCreate Op = "create"
	OpUpdate Op = "update"
	OpDelete Op = "delete"
)

// Channel is one configured destination: a kind plus its settings.
// Settings are plain (ids, api_base, limits); Secrets are tokens and keys,
// encrypted at rest by the engine and decrypted only for a delivery.
type Channel struct {
	ID       string
	Kind     string // "telegram", "instagram", "facebook", "x", "mastodon", "whatsapp", "activitypub", "email", "webhook", "websub"
	Name     string
	Settings map[string]string
	Secrets  map[string]string
	Enabled  bool
	// Default marks channels every new article goes to unless the editor
	// deselects them.
	Default bool
}

// Setting returns a setting or def when it is empty.
func (c *Channel) Setting(key, def string) string {
	if v := c.Settings[key]; v != "" {
		return v
	}
	return def
}

// Site is what connectors need to know about the portal.
type Site struct {
	Name    string
	BaseURL string
}

// Item is one article version to deliver, with everything a connector may
// need already resolved.
type Item struct {
	Op      Op
	Article *warta.Article
	URL     string // absolute article URL
	// ImageURL is the absolute URL of a JPEG suited to the channel (the lead
	// image, or the 1080×1350 share card for Instagram); empty when none.
	ImageURL string
	// CardURL is the absolute URL of the 1080×1350 share card.
	CardURL string
	// Version identifies the article version: one delivery per (version,
	// channel). It is also the base of idempotency keys.
	Version string
	// Remote is what an earlier delivery of this article to this channel
	// recorded (the channel's post id), for updates and deletes.
	Remote *Remote
	Site   Site
}

// IdempotencyKey is a stable key for this item on this channel, for APIs
// that accept one (Mastodon's Idempotency-Key).
func (it *Item) IdempotencyKey(ch *Channel) string {
	return fmt.Sprintf("warta-%s-%s-%s-%s", ch.ID, it.Article.ID, it.Version, it.Op)
}

// Remote is the channel's record of a delivered post.
type Remote struct {
	ID  string // post, message or status id
	URL string // public URL of the post, when the API gives one
}

// Rendering is a connector's preview of what it will send: shown in the
// studio before publishing and stored with each delivery.
type Rendering struct {
	Text     string // the message exactly as it will be posted
	Length   int    // in the channel's own counting (X weighs URLs as 23)
	Limit    int
	ImageURL string
	Warnings []string // in Indonesian, e.g. "Teks dipotong agar muat 280 karakter."
}

// Progress lets a two-step delivery record its intermediate state before
// the second step, so that a retry after a crash resumes instead of
// posting twice (Instagram's container id).
type Progress interface {
	// Step returns what was saved under key by an earlier attempt, or "".
	Step(key string) string
	// SaveStep durably records value under key before the caller goes on.
	SaveStep(ctx context.Context, key, value string) error
}

// Sender performs HTTP requests for a connector. In a dry run it records
// the request and answers with a stand-in response instead of sending.
type Sender interface {
	Do(req *http.Request) (*http.Response, error)
}

// Connector is one channel kind.
type Connector interface {
	// Kind is the channel kind this connector serves.
	Kind() string
	// Render returns what Deliver would post for the item, within the
	// channel's limits. It makes no network calls.
	Render(ch *Channel, it *Item) (Rendering, error)
	// Deliver creates, updates or deletes the channel's copy of the item.
	// It returns the channel's record of the post. Errors are *Error.
	Deliver(ctx context.Context, ch *Channel, it *Item, s Sender, p Progress) (*Remote, error)
	// Check verifies credentials and settings with a harmless API call
	// (warta channel test).
	Check(ctx context.Context, ch *Channel, s Sender) error
	// Required lists the settings and secrets a working channel needs;
	// without the secrets, the channel runs dry.
	Required() (settings, secrets []string)
}

// Error is a failed delivery with a message an editor can act on and
// whether trying again can help.
type Error struct {
	Retryable  bool
	RetryAfter time.Duration // from Retry-After or rate-limit headers; 0 means use backoff
	Message    string        // Indonesian, for the editor: what happened and what to fix
	Err        error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Temporary returns a retryable error.
func Temporary(msg string, err error, retryAfter time.Duration) *Error {
	return &Error{Retryable: true, RetryAfter: retryAfter, Message: msg, Err: err}
}

// Permanent returns an error that retrying cannot fix.
func Permanent(msg string, err error) *Error {
	return &Error{Message: msg, Err: err}
}

// AsError returns err as *Error; unknown errors (network failures) count as
// temporary.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Temporary("Gangguan jaringan saat menghubungi kanal; akan dicoba lagi.", err, 0)
}

// Registry holds the connectors by kind.
type Registry map[string]Connector

// Register adds connectors.
func (r Registry) Register(cs ...Connector) {
	for _, c := range cs {
		r[c.Kind()] = c
	}
}
