// Package webpage serves the server-rendered pages of a capability (the
// contests, the hoax clinic) inside the site's frame: a handler returns an
// error and gets the site's error page in the reader's language; pages that
// depend on who asks are marked so no cache keeps them; a template error
// becomes a logged 500, never half a page.
package webpage

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"

	"github.com/kominfo-jatim/warta/internal/httperr"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// Layout writes a page body inside the site's frame (the portal's Page in
// the app).
type Layout func(w http.ResponseWriter, r *http.Request, status int, title string, content template.HTML)

// HandlerFunc is a page handler: it writes a response or returns an error
// for the error page.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Pages renders one package's templates. Its templates must define
// "error", which gets an ErrorView.
type Pages struct {
	Name   string // the package, for log lines: "contestweb"
	Tmpl   *template.Template
	Layout Layout
	CSSURL string // the package's stylesheet, linked from every page
	Log    *slog.Logger
}

// StyleURL is the address of a stylesheet served at path, with a hash of
// its content so that a changed sheet is fetched anew.
func StyleURL(path string, css []byte) string {
	sum := sha256.Sum256(css)
	return path + "?v=" + hex.EncodeToString(sum[:])[:10]
}

// Public adapts a handler of a page that is the same for every reader.
func (p *Pages) Public(h HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			p.Fail(w, r, err)
		}
	})
}

// Private adapts a handler of a page that depends on who asks or carries a
// one-time token: neither the site's page cache nor any other may keep it.
func (p *Pages) Private(h HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store, private")
		if err := h(w, r); err != nil {
			p.Fail(w, r, err)
		}
	})
}

// Fail shows the error page for err, logging what readers must not see.
func (p *Pages) Fail(w http.ResponseWriter, r *http.Request, err error) {
	status := httperr.Status(err)
	if status >= 500 {
		if errors.Is(err, context.Canceled) {
			return // the reader went away
		}
		p.Log.Error(p.Name+": request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	p.ErrorPage(w, r, status, warta.ErrorMessage(err))
}

// ErrorView is the error page's content.
type ErrorView struct {
	Heading, Message string
}

// ErrorPage writes the error page in the site's frame; it is never cached.
func (p *Pages) ErrorPage(w http.ResponseWriter, r *http.Request, status int, message string) {
	v := ErrorView{Heading: "Permintaan tidak dapat diproses", Message: message}
	switch {
	case status == http.StatusNotFound:
		v.Heading = "Halaman tidak ditemukan"
	case status >= 500:
		v.Heading = "Terjadi gangguan"
	}
	w.Header().Set("Cache-Control", "no-store, private")
	if err := p.Render(w, r, status, v.Heading, "error", v); err != nil {
		p.Log.Error(p.Name+": render error page", "err", err)
		http.Error(w, message, status)
	}
}

// Render executes a page's template and writes it in the frame, with the
// package's stylesheet (a link element may stand in the body). A template
// error is returned before anything is written.
func (p *Pages) Render(w http.ResponseWriter, r *http.Request, status int, title, page string, data any) error {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "<link rel=\"stylesheet\" href=\"%s\">\n", template.HTMLEscapeString(p.CSSURL))
	if err := p.Tmpl.ExecuteTemplate(&buf, page, data); err != nil {
		return fmt.Errorf("%s: render %s: %w", p.Name, page, err)
	}
	p.Layout(w, r, status, title, template.HTML(buf.String()))
	return nil
}
