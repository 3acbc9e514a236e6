package studio

import (
	"encoding/json"
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// userStatusSave disables an account, ending all its sessions at once, or
// enables it again; the audit log records which admin did it.
func (s *Studio) userStatusSave(w http.ResponseWriter, r *http.Request, admin *warta.User) error {
	if err := r.ParseForm(); err != nil {
		return warta.Errorf(warta.EInvalid, "Isian formulir tidak terbaca. Muat ulang halaman lalu coba lagi.")
	}
	ctx := r.Context()
	id := r.PathValue("id")
	disable := r.PostForm.Get("nonaktif") == "1"
	if id == admin.ID && disable {
		f := newForm(nil)
		f.Set("status", "Anda tidak dapat menonaktifkan akun Anda sendiri.")
		return s.renderUsers(w, r, newForm(nil), id, f, http.StatusBadRequest)
	}
	target, err := s.db.UserByID(ctx, id)
	if err != nil {
		return err
	}
	if err := s.db.SetUserDisabled(ctx, id, disable); err != nil {
		return err
	}
	action, notice := "user.enable", "diaktifkan"
	if disable {
		action, notice = "user.disable", "dinonaktifkan"
		if _, err := s.auth.LogoutEverywhere(ctx, id); err != nil {
			return err
		}
	}
	detail, _ := json.Marshal(map[string]any{"email": target.Email})
	if err := s.nr.RecordAudit(ctx, admin.ID, action, "user", id, string(detail), ""); err != nil {
		return err
	}
	redirect(w, r, "/studio/pengguna", notice)
	return nil
}
