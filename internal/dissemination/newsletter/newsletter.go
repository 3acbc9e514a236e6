// Package newsletter is Warta's email newsletter: the public subscription
// pages with double opt-in, the "email" channel that mails each article to
// its instant subscribers, and the daily digest.
//
// Readers subscribe at /langganan with their address, the regions and
// election stages they care about (none: everything), instant or daily
// delivery, and an explicit consent whose exact wording is stored. Nothing
// is sent until they open the link mailed to them
// (/langganan/konfirmasi?token=…). Every newsletter email carries
// List-Unsubscribe with an https link to /langganan/berhenti?token=… and
// List-Unsubscribe-Post: List-Unsubscribe=One-Click (RFC 8058), so mail
// programs can offer a one-click "unsubscribe" that POSTs
// "List-Unsubscribe=One-Click" to that link. That POST comes from the mail
// provider's servers, with no cookie and no CSRF token, so the route must be
// exempt from the server's cross-origin protection; the token in the URL is
// what authorises it. Opening the link in a browser shows a page with a
// button that POSTs the same.
//
// Mail goes through internal/mail: SMTP when configured, else the local
// outbox. Each recipient of an article is recorded in the delivery's
// Progress, so a retry never mails anyone twice.
package newsletter

import (
	"context"
	"html/template"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/mail"
	"github.com/kominfo-jatim/warta/internal/store"
)

// Config configures the newsletter.
type Config struct {
	DB       *store.DB
	Mail     mail.Sender
	BaseURL  string // "https://warta.example.id", for links in emails
	SiteName string // "Warta Jatim"
	Now      func() time.Time
	Logger   *slog.Logger
	// Layout, when set, frames the pages in the portal's layout: it writes
	// a whole page with the given status, title and main content. Without
	// it the pages use a small, self-contained frame.
	Layout func(w http.ResponseWriter, r *http.Request, status int, title string, content template.HTML)
}

// Service runs the subscription pages, the email channel and the digest.
type Service struct {
	cfg   Config
	subs  subscribers
	pages *pages
}

// New returns the newsletter service.
func New(cfg Config) (*Service, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.SiteName == "" {
		cfg.SiteName = "Warta"
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	p, err := parsePages()
	if err != nil {
		return nil, err
	}
	return &Service{cfg: cfg, subs: subscribers{cfg.DB}, pages: p}, nil
}

// Routes registers the subscription pages on mux. POST
// /langganan/berhenti must bypass cross-origin protection (RFC 8058).
func (s *Service) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /langganan", s.subscriptionNew)
	mux.HandleFunc("POST /langganan", s.subscriptionCreate)
	mux.HandleFunc("GET /langganan/konfirmasi", s.subscriptionConfirm)
	mux.HandleFunc("GET /langganan/berhenti", s.unsubscribeShow)
	mux.HandleFunc("POST /langganan/berhenti", s.unsubscribeCreate)
}

// UnsubscribePattern is the route to exempt from cross-origin protection,
// in http.CrossOriginProtection.AddInsecureBypassPattern's syntax.
const UnsubscribePattern = "POST /langganan/berhenti"

// Purge deletes sign-ups never confirmed within 7 days and addresses that
// opted out more than 30 days ago. Run it daily.
func (s *Service) Purge(ctx context.Context) error {
	return s.subs.purge(ctx, s.cfg.Now())
}

// unsubscribeURL is the List-Unsubscribe link for a subscriber's token.
func (s *Service) unsubscribeURL(token string) string {
	return s.cfg.BaseURL + "/langganan/berhenti?token=" + token
}
