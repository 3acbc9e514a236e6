// Package activitypub makes the site one ActivityPub actor that anyone on
// the fediverse can follow: WebFinger, the actor document with its public
// key, the outbox, the followers collection, and an inbox that accepts
// Follow and Undo signed with HTTP Signatures. As a dissemination connector
// it delivers each article as a Create of a Note, corrections as Update and
// unpublishing as Delete with a Tombstone, signed, once to every follower's
// shared inbox.
//
// Why a Note and not an Article: Mastodon, most of the fediverse, shows a
// Note in full (text, hashtags, image) but turns an Article into its title
// and a link, and reads an Article's summary as a content warning. The Note
// carries the title, the dek and the link; its url is the article page.
//
// Why object ids under /ap/objects/ and not the article URL: an id must
// answer with the object when fetched as application/activity+json, and the
// article page is HTML kept in the page cache, which keys by path alone;
// negotiating there would serve JSON to browsers. The objects are stored as
// delivered, so the outbox and the ids show exactly what followers got.
package activitypub

import (
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/kominfo-jatim/warta/internal/store"
)

// Content types of ActivityPub documents.
const (
	ContentType   = "application/activity+json"
	LDContentType = `application/ld+json; profile="https://www.w3.org/ns/activitystreams"`
	acceptHeader  = ContentType + ", " + LDContentType
	publicAddress = "https://www.w3.org/ns/activitystreams#Public"
	asContext     = "https://www.w3.org/ns/activitystreams"
)

// Config is what the actor needs.
type Config struct {
	DB *store.DB
	// BaseURL is the site's public origin, e.g. https://warta.jatimprov.go.id.
	BaseURL string
	// Username is the actor's handle: @warta@host. Lowercase letters,
	// digits and underscores; "warta" when empty.
	Username string
	Name     string // display name, the site's name
	Summary  string // profile text (plain)
	IconURL  string // avatar, absolute URL of a PNG or JPEG; optional
	// Seal and Open encrypt the private key at rest with the site's secret
	// key. Without them the key is stored as plain PEM: anyone who reads
	// the database can then sign as the site.
	Seal func(plaintext []byte) (string, error)
	Open func(sealed string) ([]byte, error)
	// Client fetches remote actors and posts Accepts. The default refuses
	// loopback and private addresses, since the inbox makes the site fetch
	// whatever keyId a stranger names; tests pass their own.
	Client *http.Client
	Logger *slog.Logger
	Now    func() time.Time
	// MaxBody limits inbox requests; 256 KB when zero.
	MaxBody int64
}

// Actor is the site's ActivityPub actor and the "activitypub" connector.
type Actor struct {
	cfg        Config
	base       string // BaseURL without a trailing slash
	host       string // BaseURL's host, the WebFinger domain
	key        *rsa.PrivateKey
	publicPEM  string
	keyCreated time.Time
	keys       keyCache

	// Accepts are sent after the inbox answers; Close waits for them.
	bg     context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

var usernameRE = regexp.MustCompile(`^[a-z0-9_]{1,30}$`)

// New loads the actor's key pair, generating and storing it on first start.
func New(ctx context.Context, cfg Config) (*Actor, error) {
	if cfg.DB == nil {
		return nil, errors.New("activitypub: no database")
	}
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("activitypub: base URL %q is not an absolute http(s) URL", cfg.BaseURL)
	}
	if cfg.Username == "" {
		cfg.Username = "warta"
	}
	if !usernameRE.MatchString(cfg.Username) {
		return nil, fmt.Errorf("activitypub: username %q: use lowercase letters, digits and _", cfg.Username)
	}
	if cfg.Name == "" {
		cfg.Name = cfg.Username
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 256 << 10
	}
	if cfg.Client == nil {
		cfg.Client = publicClient()
	}
	a := &Actor{cfg: cfg, base: strings.TrimRight(cfg.BaseURL, "/"), host: u.Host}
	a.keys.m = map[string]*cachedKey{}
	a.bg, a.cancel = context.WithCancel(context.Background())
	if err := a.loadKey(ctx); err != nil {
		return nil, err
	}
	return a, nil
}

// Close stops Accepts still being sent and waits for them.
func (a *Actor) Close() error {
	a.cancel()
	a.wg.Wait()
	return nil
}

func (a *Actor) now() time.Time { return a.cfg.Now() }

// ID is the actor's id, e.g. https://host/ap/actor.
func (a *Actor) ID() string { return a.base + "/ap/actor" }

// KeyID names the actor's public key in signatures.
func (a *Actor) KeyID() string { return a.ID() + "#main-key" }

// Handle is the actor's fediverse address without the leading @,
// e.g. warta@host.
func (a *Actor) Handle() string { return a.cfg.Username + "@" + a.host }

// PublicKeyPEM is the actor's public key as published in the actor document.
func (a *Actor) PublicKeyPEM() string { return a.publicPEM }

func (a *Actor) inboxURL() string     { return a.base + "/ap/inbox" }
func (a *Actor) outboxURL() string    { return a.base + "/ap/outbox" }
func (a *Actor) followersURL() string { return a.base + "/ap/followers" }
func (a *Actor) followingURL() string { return a.base + "/ap/following" }
func (a *Actor) objectURL(articleID string) string {
	return a.base + "/ap/objects/" + url.PathEscape(articleID)
}
