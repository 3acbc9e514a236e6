package studio

import (
	"net/http"
	"strings"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// totpSave runs both steps of enrolment, both at /studio/2fa so that the
// enrolment gate lets them through: "mulai" makes a new secret and shows
// it; "aktifkan" checks a code from the app and turns two-factor sign-in on.
// The secret shown travels in hidden fields only to be shown again after a
// wrong code; the code is checked against the stored secret.
func (s *Studio) totpSave(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	if err := r.ParseForm(); err != nil {
		return warta.Errorf(warta.EInvalid, "Isian formulir tidak terbaca. Muat ulang halaman lalu coba lagi.")
	}
	f := newForm(r.PostForm)
	if r.PostForm.Get("langkah") != "aktifkan" {
		secret, uri, err := s.auth.BeginTOTP(r.Context(), u.ID)
		if warta.ErrorCode(err) == warta.EConflict {
			redirect(w, r, "/studio/akun", "sudah-2fa")
			return nil
		} else if err != nil {
			return err
		}
		s.renderTOTP(w, r, http.StatusOK, groupSecret(secret), uri, newForm(nil))
		return nil
	}
	secret, uri := r.PostForm.Get("secret"), r.PostForm.Get("uri")
	if !strings.HasPrefix(uri, "otpauth://") {
		uri = ""
	}
	f.Require("totp", "Masukkan kode 6 digit yang tampil di aplikasi autentikator.")
	if !f.Invalid() {
		err := s.auth.ConfirmTOTP(r.Context(), u.ID, f.Get("totp"))
		if err == nil {
			redirect(w, r, "/studio/", "2fa-aktif")
			return nil
		}
		if !fromError(f, err, []string{"totp"}, nil) {
			return err
		}
	}
	s.renderTOTP(w, r, http.StatusBadRequest, secret, uri, f)
	return nil
}
