package studio

import (
	"net/http"
	"strconv"

	"github.com/kominfo-jatim/warta/internal/newsroom"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// historyView is an article's workflow history and its revisions compared.
type historyView struct {
	layout
	Article   *warta.StaffArticle
	Events    []warta.WorkflowEvent
	Revisions []warta.Revision
	Names     map[string]string
	From, To  int
	Diff      []diffBlock
}

// diffBlock is the changed lines of one field (title, dek, body).
type diffBlock struct {
	Label string
	Lines []newsroom.DiffLine
}

// articleHistory lists who did what to the article, with comments, and
// compares two revisions (?dari=&ke=; by default the latest with the one
// before).
func (s *Studio) articleHistory(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	ctx := r.Context()
	id := r.PathValue("id")
	sa, err := s.nr.Get(ctx, u, id)
	if err != nil {
		return err
	}
	v := historyView{layout: s.newLayout(r, "Riwayat: "+sa.Title), Article: sa, Names: s.userNames(r)}
	if v.Events, err = s.nr.History(ctx, u, id); err != nil {
		return err
	}
	if v.Revisions, err = s.nr.Revisions(ctx, u, id); err != nil {
		return err
	}
	q := r.URL.Query()
	v.From, _ = strconv.Atoi(q.Get("dari"))
	v.To, _ = strconv.Atoi(q.Get("ke"))
	if len(v.Revisions) > 0 {
		if v.To == 0 {
			v.To = v.Revisions[len(v.Revisions)-1].Number
		}
		if v.From == 0 || v.From >= v.To {
			v.From = v.To - 1
		}
		lines, err := s.nr.Diff(ctx, u, id, v.From, v.To)
		if err != nil {
			return err
		}
		labels := map[string]string{"title": "Judul", "dek": "Dek", "body": "Isi"}
		for _, l := range lines {
			if n := len(v.Diff); n == 0 || v.Diff[n-1].Label != labels[l.Field] {
				v.Diff = append(v.Diff, diffBlock{Label: labels[l.Field]})
			}
			b := &v.Diff[len(v.Diff)-1]
			b.Lines = append(b.Lines, l)
		}
	}
	s.render(w, r, http.StatusOK, "history", &v)
	return nil
}
