package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// articleSave saves the editor's changes as a new revision (with the note
// typed), or with "preview" shows them without saving, or with "ajukan"
// saves and submits for review.
func (s *Studio) articleSave(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	if err := r.ParseForm(); err != nil {
		return warta.Errorf(warta.EInvalid, "Isian formulir tidak terbaca. Muat ulang halaman lalu coba lagi.")
	}
	ctx := r.Context()
	sa, err := s.nr.Get(ctx, u, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := warta.Authorize(u, warta.ActionEdit, sa.Article); err != nil {
		return err
	}
	f := newForm(r.PostForm)
	art := s.articleFromForm(ctx, f)
	art.ID = sa.ID
	if u.Role == warta.RoleContributor || art.AgencyID == "" {
		art.AgencyID = sa.AgencyID
	}
	if r.PostForm.Has("preview") {
		return s.renderEditor(w, r, u, sa, f, nil, s.buildPreview(ctx, art, sa.PublishedAt), http.StatusOK)
	}
	if f.Invalid() {
		return s.renderEditor(w, r, u, sa, f, nil, nil, http.StatusBadRequest)
	}
	if err := s.nr.Update(ctx, u, art, f.Get("note")); err != nil {
		if !fromError(f, err, articleFields, articleAliases) {
			return err
		}
		return s.renderEditor(w, r, u, sa, f, nil, nil, statusOf(err))
	}
	notice := "disimpan"
	if r.PostForm.Has("ajukan") {
		if _, err := s.nr.Submit(ctx, u, sa.ID); err != nil {
			return err
		}
		notice = "diajukan"
	}
	redirect(w, r, "/studio/artikel/"+sa.ID, notice)
	return nil
}
