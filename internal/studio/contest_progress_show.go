package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// contestProgressView is judging progress per judge, with the conflicts
// of interest the judges declared.
type contestProgressView struct {
	layout
	Head      contestHead
	Progress  []progressRow
	Conflicts []conflictRow
	Window    string
}

// progressRow is one judge's progress.
type progressRow struct {
	contest.Progress
	Percent int
}

// conflictRow is one declared conflict with the names it refers to.
type conflictRow struct {
	contest.Conflict
	Judge string
	Entry string // the entry's code and title, or "" for a participant
}

// contestProgressShow shows how far each judge is.
func (s *Studio) contestProgressShow(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	ctx := r.Context()
	c, err := s.staffContest(r, u)
	if err != nil {
		return err
	}
	v := contestProgressView{layout: s.newLayout(r, "Progres penjurian – "+c.Title), Head: s.newContestHead(c, "progres"),
		Window: judgingWindow(c, s.contests.Now())}
	progress, err := s.contests.JudgingProgress(ctx, u, c.ID)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, p := range progress {
		row := progressRow{Progress: p}
		if p.Total > 0 {
			row.Percent = p.Scored * 100 / p.Total
		}
		v.Progress = append(v.Progress, row)
		names[p.Judge.ID] = p.Judge.Name
	}
	conflicts, err := s.contests.Conflicts(ctx, u, c.ID)
	if err != nil {
		return err
	}
	if len(conflicts) > 0 {
		entries, err := s.contests.Entries(ctx, u, contest.EntryFilter{ContestID: c.ID})
		if err != nil {
			return err
		}
		titles := map[string]string{}
		for _, e := range entries {
			titles[e.ID] = e.Code() + " · " + e.Title
		}
		for _, cf := range conflicts {
			judge := names[cf.JudgeID]
			if judge == "" {
				if ju, err := s.db.UserByID(ctx, cf.JudgeID); err == nil {
					judge = ju.Name
				}
			}
			v.Conflicts = append(v.Conflicts, conflictRow{Conflict: cf, Judge: judge, Entry: titles[cf.EntryID]})
		}
	}
	s.render(w, r, http.StatusOK, "contest_progress", &v)
	return nil
}
