package studio

import (
	"context"
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// actionFields are the inputs of the workflow action forms.
var actionFields = []string{"comment", "scheduled_at", "note"}

// articleAct runs one workflow step on the article in the URL. On success
// the browser goes back to the article with notice; an error the user can
// fix (a missing comment, a time already past, a status changed meanwhile)
// re-renders the article with the message beside the action's field and
// what was typed kept; a refusal is a 403 page.
func (s *Studio) articleAct(w http.ResponseWriter, r *http.Request, u *warta.User, notice string,
	do func(ctx context.Context, id string, f *form) error) error {
	if err := r.ParseForm(); err != nil {
		return warta.Errorf(warta.EInvalid, "Isian formulir tidak terbaca. Muat ulang halaman lalu coba lagi.")
	}
	id := r.PathValue("id")
	f := newForm(r.PostForm)
	err := do(r.Context(), id, f)
	if err == nil {
		redirect(w, r, "/studio/artikel/"+id, notice)
		return nil
	}
	if !fromError(f, err, actionFields, nil) {
		return err
	}
	return s.showArticle(w, r, u, id, f, statusOf(err))
}
