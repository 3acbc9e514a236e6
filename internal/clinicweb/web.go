// Package clinicweb is the public side of the hoax clinic (klinik hoaks) on
// the web: the report form at /klinik with its receipt, the public status
// page of a ticket, and the archive of verdicts at /cek-fakta with its
// search, filters, feeds and ClaimReview export.
//
// Pages are server-rendered in Bahasa Indonesia, work without JavaScript
// and sit in the portal's frame. Every rule about a report is the clinic
// service's; this package only keeps robots out (a honeypot field and a
// signed, timed form token, no third-party captcha) and shows a refusal
// beside the field at fault, with what was typed kept.
//
// The form and ticket pages under /klinik are never cached (each form
// carries its own token, and a ticket's status changes); see Uncached.
// The archive and its feeds are the same for every reader and may be.
package clinicweb

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/warta"
	"github.com/kominfo-jatim/warta/internal/webpage"
)

// Clinic is what the pages need of the clinic service; *clinic.Service is
// one.
type Clinic interface {
	Submit(ctx context.Context, in clinic.Submission) (*clinic.Receipt, error)
	Ticket(ctx context.Context, code string) (*clinic.TicketView, error)
	Search(ctx context.Context, q string, limit int) ([]clinic.ScoredVerdict, error)
	Verdicts(ctx context.Context, f clinic.VerdictFilter) (clinic.VerdictPage, error)
	Labels() []string
}

// LayoutFunc writes a page body inside the site's frame (the portal's
// Page): head, header, navigation and footer.
type LayoutFunc = webpage.Layout

// Config is what the clinic's pages need from the application.
type Config struct {
	Clinic Clinic
	// Layout frames every page; the portal's Page in the app. Without it
	// pages get a minimal accessible frame of their own.
	Layout LayoutFunc
	// Regions lists the regions of the archive's region filter
	// (store.DB.Regions); without it the filter is not offered.
	Regions func(ctx context.Context) ([]warta.Region, error)
	// Site names the publisher in feeds and the ClaimReview export; its
	// BaseURL makes their links absolute.
	Site clinic.Site
	// Office is who keeps reporters' data, as the consent names it:
	// "Dinas Komunikasi dan Informatika Provinsi Jawa Timur". Site.Name
	// when empty.
	Office string
	// PrivacyEmail is where reporters ask for a copy, a correction or the
	// erasure of their data; the consent text gives it.
	PrivacyEmail string
	// Retention is how long contact data is kept after a reporter's last
	// report (clinic.Config.Retention); the consent text states it. 90
	// days when zero.
	Retention time.Duration
	// SecretKey signs the form tokens, so that every node accepts a form
	// any node served. Without it a random key is made at start-up.
	SecretKey string
	// TelegramBot returns the username of the clinic's Telegram bot
	// (clinicchat.BotUsername), "" when the bot is not set up. With it,
	// and a Clinic that is also TelegramLinks, reporters may choose
	// Telegram and get a deep link to the bot instead of typing a chat id.
	TelegramBot func(ctx context.Context) (string, error)
	// MaxImageBytes caps a screenshot; 5 MB when zero.
	MaxImageBytes int64
	Now           func() time.Time
	Logger        *slog.Logger
}

// Web serves the clinic's pages.
type Web struct {
	cfg      Config
	cl       Clinic
	layout   LayoutFunc
	log      *slog.Logger
	now      func() time.Time
	tokenKey []byte
	pages    *webpage.Pages
}

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/klinik.css
var stylesheet []byte

// New checks the configuration and parses the templates once.
func New(cfg Config) (*Web, error) {
	if cfg.Clinic == nil {
		return nil, errors.New("clinicweb: Clinic is required")
	}
	if cfg.Site.BaseURL == "" {
		return nil, errors.New("clinicweb: Site.BaseURL is required for feeds and ClaimReview links")
	}
	cfg.Site.BaseURL = strings.TrimRight(cfg.Site.BaseURL, "/")
	if cfg.Site.Name == "" {
		cfg.Site.Name = "Warta Jatim"
	}
	if cfg.Office == "" {
		cfg.Office = cfg.Site.Name
	}
	if cfg.Retention <= 0 {
		cfg.Retention = 90 * 24 * time.Hour
	}
	if cfg.MaxImageBytes <= 0 {
		cfg.MaxImageBytes = 5 << 20
	}
	web := &Web{cfg: cfg, cl: cfg.Clinic, layout: cfg.Layout, log: cfg.Logger, now: cfg.Now}
	if web.log == nil {
		web.log = slog.Default()
	}
	if web.now == nil {
		web.now = time.Now
	}
	if web.layout == nil {
		web.layout = webpage.MinimalFrame("Klinik Hoaks", `<a href="/cek-fakta">Cek Fakta</a> <a href="/klinik">Lapor hoaks</a>`)
	}
	if cfg.SecretKey != "" {
		mac := hmac.New(sha256.New, []byte(cfg.SecretKey))
		mac.Write([]byte("warta clinic form token"))
		web.tokenKey = mac.Sum(nil)
	} else {
		web.tokenKey = make([]byte, 32)
		rand.Read(web.tokenKey)
	}
	t, err := template.New("").Funcs(funcs).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("clinicweb: parse templates: %w", err)
	}
	web.pages = &webpage.Pages{Name: "clinicweb", Tmpl: t, Layout: web.layout, CSSURL: webpage.StyleURL(stylePath, stylesheet), Log: web.log}
	return web, nil
}

// handlerFunc is a page handler: it writes a response or returns an error
// for the error page.
type handlerFunc = webpage.HandlerFunc

// stylePath is where the stylesheet is served; its URL carries a hash of
// the content so browsers may keep it for a year.
const stylePath = "/cek-fakta/gaya.css"
