package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/auth"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// accountView is the signed-in user's own account page.
type accountView struct {
	layout
	Agency      warta.Agency
	TOTPEnabled bool
	Sessions    []warta.Session
	CurrentID   string
}

// accountShow shows who the user is, their open sessions, two-factor
// status, and the button to sign out everywhere.
func (s *Studio) accountShow(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	v := accountView{layout: s.newLayout(r, "Akun saya")}
	if sess := auth.SessionFrom(r.Context()); sess != nil {
		v.TOTPEnabled, v.CurrentID = sess.TOTPEnabled, sess.ID
	}
	var err error
	if v.Sessions, err = s.auth.Sessions(r.Context(), u.ID); err != nil {
		return err
	}
	if u.AgencyID != "" {
		v.Agency = s.agencyByID(r, u.AgencyID)
	}
	s.render(w, r, http.StatusOK, "account", &v)
	return nil
}
