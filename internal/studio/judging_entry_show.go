package studio

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// judgingEntryView is one entry as a judge scores it: the work, and a
// score of 1–100 for each criterion of its rubric, read-only once judging
// has closed.
type judgingEntryView struct {
	layout
	Contest  *contest.Contest
	Entry    *contest.JudgeEntry
	Work     work
	Category string
	Form     *form
	Rows     []scoreRow
	Open     bool
	Locked   string // why the scores can no longer change
}

// scoreRow is one criterion with the score typed or stored.
type scoreRow struct {
	contest.Criterion
	Field string // the input's name: "score_" and the criterion's ID
	Value string
}

// judgingEntryShow shows an entry's scoring form.
func (s *Studio) judgingEntryShow(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	c, err := s.judgeContest(r, u)
	if err != nil {
		return err
	}
	e, err := s.judgeEntry(r, u, c)
	if err != nil {
		return err
	}
	v := url.Values{}
	for id, n := range e.Scores {
		v.Set("score_"+id, strconv.Itoa(n))
	}
	return s.renderScoring(w, r, c, e, newForm(v), http.StatusOK)
}

func (s *Studio) renderScoring(w http.ResponseWriter, r *http.Request, c *contest.Contest, e *contest.JudgeEntry, f *form, status int) error {
	now := s.contests.Now()
	v := judgingEntryView{layout: s.newLayout(r, "Karya "+e.Code+" – "+c.Title), Contest: c, Entry: e,
		Work: newWork(&e.Entry, "/studio/penjurian/"+c.ID+"/karya/"+e.ID+"/berkas"), Category: categoryNames(c)[e.CategoryID],
		Form: f, Open: c.JudgingOpen(now)}
	if !now.Before(c.Timeline.JudgingEnd) {
		v.Locked = "Penjurian sudah ditutup pada " + contest.FormatWIB(c.Timeline.JudgingEnd) + "; nilai sudah dikunci dan hanya dapat dilihat."
	}
	for _, cr := range e.Criteria {
		name := "score_" + cr.ID
		v.Rows = append(v.Rows, scoreRow{Criterion: cr, Field: name, Value: f.Get(name)})
	}
	s.render(w, r, status, "judging_entry", &v)
	return nil
}

// scoreFields are the scoring form's inputs for an entry's rubric.
func scoreFields(e *contest.JudgeEntry) []string {
	out := make([]string, len(e.Criteria))
	for i, cr := range e.Criteria {
		out[i] = "score_" + cr.ID
	}
	return out
}
