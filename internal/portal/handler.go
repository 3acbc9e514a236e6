package portal

import (
	"github.com/kominfo-jatim/warta/internal/httperr"

	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// handlerFunc is a portal handler: it writes a response or returns an error
// for handle to turn into the site's error page.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle adapts a handlerFunc to http.Handler.
func (p *Portal) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			p.fail(w, r, err)
		}
	})
}

// statusOf maps an error to its HTTP status, the same way everywhere.
func statusOf(err error) int { return httperr.Status(err) }

// fail shows the error page for err, logging what readers must not see.
func (p *Portal) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	if status >= 500 {
		if errors.Is(err, context.Canceled) {
			return // the reader went away; nobody to answer
		}
		p.log.Error("portal: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	p.Error(w, r, status, warta.ErrorMessage(err))
}

// errorData is the error page's view.
type errorData struct {
	layout
	Status  int
	Heading string
	Message string
}

// Error writes the site-styled error page with status and a message for the
// reader, a search box and a way home. It never touches the database, so it
// also serves when the database is down. An empty message gets a default.
func (p *Portal) Error(w http.ResponseWriter, r *http.Request, status int, message string) {
	d := errorData{Status: status}
	switch {
	case status == http.StatusNotFound:
		d.Heading = "Halaman tidak ditemukan"
		if message == "" {
			message = "Alamat yang Anda buka tidak ada atau sudah dipindahkan. Coba cari beritanya, atau buka Indeks."
		}
	case status >= 400 && status < 500:
		d.Heading = "Permintaan tidak dapat diproses"
		if message == "" {
			message = "Alamat atau isian yang dikirim tidak valid. Periksa kembali, lalu coba lagi."
		}
	default:
		d.Heading = "Terjadi gangguan"
		if message == "" {
			message = warta.ErrorMessage(errors.New("internal"))
		}
	}
	d.Message = message
	d.layout = p.newLayout(r, d.Heading)
	d.NoIndex = true
	var buf bytes.Buffer
	if err := p.pages["error"].ExecuteTemplate(&buf, "layout", d); err != nil {
		p.log.Error("portal: render error page", "err", err)
		buf.Reset()
		buf.WriteString(d.Heading + "\n\n" + d.Message + "\n")
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	} else {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Del("Content-Length")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// render executes a page template into a buffer, so that a template error
// becomes a clean error page instead of half a page, and writes it.
func (p *Portal) render(w http.ResponseWriter, status int, page string, data any) error {
	var buf bytes.Buffer
	if err := p.pages[page].ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("portal: render %s: %w", page, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	if err != nil {
		p.log.Debug("portal: write response", "page", page, "err", err)
	}
	return nil
}

// write sends a rendered document (feed, sitemap, robots.txt).
func write(w http.ResponseWriter, contentType string, body []byte) error {
	w.Header().Set("Content-Type", contentType)
	w.Write(body)
	return nil
}
