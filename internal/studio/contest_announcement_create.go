package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// contestAnnouncementCreate drafts the winners' announcement as a
// newsroom article and opens it in the editor.
func (s *Studio) contestAnnouncementCreate(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	c, err := s.staffContest(r, u)
	if err != nil {
		return err
	}
	art, err := s.contests.DraftAnnouncement(r.Context(), u, c.ID)
	if err != nil {
		f := newForm(nil)
		if !fromError(f, err, nil, nil) {
			return err
		}
		return s.renderResults(w, r, u, c, f, statusOf(err))
	}
	redirect(w, r, "/studio/artikel/"+art.ID, "pengumuman-dibuat")
	return nil
}
