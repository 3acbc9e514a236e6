package studio

import (
	"net/http"
	"strings"

	"github.com/kominfo-jatim/warta/internal/auth"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// totpView is the two-factor enrolment page.
type totpView struct {
	layout
	Enabled  bool // two-factor sign-in is already on
	Required bool // the user may do nothing else until it is
	Secret   string
	URI      string
	Form     *form
}

// totpShow explains two-factor sign-in and offers to set it up.
func (s *Studio) totpShow(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	s.renderTOTP(w, r, http.StatusOK, "", "", newForm(nil))
	return nil
}

func (s *Studio) renderTOTP(w http.ResponseWriter, r *http.Request, status int, secret, uri string, f *form) {
	v := totpView{layout: s.newLayout(r, "Verifikasi dua langkah"), Secret: secret, URI: uri, Form: f}
	if sess := auth.SessionFrom(r.Context()); sess != nil {
		v.Enabled, v.Required = sess.TOTPEnabled, sess.MustEnrolTOTP
	}
	s.render(w, r, status, "totp", &v)
}

// groupSecret spaces a base32 secret in groups of four for typing.
func groupSecret(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}
