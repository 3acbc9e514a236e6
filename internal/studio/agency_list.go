package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// agencyListView lists the agencies with a form to add one.
type agencyListView struct {
	layout
	Agencies []warta.Agency
	Form     *form
}

// agencyList shows the agencies whose information Warta publishes.
func (s *Studio) agencyList(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	return s.renderAgencies(w, r, newForm(nil), http.StatusOK)
}

func (s *Studio) renderAgencies(w http.ResponseWriter, r *http.Request, f *form, status int) error {
	list, err := s.db.Agencies(r.Context())
	if err != nil {
		return err
	}
	v := agencyListView{layout: s.newLayout(r, "Instansi"), Agencies: list, Form: f}
	s.render(w, r, status, "agencies", &v)
	return nil
}
