package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// articleEdit shows a story with the editing form (or its preview, when the
// user may no longer change it) and the workflow actions open to the user.
// Another agency's story is "not found" for a contributor.
func (s *Studio) articleEdit(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	return s.showArticle(w, r, u, r.PathValue("id"), nil, http.StatusOK)
}
