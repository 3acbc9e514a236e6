package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// judgingListView is a judge's contests with their progress in each.
type judgingListView struct {
	layout
	Rows []judgingRow
}

// judgingRow is one contest the judge sits on a panel of.
type judgingRow struct {
	Contest       contest.Contest
	Window        string
	Open          bool
	Scored, Total int
}

// judgingList shows the judge's contests.
func (s *Studio) judgingList(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	ctx := r.Context()
	cs, err := s.contests.JudgeContests(ctx, u)
	if err != nil {
		return err
	}
	v := judgingListView{layout: s.newLayout(r, "Penjurian")}
	now := s.contests.Now()
	for _, c := range cs {
		row := judgingRow{Contest: c, Window: judgingWindow(&c, now), Open: c.JudgingOpen(now)}
		progress, err := s.contests.JudgingProgress(ctx, u, c.ID)
		if err != nil {
			return err
		}
		for _, p := range progress {
			row.Scored, row.Total = p.Scored, p.Total
		}
		v.Rows = append(v.Rows, row)
	}
	s.render(w, r, http.StatusOK, "judging_list", &v)
	return nil
}

// judgeContest reads the contest named in the path among those the judge
// sits on a panel of.
func (s *Studio) judgeContest(r *http.Request, u *warta.User) (*contest.Contest, error) {
	cs, err := s.contests.JudgeContests(r.Context(), u)
	if err != nil {
		return nil, err
	}
	for i := range cs {
		if cs[i].ID == r.PathValue("id") {
			return &cs[i], nil
		}
	}
	return nil, warta.Errorf(warta.EForbidden, "Anda tidak termasuk panel juri lomba ini.")
}

// judgeEntry reads the entry named in the path among those the judge
// scores in the contest: never one the judge declared a conflict with.
func (s *Studio) judgeEntry(r *http.Request, u *warta.User, c *contest.Contest) (*contest.JudgeEntry, error) {
	entries, err := s.contests.JudgeEntries(r.Context(), u, c.ID)
	if warta.ErrorCode(err) == warta.EConflict {
		// Before judging opens there is nothing to see yet.
		return nil, warta.Errorf(warta.EForbidden, "%s", warta.ErrorMessage(err))
	} else if err != nil {
		return nil, err
	}
	for i := range entries {
		if entries[i].ID == r.PathValue("entry") {
			return &entries[i], nil
		}
	}
	return nil, warta.Errorf(warta.ENotFound, "Karya tidak ditemukan di antara karya yang Anda nilai.")
}
