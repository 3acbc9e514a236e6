package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/clientip"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// passwordForgotSend mails a reset link. The answer is the same whether or
// not the email has an account, so the page cannot be used to find out.
func (s *Studio) passwordForgotSend(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return warta.Errorf(warta.EInvalid, "Isian formulir tidak terbaca. Muat ulang halaman lalu coba lagi.")
	}
	f := newForm(r.PostForm)
	f.Require("email", "Masukkan alamat email akun Anda.")
	if f.Invalid() {
		v := passwordForgotView{layout: s.newLayout(r, "Lupa kata sandi"), Form: f}
		s.render(w, r, http.StatusBadRequest, "password_forgot", &v)
		return nil
	}
	if err := s.auth.RequestPasswordReset(r.Context(), f.Get("email"), clientip.Of(r)); err != nil {
		return err
	}
	redirect(w, r, "/studio/login", "tautan-terkirim")
	return nil
}
