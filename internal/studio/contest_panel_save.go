package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// contestPanelSave changes a panel's name, scope and judges.
func (s *Studio) contestPanelSave(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	c, err := s.staffContest(r, u)
	if err != nil {
		return err
	}
	p, err := s.contestPanel(r, u, c)
	if err != nil {
		return err
	}
	return s.savePanel(w, r, u, c, p.ID)
}
