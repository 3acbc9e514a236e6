package studio

import (
	"net/http"
)

// logout ends this browser's session.
func (s *Studio) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(s.auth.CookieName()); err == nil {
		if err := s.auth.Logout(r.Context(), c.Value); err != nil {
			return err
		}
	}
	s.auth.ClearSessionCookie(w)
	redirect(w, r, "/studio/login", "keluar")
	return nil
}
