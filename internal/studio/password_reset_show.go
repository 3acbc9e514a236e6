package studio

import "net/http"

// passwordResetView is the page for choosing a new password from a link.
type passwordResetView struct {
	layout
	Form  *form
	Token string
}

// passwordResetShow asks for the new password. The link's token rides
// along in a hidden field.
func (s *Studio) passwordResetShow(w http.ResponseWriter, r *http.Request) error {
	s.renderReset(w, r, http.StatusOK, newForm(nil), r.URL.Query().Get("token"))
	return nil
}

func (s *Studio) renderReset(w http.ResponseWriter, r *http.Request, status int, f *form, token string) {
	v := passwordResetView{layout: s.newLayout(r, "Atur ulang kata sandi"), Form: f, Token: token}
	s.render(w, r, status, "password_reset", &v)
}
