package studio

import (
	"crypto/rand"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/kominfo-jatim/warta/internal/clientip"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// userFields are the new-account form's inputs.
var userFields = []string{"name", "email", "role", "agency", "password"}

// userCreate adds an account. With a password typed, the admin passes it on
// to the person; left empty, the account gets a random password and the
// person an email with a link to choose their own. The audit log records
// who made which account with which role.
func (s *Studio) userCreate(w http.ResponseWriter, r *http.Request, admin *warta.User) error {
	if err := r.ParseForm(); err != nil {
		return warta.Errorf(warta.EInvalid, "Isian formulir tidak terbaca. Muat ulang halaman lalu coba lagi.")
	}
	ctx := r.Context()
	f := newForm(r.PostForm)
	password := f.Get("password")
	f.Values.Del("password")
	nu := &warta.User{Name: strings.TrimSpace(f.Get("name")), Email: f.Get("email"), Role: warta.Role(f.Get("role")), AgencyID: f.Get("agency")}
	f.Require("name", "Nama wajib diisi.", "email", "Alamat email wajib diisi.")
	if nu.Role == warta.RoleContributor && nu.AgencyID == "" {
		f.Set("agency", "Kontributor wajib terikat pada satu instansi. Pilih instansinya.")
	}
	if f.Invalid() {
		return s.renderUsers(w, r, f, "", nil, http.StatusBadRequest)
	}
	mailLink := password == ""
	if mailLink {
		password = rand.Text() + rand.Text()
	}
	if err := s.db.CreateUser(ctx, nu, password); err != nil {
		if !fromError(f, err, userFields, nil) {
			return err
		}
		return s.renderUsers(w, r, f, "", nil, statusOf(err))
	}
	detail, _ := json.Marshal(map[string]any{"email": nu.Email, "name": nu.Name, "role": nu.Role, "agency_id": nu.AgencyID})
	if err := s.nr.RecordAudit(ctx, admin.ID, "user.create", "user", nu.ID, string(detail), ""); err != nil {
		return err
	}
	notice := "pengguna-dibuat"
	if mailLink {
		if err := s.auth.RequestPasswordReset(ctx, nu.Email, clientip.Of(r)); err != nil {
			return err
		}
		notice = "pengguna-tautan"
	}
	redirect(w, r, "/studio/pengguna", notice)
	return nil
}
