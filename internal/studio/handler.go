package studio

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/kominfo-jatim/warta/internal/auth"
	"github.com/kominfo-jatim/warta/internal/clientip"
	"github.com/kominfo-jatim/warta/internal/httperr"
	"github.com/kominfo-jatim/warta/internal/newsroom"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// handlerFunc is a studio handler: it writes a response or returns an error
// for handle to turn into the studio's error page.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// staffFunc is a handler for signed-in staff.
type staffFunc func(w http.ResponseWriter, r *http.Request, u *warta.User) error

// handle adapts a handlerFunc to http.Handler. Staff pages are private and
// change with every action, so nothing may cache them; the client's address
// goes in the context for the audit log.
func (s *Studio) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		r = r.WithContext(newsroom.WithClientIP(r.Context(), clientip.Of(r)))
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

// staff is handle for pages that need a signed-in user: anyone else is
// sent to the sign-in page, which brings them back afterwards.
func (s *Studio) staff(h staffFunc) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		u := auth.UserFrom(r.Context())
		if u == nil {
			next := r.URL.Path
			if r.Method == http.MethodGet && r.URL.RawQuery != "" {
				next += "?" + r.URL.RawQuery
			}
			if r.Method != http.MethodGet {
				next = "/studio/"
			}
			http.Redirect(w, r, "/studio/login?"+url.Values{"lanjut": {next}, "pesan": {"masuk-dulu"}}.Encode(), http.StatusSeeOther)
			return nil
		}
		return h(w, r, u)
	})
}

// admin is staff for administrators only; others get a 403 page.
func (s *Studio) admin(h staffFunc) http.Handler {
	return s.staff(func(w http.ResponseWriter, r *http.Request, u *warta.User) error {
		if u.Role != warta.RoleAdmin {
			return warta.Errorf(warta.EForbidden, "Halaman ini hanya untuk admin.")
		}
		return h(w, r, u)
	})
}

// statusOf is the HTTP status for an error: httperr's, the one mapping
// shared with the portal and the API.
func statusOf(err error) int { return httperr.Status(err) }

// fail shows the error page for err, logging what staff must not see.
func (s *Studio) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	if status >= 500 {
		if errors.Is(err, context.Canceled) {
			return
		}
		s.log.Error("studio: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	s.errorPage(w, r, status, warta.ErrorMessage(err))
}

// errorView is the error page's view.
type errorView struct {
	layout
	Status  int
	Message string
}

// errorPage writes the studio's error page with a message staff can act on.
func (s *Studio) errorPage(w http.ResponseWriter, r *http.Request, status int, message string) {
	title := "Terjadi kesalahan"
	switch status {
	case http.StatusNotFound:
		title = "Tidak ditemukan"
		if message == "" {
			message = "Halaman atau artikel ini tidak ada, atau Anda tidak berhak melihatnya."
		}
	case http.StatusForbidden:
		title = "Tidak diizinkan"
		if message == "" {
			message = "Peran Anda tidak mengizinkan tindakan ini."
		}
	case http.StatusUnauthorized:
		title = "Silakan masuk"
	case http.StatusConflict:
		title = "Artikel sudah berubah"
	}
	v := errorView{layout: s.newLayout(r, title), Status: status, Message: message}
	s.render(w, r, status, "error", &v)
}

// notFound answers paths under /studio/ that no route claims.
func (s *Studio) notFound(w http.ResponseWriter, r *http.Request) error {
	s.errorPage(w, r, http.StatusNotFound, "Halaman studio yang Anda buka tidak ada.")
	return nil
}

// redirect sends the browser to path after a successful POST, with a
// message key that the next page turns into a notice (see notices).
func redirect(w http.ResponseWriter, r *http.Request, path, notice string) {
	if notice != "" {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		path += sep + "pesan=" + url.QueryEscape(notice)
	}
	http.Redirect(w, r, path, http.StatusSeeOther)
}
