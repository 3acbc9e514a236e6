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
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"strings"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/httperr"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// LayoutFunc writes a page body inside the site's frame (the portal's
// Page): head, header, navigation and footer.
type LayoutFunc func(w http.ResponseWriter, r *http.Request, status int, title string, content template.HTML)

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
	tmpl    *template.Template
	cssURL  string
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
		web.layout = minimalFrame
	}
	sum := sha256.Sum256(stylesheet)
	web.cssURL = stylePath + "?v=" + hex.EncodeToString(sum[:])[:10]
	t, err := template.New("").Funcs(funcs).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("contestweb: parse templates: %w", err)
	}
	web.tmpl = t
	return web, nil
}

// handlerFunc is a page handler: it writes a response or returns an error
// for fail to turn into the error page.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// public adapts a handler of a page that is the same for every reader.
func (web *Web) public(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			web.fail(w, r, err)
		}
	})
}

// personal adapts a handler of a page that depends on who asks: neither
// the site's page cache nor any other may keep it.
func (web *Web) personal(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store, private")
		if err := h(w, r); err != nil {
			web.fail(w, r, err)
		}
	})
}

// fail shows the error page for err, logging what readers must not see.
func (web *Web) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := httperr.Status(err)
	if status >= 500 {
		if errors.Is(err, context.Canceled) {
			return // the reader went away
		}
		web.log.Error("contestweb: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	web.errorPage(w, r, status, warta.ErrorMessage(err))
}

// errorView is the error page's content.
type errorView struct {
	Heading, Message string
}

// errorPage writes the error page in the site's frame; it is never cached.
func (web *Web) errorPage(w http.ResponseWriter, r *http.Request, status int, message string) {
	v := errorView{Heading: "Permintaan tidak dapat diproses", Message: message}
	switch {
	case status == http.StatusNotFound:
		v.Heading = "Halaman tidak ditemukan"
	case status >= 500:
		v.Heading = "Terjadi gangguan"
	}
	w.Header().Set("Cache-Control", "no-store, private")
	if err := web.render(w, r, status, v.Heading, "error", v); err != nil {
		web.log.Error("contestweb: render error page", "err", err)
		http.Error(w, message, status)
	}
}

// render executes a page's template and writes it in the frame, with the
// contest pages' stylesheet (a link element may stand in the body). A
// template error becomes an error, not half a page.
func (web *Web) render(w http.ResponseWriter, r *http.Request, status int, title, page string, data any) error {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "<link rel=\"stylesheet\" href=\"%s\">\n", template.HTMLEscapeString(web.cssURL))
	if err := web.tmpl.ExecuteTemplate(&buf, page, data); err != nil {
		return fmt.Errorf("contestweb: render %s: %w", page, err)
	}
	web.layout(w, r, status, title, template.HTML(buf.String()))
	return nil
}

// seeOther redirects after a form was handled, so that reloading the page
// does not send the form again.
func seeOther(w http.ResponseWriter, r *http.Request, to string) error {
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// stylePath is where the stylesheet is served; its URL carries a hash of
// the content so browsers may keep it for a year.
const stylePath = "/lomba/gaya.css"

func serveCSS(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/css; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("X-Content-Type-Options", "nosniff")
	w.Write(stylesheet)
}

// minimalFrame is the page frame when the application gives none: enough
// for the pages to be a valid, accessible document.
func minimalFrame(w http.ResponseWriter, r *http.Request, status int, title string, content template.HTML) {
	var b strings.Builder
	b.WriteString("<!doctype html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	b.WriteString(template.HTMLEscapeString(title))
	b.WriteString(" – Lomba konten</title>\n</head>\n<body>\n<a class=\"skip\" href=\"#konten\">Langsung ke konten</a>\n")
	b.WriteString("<header><nav aria-label=\"Utama\"><a href=\"/lomba\">Lomba konten</a></nav></header>\n<main id=\"konten\" class=\"wrap\" tabindex=\"-1\">\n")
	b.WriteString(string(content))
	b.WriteString("</main>\n<footer><p>Semua waktu dalam WIB.</p></footer>\n</body>\n</html>\n")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write([]byte(b.String()))
}
