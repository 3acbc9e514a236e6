package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// clinicClaimAssign gives the claim to the checker chosen ("Ambil" sends
// the viewer's own id; an empty choice leaves it with nobody).
func (s *Studio) clinicClaimAssign(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	to := f.Get("user_id")
	if err := s.clinic.Assign(r.Context(), u, id, to); err != nil {
		return err
	}
	notice := "klaim-diambil"
	if to == "" {
		notice = "klaim-dilepas"
	}
	redirect(w, r, "/studio/klinik/"+id, notice)
	return nil
}
