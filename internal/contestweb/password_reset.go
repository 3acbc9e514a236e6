package contestweb

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/kominfo-jatim/warta/internal/clientip"
	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/httperr"
	"github.com/kominfo-jatim/warta/internal/store"
)

type passwordForgotView struct {
	Form *form
	Sent bool // a link was asked for
}

// passwordForgotShow is GET /lomba/lupa-sandi: the form that asks for a
// reset link, and, after it was sent, the same answer for every address.
func (web *Web) passwordForgotShow(w http.ResponseWriter, r *http.Request) error {
	v := passwordForgotView{Form: newForm("", nil), Sent: r.URL.Query().Get("pesan") == "terkirim"}
	return web.pages.Render(w, r, http.StatusOK, "Lupa kata sandi", "password_forgot", v)
}

// passwordForgotSend is POST /lomba/lupa-sandi: a reset link to the
// address if it has an account. The page that follows is the same either
// way, so it cannot tell who takes part.
func (web *Web) passwordForgotSend(w http.ResponseWriter, r *http.Request) error {
	f := newForm("", url.Values{"email": {r.PostFormValue("email")}})
	if err := web.cs.RequestPasswordReset(r.Context(), f.Get("email"), clientip.Of(r)); err != nil {
		if !refuse(f, err, "email") {
			return err
		}
		return web.pages.Render(w, r, httperr.Status(err), "Lupa kata sandi", "password_forgot", passwordForgotView{Form: f})
	}
	return seeOther(w, r, "/lomba/lupa-sandi?pesan=terkirim")
}

type passwordResetView struct {
	Form        *form
	Token       string
	For         *contest.Participant // whose password the link sets; nil when the link does not work
	Done        bool                 // the password was just set
	Who         *contest.Participant // who is signed in here, after Done
	MinPassword int
}

// passwordResetShow is GET /lomba/sandi-baru: with ?token= from the
// email, the form for a new password (the link is checked, not used up,
// so that mail scanners opening it do no harm); with ?pesan=diganti, the
// confirmation after the password was set.
func (web *Web) passwordResetShow(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if q.Get("pesan") == "diganti" {
		who, err := web.participant(r)
		if err != nil {
			return err
		}
		v := passwordResetView{Form: newForm("", nil), Done: true, Who: who}
		return web.pages.Render(w, r, http.StatusOK, "Kata sandi sudah diganti", "password_reset", v)
	}
	return web.renderReset(w, r, http.StatusOK, newForm("", nil), q.Get("token"))
}

// passwordResetSave is POST /lomba/sandi-baru: the new password, typed
// twice. Every other session of the participant ends and this browser is
// signed in. A refusal keeps the link usable.
func (web *Web) passwordResetSave(w http.ResponseWriter, r *http.Request) error {
	token, pw, again := r.PostFormValue("token"), r.PostFormValue("password"), r.PostFormValue("password2")
	f := newForm("", nil)
	if len([]rune(pw)) < store.MinPasswordLength {
		f.Set("password", fmt.Sprintf("Kata sandi minimal %d karakter.", store.MinPasswordLength))
	}
	if pw != again {
		f.Set("password2", "Kedua kata sandi tidak sama. Ketik kata sandi baru yang sama di kedua kolom.")
	}
	if f.Invalid() {
		return web.renderReset(w, r, http.StatusBadRequest, f, token)
	}
	_, raw, err := web.cs.ResetPassword(r.Context(), token, pw)
	if err != nil {
		if !refuse(f, err, "password") {
			return err
		}
		return web.renderReset(w, r, httperr.Status(err), f, token)
	}
	web.setSession(w, raw)
	return seeOther(w, r, "/lomba/sandi-baru?pesan=diganti")
}

// renderReset shows the new-password form for the link's token, or why
// the link no longer works with the way to ask for another.
func (web *Web) renderReset(w http.ResponseWriter, r *http.Request, status int, f *form, token string) error {
	// The token is in this page's address; keep it out of Referer headers.
	w.Header().Set("Referrer-Policy", "no-referrer")
	v := passwordResetView{Form: f, Token: token, MinPassword: store.MinPasswordLength}
	p, err := web.cs.CheckPasswordReset(r.Context(), token)
	if err != nil {
		v.Form = newForm("", nil)
		if !refuse(v.Form, err) {
			return err
		}
		return web.pages.Render(w, r, httperr.Status(err), "Atur ulang kata sandi", "password_reset", v)
	}
	v.For = p
	return web.pages.Render(w, r, status, "Atur ulang kata sandi", "password_reset", v)
}
