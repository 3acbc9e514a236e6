package api

import (
	"net/http"
	"strings"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// articlePatch is a PATCH of an article: the fields to change, a note for
// the revision, and a public correction note.
type articlePatch struct {
	articleInput
	Note       *string `json:"note"`
	Correction *string `json:"correction"`
}

// updateArticle changes the fields sent. Content changes go through the
// service's Update, which keeps a revision; a change of the headline flag
// or order alone is not an edit of the story and leaves no revision; a
// correction is added after the edit. Whether the user may do each part is
// checked before any is saved, so that a refusal leaves the article as it
// was; as with the transitions, an article the user may not change is 403,
// not 404.
func (a *API) updateArticle(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	var in articlePatch
	if err := decodeJSON(w, r, &in, true); err != nil {
		return err
	}
	id := r.PathValue("id")
	ctx := r.Context()
	content := in.content()
	headline := in.Headline != nil || in.HeadlineOrder != nil
	if !content && !headline && in.Correction == nil {
		if in.Note != nil {
			return invalid("note", "Catatan revisi (note) menyertai perubahan; kirim juga isian yang diubah, mis. \"body\".")
		}
		return invalid("", `Tidak ada yang diubah. Kirim paling sedikit satu isian, mis. {"title": "Judul baru"}.`)
	}
	cur, err := a.db.StaffArticle(ctx, id)
	if err != nil {
		return err
	}
	switch {
	case content:
		err = warta.Authorize(u, warta.ActionEdit, cur.Article)
	case headline:
		err = warta.Authorize(u, warta.ActionHeadline, cur.Article)
	}
	if err != nil {
		return err
	}
	var correction string
	if in.Correction != nil {
		correction = strings.TrimSpace(*in.Correction)
		if err := warta.Authorize(u, warta.ActionCorrect, cur.Article); err != nil {
			return err
		}
		if correction == "" {
			return invalid("correction", "Catatan koreksi wajib diisi: jelaskan kepada pembaca apa yang diperbaiki.")
		}
		if _, err := warta.Transition(warta.ActionCorrect, cur.Status); err != nil {
			return err
		}
	}
	switch {
	case content:
		art := *cur.Article
		if err := a.apply(ctx, &in.articleInput, &art); err != nil {
			return err
		}
		note := ""
		if in.Note != nil {
			note = strings.TrimSpace(*in.Note)
		}
		if err := a.nr.Update(ctx, u, &art, note); err != nil {
			return err
		}
	case headline:
		on, order := cur.Headline, cur.HeadlineOrder
		if in.Headline != nil {
			on = *in.Headline
		}
		if in.HeadlineOrder != nil {
			if order = *in.HeadlineOrder; order < 0 {
				return invalid("headline_order", "Urutan headline tidak boleh negatif; 1 tampil paling depan.")
			}
		}
		if _, err := a.nr.SetHeadline(ctx, u, id, on, order); err != nil {
			return err
		}
	}
	if in.Correction != nil {
		if _, err := a.nr.Correct(ctx, u, id, correction); err != nil {
			return renameField(err, "note", "correction")
		}
	}
	sa, err := a.nr.Get(ctx, u, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a.article(u, sa))
}
