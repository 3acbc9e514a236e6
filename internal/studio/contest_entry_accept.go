package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// contestEntryAccept accepts an entry into judging and the public vote.
func (s *Studio) contestEntryAccept(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	c, err := s.staffContest(r, u)
	if err != nil {
		return err
	}
	e, err := s.staffEntry(r, u, c)
	if err != nil {
		return err
	}
	if _, err := s.contests.AcceptEntry(r.Context(), u, e.ID); err != nil {
		// A refusal (withdrawn meanwhile, results announced) shows on
		// the entry's page.
		f := newForm(nil)
		f.Prefix = "tolak-"
		if !fromError(f, err, nil, nil) {
			return err
		}
		return s.renderEntry(w, r, c, e, f, statusOf(err))
	}
	redirect(w, r, "/studio/lomba/"+c.ID+"/karya", "karya-diterima")
	return nil
}
