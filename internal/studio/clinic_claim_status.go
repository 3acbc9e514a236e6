package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// clinicClaimStatus moves the claim to the status chosen; rejecting needs
// a reason, which the reporters' ticket pages show.
func (s *Studio) clinicClaimStatus(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if err := s.clinic.SetStatus(r.Context(), u, id, f.Get("status"), f.Get("reason")); err != nil {
		if !fromError(f, err, []string{"status", "reason"}, nil) {
			return err
		}
		return s.renderClaim(w, r, u, claimForms{Status: f}, statusOf(err))
	}
	redirect(w, r, "/studio/klinik/"+id, "status-diubah")
	return nil
}
