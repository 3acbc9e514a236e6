package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// clinicSuggestionConfirm answers the claim with the verdict intake
// suggested: the one-click confirmation.
func (s *Studio) clinicSuggestionConfirm(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	id := r.PathValue("id")
	if err := s.clinic.ConfirmSuggestion(r.Context(), u, id); err != nil {
		return err
	}
	redirect(w, r, "/studio/klinik/"+id, "saran-konfirmasi")
	return nil
}
