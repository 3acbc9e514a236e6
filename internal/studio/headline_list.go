package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// headlineView is the order of the portal's Headline strip.
type headlineView struct {
	layout
	Articles []*warta.Article
	Form     *form
}

// maxHeadlines is how many headline stories the page orders.
const maxHeadlines = 50

// headlineList shows the live headline stories in the order readers see
// them, with a number field for each and buttons to move one up or down.
func (s *Studio) headlineList(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	if err := mayOrderHeadlines(u); err != nil {
		return err
	}
	return s.renderHeadlines(w, r, newForm(nil), http.StatusOK)
}

func (s *Studio) renderHeadlines(w http.ResponseWriter, r *http.Request, f *form, status int) error {
	list, err := s.db.Headlines(r.Context(), maxHeadlines)
	if err != nil {
		return err
	}
	v := headlineView{layout: s.newLayout(r, "Urutan headline"), Articles: list, Form: f}
	s.render(w, r, status, "headlines", &v)
	return nil
}

// mayOrderHeadlines refuses everyone but editors and admins.
func mayOrderHeadlines(u *warta.User) error {
	if u.Role != warta.RoleAdmin && u.Role != warta.RoleEditor {
		return warta.Errorf(warta.EForbidden, "Hanya redaktur dan admin yang dapat mengatur urutan headline.")
	}
	return nil
}
