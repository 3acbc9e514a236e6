package studio

import "net/http"

// passwordForgotView is the page that asks for a reset link.
type passwordForgotView struct {
	layout
	Form *form
}

// passwordForgotShow asks for the email of the account.
func (s *Studio) passwordForgotShow(w http.ResponseWriter, r *http.Request) error {
	v := passwordForgotView{layout: s.newLayout(r, "Lupa kata sandi"), Form: newForm(nil)}
	s.render(w, r, http.StatusOK, "password_forgot", &v)
	return nil
}
