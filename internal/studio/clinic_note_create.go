package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// clinicNoteCreate adds an internal note and/or an evidence link to the
// claim.
func (s *Studio) clinicNoteCreate(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if err := s.clinic.AddNote(r.Context(), u, id, f.Get("body"), f.Get("evidence_url")); err != nil {
		if !fromError(f, err, []string{"body", "evidence_url"}, map[string]string{"evidence": "evidence_url", "url": "evidence_url"}) {
			return err
		}
		return s.renderClaim(w, r, u, claimForms{Note: f}, statusOf(err))
	}
	redirect(w, r, "/studio/klinik/"+id, "catatan-dibuat")
	return nil
}
