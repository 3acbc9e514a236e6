package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// logoutEverywhere ends every session of the signed-in user, on every
// device and node: for a lost phone or a shared computer.
func (s *Studio) logoutEverywhere(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	if _, err := s.auth.LogoutEverywhere(r.Context(), u.ID); err != nil {
		return err
	}
	s.auth.ClearSessionCookie(w)
	redirect(w, r, "/studio/login", "keluar-semua")
	return nil
}
