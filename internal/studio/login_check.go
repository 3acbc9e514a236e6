package studio

import (
	"net/http"
	"strconv"
	"time"

	"github.com/kominfo-jatim/warta/internal/auth"
	"github.com/kominfo-jatim/warta/internal/clientip"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// loginCheck signs in with email, password and, when the account uses it,
// the two-factor code. A refusal re-renders the form with the email kept and
// the message where the user must act: the code field for a missing or
// wrong code, the top for a wrong password or too many attempts.
func (s *Studio) loginCheck(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return warta.Errorf(warta.EInvalid, "Isian formulir tidak terbaca. Muat ulang halaman lalu coba lagi.")
	}
	f := newForm(r.PostForm)
	f.Values.Del("password") // never echoed back into the page
	next := safeNext(r.PostForm.Get("lanjut"))
	f.Require("email", "Masukkan alamat email akun Anda.")
	if r.PostForm.Get("password") == "" {
		f.Set("password", "Masukkan kata sandi Anda.")
	}
	if f.Invalid() {
		s.renderLogin(w, r, http.StatusBadRequest, f, next)
		return nil
	}
	sess, raw, err := s.auth.Login(r.Context(), r.PostForm.Get("email"), r.PostForm.Get("password"),
		r.PostForm.Get("totp"), clientip.Of(r), r.UserAgent())
	if err != nil {
		if at, ok := auth.RetryAt(err); ok {
			w.Header().Set("Retry-After", strconv.Itoa(max(1, int(time.Until(at).Seconds()))))
		}
		if !fromError(f, err, []string{"totp"}, nil) {
			return err
		}
		if f.Err("totp") != "" {
			f.General = "Masukkan lagi kata sandi Anda bersama kode verifikasi."
		}
		s.renderLogin(w, r, statusOf(err), f, next)
		return nil
	}
	s.auth.SetSessionCookie(w, raw, sess.ExpiresAt)
	if sess.MustEnrolTOTP {
		next = "/studio/2fa"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}
