package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// contestPanelCreate adds a judging panel to the contest.
func (s *Studio) contestPanelCreate(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	c, err := s.staffContest(r, u)
	if err != nil {
		return err
	}
	return s.savePanel(w, r, u, c, "")
}
