// Package contestweb is the public and participant side of the content
// competitions (lomba konten) on the web: the list of contests and each
// contest's page with its rules, timeline and, once announced, results;
// and, for citizens, registration with a verified email, sign-in, joining,
// sending, editing and withdrawing entries, and the public vote.
//
// Pages are server-rendered in Bahasa Indonesia, work without JavaScript
// and sit in the portal's frame. Every rule (deadlines, eligibility, file
// types, limits) is the contest service's: a refusal shows the service's
// own message beside the field at fault, with what was typed kept.
//
// Public pages (GET /lomba, GET /lomba/{slug}) are the same for every
// reader and may be cached; every other page under /lomba/ depends on who
// asks and answers Cache-Control: no-store, private (see Personal).
package contestweb

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
	"github.com/kominfo-jatim/warta/internal/webpage"
)

// LayoutFunc writes a page body inside the site's frame (the portal's
// Page): head, header, navigation and footer.
type LayoutFunc = webpage.Layout

// Config is what the contest pages need from the application.
type Config struct {
	Contests *contest.Service
	// Layout frames every page; the portal's Page in the app. Without it
	// pages get a minimal accessible frame of their own.
	Layout LayoutFunc
	// Regions lists the regions for the domicile field of the
	// registration form (store.DB.Regions).
	Regions func(ctx context.Context) ([]warta.Region, error)
	Logger  *slog.Logger
	// SecureCookies marks the participant's session cookie Secure, for
	// sites served over HTTPS.
	SecureCookies bool
}

// Web serves the contest pages.
type Web struct {
	cs      *contest.Service
	layout  LayoutFunc
	regions func(ctx context.Context) ([]warta.Region, error)
	log     *slog.Logger
	secure  bool
	pages   *webpage.Pages
}

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/lomba.css
var stylesheet []byte

// New checks the configuration and parses the templates once.
func New(cfg Config) (*Web, error) {
	if cfg.Contests == nil || cfg.Regions == nil {
		return nil, errors.New("contestweb: Contests and Regions are required")
	}
	web := &Web{cs: cfg.Contests, layout: cfg.Layout, regions: cfg.Regions, log: cfg.Logger, secure: cfg.SecureCookies}
	if web.log == nil {
		web.log = slog.Default()
	}
	if web.layout == nil {
		web.layout = webpage.MinimalFrame("Lomba konten", `<a href="/lomba">Lomba konten</a>`)
	}
	t, err := template.New("").Funcs(funcs).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("contestweb: parse templates: %w", err)
	}
	web.pages = &webpage.Pages{Name: "contestweb", Tmpl: t, Layout: web.layout, CSSURL: webpage.StyleURL(stylePath, stylesheet), Log: web.log}
	return web, nil
}

// handlerFunc is a page handler: it writes a response or returns an error
// for the error page.
type handlerFunc = webpage.HandlerFunc

// seeOther redirects after a form was handled, so that reloading the page
// does not send the form again.
func seeOther(w http.ResponseWriter, r *http.Request, to string) error {
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// stylePath is where the stylesheet is served; its URL carries a hash of
// the content so browsers may keep it for a year.
const stylePath = "/lomba/gaya.css"
