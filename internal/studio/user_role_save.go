package studio

import (
	"encoding/json"
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// userRoleSave changes an account's role and agency, and records the
// change, before and after, in the audit log. Admins cannot take away their
// own admin role, so the studio always keeps one admin who can undo it.
func (s *Studio) userRoleSave(w http.ResponseWriter, r *http.Request, admin *warta.User) error {
	if err := r.ParseForm(); err != nil {
		return warta.Errorf(warta.EInvalid, "Isian formulir tidak terbaca. Muat ulang halaman lalu coba lagi.")
	}
	ctx := r.Context()
	id := r.PathValue("id")
	f := newForm(r.PostForm)
	role, agency := warta.Role(f.Get("role")), f.Get("agency")
	if id == admin.ID && role != warta.RoleAdmin {
		f.Set("role", "Anda tidak dapat mencabut peran admin Anda sendiri. Minta admin lain untuk melakukannya.")
		return s.renderUsers(w, r, newForm(nil), id, f, http.StatusBadRequest)
	}
	before, err := s.db.SetUserRole(ctx, id, role, agency)
	if err != nil {
		if !fromError(f, err, []string{"role", "agency"}, nil) {
			return err
		}
		return s.renderUsers(w, r, newForm(nil), id, f, statusOf(err))
	}
	detail, _ := json.Marshal(map[string]any{"email": before.Email, "from_role": before.Role, "to_role": role,
		"from_agency_id": before.AgencyID, "to_agency_id": agency})
	if err := s.nr.RecordAudit(ctx, admin.ID, "user.role", "user", id, string(detail), ""); err != nil {
		return err
	}
	redirect(w, r, "/studio/pengguna", "peran-diubah")
	return nil
}
