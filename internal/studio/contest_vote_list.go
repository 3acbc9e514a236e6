package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// contestVotesView is the review of the public vote: the votes flagged as
// possibly automated, waiting for a decision, and those already decided.
type contestVotesView struct {
	layout
	Head        contestHead
	Form        *form
	Flagged     []voteRow
	Reviewed    []voteRow
	Counted     int // votes that count now
	Unconfirmed int // votes whose voter has not followed the emailed link
	Closed      bool
}

// voteRow is one vote with the entry it is for.
type voteRow struct {
	contest.Vote
	Entry string // the entry's code and title
}

// contestVoteList shows the flagged votes for review.
func (s *Studio) contestVoteList(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	c, err := s.staffContest(r, u)
	if err != nil {
		return err
	}
	return s.renderVotes(w, r, u, c, newForm(nil), http.StatusOK)
}

func (s *Studio) renderVotes(w http.ResponseWriter, r *http.Request, u *warta.User, c *contest.Contest, f *form, status int) error {
	ctx := r.Context()
	v := contestVotesView{layout: s.newLayout(r, "Suara publik – "+c.Title), Head: s.newContestHead(c, "suara"), Form: f,
		Closed: c.Announced(s.contests.Now())}
	votes, err := s.contests.Votes(ctx, u, contest.VoteFilter{ContestID: c.ID, AnyFlag: true})
	if err != nil {
		return err
	}
	entries, err := s.contests.Entries(ctx, u, contest.EntryFilter{ContestID: c.ID})
	if err != nil {
		return err
	}
	titles := map[string]string{}
	for _, e := range entries {
		titles[e.ID] = e.Code() + " · " + e.Title
	}
	for _, vt := range votes {
		row := voteRow{Vote: vt, Entry: titles[vt.EntryID]}
		switch {
		case vt.Flag == contest.VoteFlagged:
			v.Flagged = append(v.Flagged, row)
		case vt.Flag != contest.VoteClean:
			v.Reviewed = append(v.Reviewed, row)
		}
		if vt.Counted() {
			v.Counted++
		}
		if vt.ConfirmedAt.IsZero() {
			v.Unconfirmed++
		}
	}
	s.render(w, r, status, "contest_votes", &v)
	return nil
}
