package contestweb

import (
	"net/http"
	"net/url"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/httperr"
)

type loginView struct {
	Form *form
	Next string
	Who  *contest.Participant
	Out  bool // just signed out
}

// loginShow is GET /lomba/masuk: the participant's sign-in form.
func (web *Web) loginShow(w http.ResponseWriter, r *http.Request) error {
	who, err := web.participant(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	v := loginView{Form: newForm("", nil), Next: next(q.Get("lanjut")), Who: who, Out: q.Get("pesan") == "keluar"}
	return web.pages.Render(w, r, http.StatusOK, "Masuk sebagai peserta", "login", v)
}

// loginCheck is POST /lomba/masuk: a session for the right email and
// password, then back to the page that asked for it.
func (web *Web) loginCheck(w http.ResponseWriter, r *http.Request) error {
	f := newForm("", url.Values{"email": {r.PostFormValue("email")}})
	to := next(r.PostFormValue("lanjut"))
	_, raw, err := web.cs.Login(r.Context(), f.Get("email"), r.PostFormValue("password"))
	if err != nil {
		if !refuse(f, err, "email", "password") {
			return err
		}
		return web.pages.Render(w, r, httperr.Status(err), "Masuk sebagai peserta", "login", loginView{Form: f, Next: to})
	}
	web.setSession(w, raw)
	return seeOther(w, r, to)
}

// logout is POST /lomba/keluar: the session ends here and on the server.
func (web *Web) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(CookieName); err == nil && c.Value != "" {
		if err := web.cs.Logout(r.Context(), c.Value); err != nil {
			return err
		}
	}
	web.clearSession(w)
	return seeOther(w, r, "/lomba/masuk?pesan=keluar")
}
