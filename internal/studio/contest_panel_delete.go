package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// contestPanelDelete removes a panel once the editor ticked that they are
// sure: its judges no longer score the entries it covered, and scores they
// gave through it no longer count.
func (s *Studio) contestPanelDelete(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	c, err := s.staffContest(r, u)
	if err != nil {
		return err
	}
	p, err := s.contestPanel(r, u, c)
	if err != nil {
		return err
	}
	if r.PostFormValue("yakin") == "" {
		f := newForm(nil)
		f.Prefix = "hapus-" + p.ID + "-"
		f.Set("yakin", "Centang “Ya, hapus panel” untuk menghapus panel "+p.Name+".")
		return s.renderPanels(w, r, u, c, panelFailure{ID: p.ID, Form: f, Remove: true}, http.StatusBadRequest)
	}
	if err := s.contests.DeletePanel(r.Context(), u, p.ID); err != nil {
		return err
	}
	redirect(w, r, "/studio/lomba/"+c.ID+"/panel", "panel-dihapus")
	return nil
}
