package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// clinicClaimSave edits the claim's title, region and election flag.
func (s *Studio) clinicClaimSave(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if err := s.clinic.UpdateClaim(r.Context(), u, id, f.Get("title"), f.Get("region_code"), f.Get("election") != ""); err != nil {
		if !fromError(f, err, []string{"title", "region_code"}, map[string]string{"region": "region_code"}) {
			return err
		}
		return s.renderClaim(w, r, u, claimForms{Edit: f}, statusOf(err))
	}
	redirect(w, r, "/studio/klinik/"+id, "klaim-disimpan")
	return nil
}
