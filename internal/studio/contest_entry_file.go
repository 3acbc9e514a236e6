package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// contestEntryFile serves an entry's file to the editors moderating it.
// Entry files stay off /media/: only staff and the entry's judges see them
// before the results.
func (s *Studio) contestEntryFile(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	c, err := s.staffContest(r, u)
	if err != nil {
		return err
	}
	e, err := s.staffEntry(r, u, c)
	if err != nil {
		return err
	}
	return s.serveEntryFile(w, r, e)
}
