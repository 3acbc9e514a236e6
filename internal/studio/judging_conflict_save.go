package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// judgingConflictSave records the judge's conflict of interest with one
// entry or with a participant named by email.
func (s *Studio) judgingConflictSave(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	c, err := s.judgeContest(r, u)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return warta.Errorf(warta.EInvalid, "Isian formulir tidak terbaca. Muat ulang halaman lalu coba lagi.")
	}
	f := newForm(r.PostForm)
	cf := &contest.Conflict{ContestID: c.ID, EntryID: f.Get("entry"), ParticipantEmail: f.Get("participant_email"), Reason: f.Get("reason")}
	if err := s.contests.DeclareConflict(r.Context(), u, cf); err != nil {
		if !fromError(f, err, conflictFields, nil) {
			return err
		}
		return s.renderJudging(w, r, u, c, f, statusOf(err))
	}
	redirect(w, r, "/studio/penjurian/"+c.ID, "konflik-dicatat")
	return nil
}
