package studio

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// judgingEntryScore records the judge's scores for an entry, replacing
// earlier ones, while judging is open.
func (s *Studio) judgingEntryScore(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	c, err := s.judgeContest(r, u)
	if err != nil {
		return err
	}
	e, err := s.judgeEntry(r, u, c)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return warta.Errorf(warta.EInvalid, "Isian formulir tidak terbaca. Muat ulang halaman lalu coba lagi.")
	}
	f := newForm(r.PostForm)
	scores := map[string]int{}
	for _, cr := range e.Criteria {
		raw := strings.TrimSpace(f.Get("score_" + cr.ID))
		if raw == "" {
			continue
		}
		n, err := strconv.Atoi(raw)
		if err != nil {
			f.Set("score_"+cr.ID, "Nilai "+cr.Name+" ditulis dengan bilangan bulat 1–100.")
			continue
		}
		scores[cr.ID] = n
	}
	if f.Invalid() {
		return s.renderScoring(w, r, c, e, f, http.StatusBadRequest)
	}
	if err := s.contests.ScoreEntry(r.Context(), u, e.ID, scores); err != nil {
		if !fromError(f, err, scoreFields(e), nil) {
			return err
		}
		return s.renderScoring(w, r, c, e, f, statusOf(err))
	}
	redirect(w, r, "/studio/penjurian/"+c.ID, "nilai-disimpan")
	return nil
}
