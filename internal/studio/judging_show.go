package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// conflictFields are the conflict form's inputs.
var conflictFields = []string{"entry", "participant_email", "reason"}

// judgingContestView is one contest as a judge works on it: the entries to
// score by category, and the declaration of conflicts of interest.
type judgingContestView struct {
	layout
	Contest    *contest.Contest
	Window     string
	Open       bool   // scores may be given now
	Waiting    string // why there are no entries to show yet
	Groups     []judgeGroup
	Scored     int
	Total      int
	Conflict   *form
	CanDeclare bool
	Conflicts  []conflictRow // the judge's own
}

// judgeGroup is one category's entries for the judge.
type judgeGroup struct {
	Category string
	Criteria []contest.Criterion
	Entries  []contest.JudgeEntry
}

// judgingShow shows a contest's entries to the judge.
func (s *Studio) judgingShow(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	c, err := s.judgeContest(r, u)
	if err != nil {
		return err
	}
	return s.renderJudging(w, r, u, c, newForm(nil), http.StatusOK)
}

func (s *Studio) renderJudging(w http.ResponseWriter, r *http.Request, u *warta.User, c *contest.Contest, f *form, status int) error {
	ctx := r.Context()
	now := s.contests.Now()
	v := judgingContestView{layout: s.newLayout(r, "Penjurian – "+c.Title), Contest: c, Window: judgingWindow(c, now),
		Open: c.JudgingOpen(now), Conflict: f, CanDeclare: now.Before(c.Timeline.JudgingEnd)}
	entries, err := s.contests.JudgeEntries(ctx, u, c.ID)
	if warta.ErrorCode(err) == warta.EConflict {
		v.Waiting = warta.ErrorMessage(err)
	} else if err != nil {
		return err
	}
	for _, cat := range c.Categories {
		g := judgeGroup{Category: cat.Name}
		for _, e := range entries {
			if e.CategoryID == cat.ID {
				g.Entries = append(g.Entries, e)
				if e.Scored() {
					v.Scored++
				}
			}
		}
		if len(g.Entries) > 0 {
			g.Criteria = g.Entries[0].Criteria
			v.Total += len(g.Entries)
			v.Groups = append(v.Groups, g)
		}
	}
	conflicts, err := s.contests.Conflicts(ctx, u, c.ID)
	if err != nil {
		return err
	}
	for _, cf := range conflicts {
		v.Conflicts = append(v.Conflicts, conflictRow{Conflict: cf})
	}
	s.render(w, r, status, "judging_contest", &v)
	return nil
}
