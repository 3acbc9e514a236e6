package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// contestNew shows the empty contest form.
func (s *Studio) contestNew(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	return s.renderContestForm(w, r, nil, newForm(newContestValues()), false, http.StatusOK)
}
