package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// previewRender answers the editor's script with the preview of the form's
// current content, as an HTML fragment, for the live preview beside the
// text. Without the script, the editor's "Pratinjau" button does the same
// with a whole page.
func (s *Studio) previewRender(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	if err := r.ParseForm(); err != nil {
		return warta.Errorf(warta.EInvalid, "Isian formulir tidak terbaca.")
	}
	art := s.articleFromForm(r.Context(), newForm(r.PostForm))
	if u.Role == warta.RoleContributor || art.AgencyID == "" {
		art.AgencyID = u.AgencyID
	}
	s.renderFragment(w, "preview", "preview", s.buildPreview(r.Context(), art, s.now()))
	return nil
}
