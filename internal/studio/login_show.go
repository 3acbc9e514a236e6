package studio

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/kominfo-jatim/warta/internal/auth"
)

// loginView is the sign-in page.
type loginView struct {
	layout
	Form *form
	Next string // where to go after signing in
}

// loginShow shows the sign-in form; a signed-in user goes on to the studio.
func (s *Studio) loginShow(w http.ResponseWriter, r *http.Request) error {
	next := safeNext(r.URL.Query().Get("lanjut"))
	if auth.UserFrom(r.Context()) != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	s.renderLogin(w, r, http.StatusOK, newForm(nil), next)
	return nil
}

func (s *Studio) renderLogin(w http.ResponseWriter, r *http.Request, status int, f *form, next string) {
	v := loginView{layout: s.newLayout(r, "Masuk"), Form: f, Next: next}
	s.render(w, r, status, "login", &v)
}

// safeNext returns next when it is a studio page on this site, else the
// dashboard, so the sign-in page cannot be used to send people elsewhere.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if next == "" || err != nil || u.Scheme != "" || u.Host != "" || u.User != nil ||
		!strings.HasPrefix(u.Path, "/studio/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") ||
		strings.HasPrefix(u.Path, "/studio/login") || strings.HasPrefix(u.Path, "/studio/logout") {
		return "/studio/"
	}
	return next
}
