package api

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// showArticle answers with one article. One the user may not see, such as
// another agency's draft for a contributor, is not found.
func (a *API) showArticle(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	sa, err := a.nr.Get(r.Context(), u, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a.article(u, sa))
}
