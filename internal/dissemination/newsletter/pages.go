package newsletter

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"net/http"
	"slices"
	texttemplate "text/template"

	"github.com/kominfo-jatim/warta/internal/warta"
)

//go:embed templates
var templateFS embed.FS

// pages are the embedded templates, parsed once: the pages' content, their
// fallback frame, and the emails.
type pages struct {
	html *htmltemplate.Template
	mail *htmltemplate.Template
	text *texttemplate.Template
}

func parsePages() (*pages, error) {
	p := &pages{}
	var err error
	if p.html, err = htmltemplate.ParseFS(templateFS, "templates/*.html"); err != nil {
		return nil, fmt.Errorf("newsletter: parse pages: %w", err)
	}
	if p.mail, err = htmltemplate.ParseFS(templateFS, "templates/mail/*.html"); err != nil {
		return nil, fmt.Errorf("newsletter: parse mail: %w", err)
	}
	if p.text, err = texttemplate.ParseFS(templateFS, "templates/mail/*.txt"); err != nil {
		return nil, fmt.Errorf("newsletter: parse mail: %w", err)
	}
	return p, nil
}

// fieldError is a form error shown next to its field and in the summary.
type fieldError struct {
	Field   string
	Message string
}

// formPage is the subscription form with what the reader entered.
type formPage struct {
	Email       string
	Regions     []warta.Region
	Elections   []warta.Election
	Chosen      map[string][]string // "wilayah", "tahapan" → slugs
	Digest      string
	Consent     bool
	ConsentText string
	Errors      []fieldError
}

// ErrorFor returns the message for a field, or "".
func (f *formPage) ErrorFor(field string) string {
	for _, e := range f.Errors {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// Checked reports whether the reader ticked slug in the group.
func (f *formPage) Checked(group, slug string) bool {
	return slices.Contains(f.Chosen[group], slug)
}

// messagePage is a heading and a few paragraphs.
type messagePage struct {
	Heading    string
	Paragraphs []string
}

// render writes a page: the named content template inside the Layout hook
// or the fallback frame. Pages that carry or follow from a token are
// private: no caching, no referrer.
func (s *Service) render(w http.ResponseWriter, r *http.Request, status int, title, name string, data any, private bool) {
	var content bytes.Buffer
	if err := s.pages.html.ExecuteTemplate(&content, name, data); err != nil {
		s.cfg.Logger.Error("newsletter: render", "page", name, "err", err)
		http.Error(w, "Terjadi kesalahan di server.", http.StatusInternalServerError)
		return
	}
	if private {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Referrer-Policy", "no-referrer")
	}
	if s.cfg.Layout != nil {
		s.cfg.Layout(w, r, status, title, htmltemplate.HTML(content.String()))
		return
	}
	var page bytes.Buffer
	err := s.pages.html.ExecuteTemplate(&page, "frame", struct {
		Title, Site string
		Content     htmltemplate.HTML
	}{title, s.cfg.SiteName, htmltemplate.HTML(content.String())})
	if err != nil {
		s.cfg.Logger.Error("newsletter: render frame", "err", err)
		http.Error(w, "Terjadi kesalahan di server.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(page.Bytes())
}

// message renders a message page.
func (s *Service) message(w http.ResponseWriter, r *http.Request, status int, heading string, paragraphs ...string) {
	s.render(w, r, status, heading, "message", messagePage{heading, paragraphs}, true)
}
