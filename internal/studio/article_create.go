package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// articleCreate saves a new draft, or with the "preview" button shows it as
// readers will see it without saving, or with "ajukan" saves and submits
// it for review at once.
func (s *Studio) articleCreate(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	if err := r.ParseForm(); err != nil {
		return warta.Errorf(warta.EInvalid, "Isian formulir tidak terbaca. Muat ulang halaman lalu coba lagi.")
	}
	ctx := r.Context()
	f := newForm(r.PostForm)
	art := s.articleFromForm(ctx, f)
	if u.Role == warta.RoleContributor {
		art.AgencyID = u.AgencyID
	} else if art.AgencyID == "" {
		f.Set("agency", "Pilih sumber resmi berita ini.")
	}
	if r.PostForm.Has("preview") {
		return s.renderEditor(w, r, u, nil, f, nil, s.buildPreview(ctx, art, s.now()), http.StatusOK)
	}
	if f.Invalid() {
		return s.renderEditor(w, r, u, nil, f, nil, nil, http.StatusBadRequest)
	}
	if err := s.nr.Create(ctx, u, art); err != nil {
		if !fromError(f, err, articleFields, articleAliases) {
			return err
		}
		return s.renderEditor(w, r, u, nil, f, nil, nil, statusOf(err))
	}
	notice := "dibuat"
	if r.PostForm.Has("ajukan") {
		if _, err := s.nr.Submit(ctx, u, art.ID); err != nil {
			return err
		}
		notice = "diajukan"
	}
	redirect(w, r, "/studio/artikel/"+art.ID, notice)
	return nil
}
