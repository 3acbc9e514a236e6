package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// judgingEntryFile serves an entry's file to a judge who scores it. Images
// were re-encoded when stored, so they carry no metadata naming their
// author.
func (s *Studio) judgingEntryFile(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	c, err := s.judgeContest(r, u)
	if err != nil {
		return err
	}
	e, err := s.judgeEntry(r, u, c)
	if err != nil {
		return err
	}
	return s.serveEntryFile(w, r, &e.Entry)
}
