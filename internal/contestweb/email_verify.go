package contestweb

import (
	"net/http"
	"net/url"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/httperr"
)

type verifyView struct {
	Verified *contest.Participant // the account the link verified
	Who      *contest.Participant // who is signed in here, if anyone
	Sent     bool                 // a new link was asked for
	Form     *form                // asking for a new link
}

// emailVerify is GET /lomba/verifikasi: with ?token= it follows the link
// from the verification email; without, or when the link no longer works,
// it offers to send a new one.
func (web *Web) emailVerify(w http.ResponseWriter, r *http.Request) error {
	who, err := web.participant(r)
	if err != nil {
		return err
	}
	v := verifyView{Who: who, Sent: r.URL.Query().Get("pesan") == "dikirim", Form: newForm("", url.Values{})}
	if who != nil {
		v.Form.Values.Set("email", who.Email)
	}
	token := r.URL.Query().Get("token")
	if token == "" {
		return web.pages.Render(w, r, http.StatusOK, "Verifikasi email", "verify", v)
	}
	p, err := web.cs.VerifyEmail(r.Context(), token)
	if err != nil {
		if !refuse(v.Form, err) {
			return err
		}
		return web.pages.Render(w, r, httperr.Status(err), "Verifikasi email", "verify", v)
	}
	v.Verified = p
	return web.pages.Render(w, r, http.StatusOK, "Email terverifikasi", "verify", v)
}

// verificationResend is POST /lomba/verifikasi: a new link, a few times an
// hour at most. The answer is the same whether or not the address has an
// account.
func (web *Web) verificationResend(w http.ResponseWriter, r *http.Request) error {
	who, err := web.participant(r)
	if err != nil {
		return err
	}
	f := newForm("", url.Values{"email": {r.PostFormValue("email")}})
	if err := web.cs.ResendVerification(r.Context(), f.Get("email")); err != nil {
		if !refuse(f, err, "email") {
			return err
		}
		return web.pages.Render(w, r, httperr.Status(err), "Verifikasi email", "verify", verifyView{Who: who, Form: f})
	}
	return seeOther(w, r, "/lomba/verifikasi?pesan=dikirim")
}
