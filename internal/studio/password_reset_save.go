package studio

import (
	"fmt"
	"net/http"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// passwordResetSave sets the new password. Every session of the account
// ends, this browser's too, so the user signs in again.
func (s *Studio) passwordResetSave(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return warta.Errorf(warta.EInvalid, "Isian formulir tidak terbaca. Muat ulang halaman lalu coba lagi.")
	}
	token := r.PostForm.Get("token")
	pw, again := r.PostForm.Get("password"), r.PostForm.Get("password2")
	f := newForm(nil)
	switch {
	case len([]rune(pw)) < store.MinPasswordLength:
		f.Set("password", fmt.Sprintf("Kata sandi minimal %d karakter. Kalimat pendek yang mudah Anda ingat cocok dipakai.", store.MinPasswordLength))
	case pw != again:
		f.Set("password2", "Kedua kata sandi tidak sama. Ketik ulang kata sandi yang sama di kedua kolom.")
	}
	if !f.Invalid() {
		err := s.auth.ResetPassword(r.Context(), token, pw)
		if err == nil {
			s.auth.ClearSessionCookie(w)
			redirect(w, r, "/studio/login", "sandi-baru")
			return nil
		}
		if !fromError(f, err, []string{"password"}, nil) {
			return err
		}
		if warta.ErrorCode(err) == warta.EInvalid && f.Err("password") == "" {
			f.General += " Minta tautan baru lewat halaman Lupa kata sandi."
		}
	}
	s.renderReset(w, r, http.StatusBadRequest, f, token)
	return nil
}
