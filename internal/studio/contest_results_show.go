package studio

import (
	"net/http"
	"time"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// contestResultsView is the results preview: each category's leaderboard
// as the contest service computes it, and the winners' announcement.
type contestResultsView struct {
	layout
	Head     contestHead
	Results  *contest.Results
	Form     *form // the announcement form's refusal
	TieBreak string
	// DraftAt is when the announcement can be drafted: once judging and
	// the public vote are over.
	DraftAt  time.Time
	CanDraft bool
}

// contestResultsShow shows the leaderboards.
func (s *Studio) contestResultsShow(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	c, err := s.staffContest(r, u)
	if err != nil {
		return err
	}
	return s.renderResults(w, r, u, c, newForm(nil), http.StatusOK)
}

func (s *Studio) renderResults(w http.ResponseWriter, r *http.Request, u *warta.User, c *contest.Contest, f *form, status int) error {
	res, err := s.contests.Results(r.Context(), u, c.ID)
	if err != nil {
		return err
	}
	v := contestResultsView{layout: s.newLayout(r, "Hasil – "+c.Title), Head: s.newContestHead(res.Contest, "hasil"), Results: res,
		Form: f, TieBreak: res.Contest.TieBreak.Statement(), DraftAt: c.Timeline.JudgingEnd}
	if c.PublicVote && c.Timeline.VoteEnd.After(v.DraftAt) {
		v.DraftAt = c.Timeline.VoteEnd
	}
	v.CanDraft = !s.contests.Now().Before(v.DraftAt)
	s.render(w, r, status, "contest_results", &v)
	return nil
}
