package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// contestEntryReject rejects an entry with the reason typed, which the
// participant sees; without one the entry's page comes back asking for it.
func (s *Studio) contestEntryReject(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	c, err := s.staffContest(r, u)
	if err != nil {
		return err
	}
	e, err := s.staffEntry(r, u, c)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return warta.Errorf(warta.EInvalid, "Isian formulir tidak terbaca. Muat ulang halaman lalu coba lagi.")
	}
	f := newForm(r.PostForm)
	f.Prefix = "tolak-"
	if _, err := s.contests.RejectEntry(r.Context(), u, e.ID, f.Get("reason")); err != nil {
		if !fromError(f, err, []string{"reason"}, nil) {
			return err
		}
		return s.renderEntry(w, r, c, e, f, statusOf(err))
	}
	redirect(w, r, "/studio/lomba/"+c.ID+"/karya", "karya-ditolak")
	return nil
}
