package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// contestSave replaces a contest's settings with the form's, or with
// "Pratinjau aturan" or an "add a row" button shows the form again without
// saving.
func (s *Studio) contestSave(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	c, err := s.staffContest(r, u)
	if err != nil {
		return err
	}
	return s.saveContest(w, r, u, c)
}
