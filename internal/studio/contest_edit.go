package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// contestEdit shows a contest's settings in its form.
func (s *Studio) contestEdit(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	c, err := s.staffContest(r, u)
	if err != nil {
		return err
	}
	return s.renderContestForm(w, r, c, newForm(contestValues(c)), false, http.StatusOK)
}
