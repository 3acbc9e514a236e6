package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// contestListView is the list of contests, published or not.
type contestListView struct {
	layout
	Rows []contestRow
}

// contestRow is one contest with its phase now.
type contestRow struct {
	contest.Contest
	Phase contest.Phase
}

// contestList shows every contest, those opening latest first.
func (s *Studio) contestList(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	cs, err := s.contests.Contests(r.Context(), u, contest.ContestFilter{})
	if err != nil {
		return err
	}
	v := contestListView{layout: s.newLayout(r, "Lomba")}
	now := s.contests.Now()
	for _, c := range cs {
		v.Rows = append(v.Rows, contestRow{Contest: c, Phase: c.Phase(now)})
	}
	s.render(w, r, http.StatusOK, "contest_list", &v)
	return nil
}
