package studio

import (
	"net/http"
	"net/url"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// articleNew shows an empty editor, with the writer's name as byline and,
// for editors, their own agency as the source.
func (s *Studio) articleNew(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	f := newForm(url.Values{"byline": {u.Name}, "agency": {u.AgencyID}})
	return s.renderEditor(w, r, u, nil, f, nil, nil, http.StatusOK)
}
