package studio

import (
	"net/http"
	"net/url"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// contestEntryView is one entry for moderation: the work, who sent it,
// and the decisions an editor can take on it.
type contestEntryView struct {
	layout
	Head        contestHead
	Entry       *contest.Entry
	Work        work
	Category    string
	Reject      *form
	CanModerate bool   // not withdrawn, results not yet announced
	Closed      string // why no decision can be taken
}

// contestEntryShow shows an entry for moderation.
func (s *Studio) contestEntryShow(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	c, err := s.staffContest(r, u)
	if err != nil {
		return err
	}
	e, err := s.staffEntry(r, u, c)
	if err != nil {
		return err
	}
	f := newForm(url.Values{"reason": {e.Reason}})
	f.Prefix = "tolak-"
	return s.renderEntry(w, r, c, e, f, http.StatusOK)
}

func (s *Studio) renderEntry(w http.ResponseWriter, r *http.Request, c *contest.Contest, e *contest.Entry, reject *form, status int) error {
	v := contestEntryView{layout: s.newLayout(r, "Karya "+e.Code()+" – "+c.Title), Head: s.newContestHead(c, "karya"), Entry: e,
		Work: newWork(e, "/studio/lomba/"+c.ID+"/karya/"+e.ID+"/berkas"), Category: categoryNames(c)[e.CategoryID], Reject: reject}
	switch {
	case e.Status == contest.EntryWithdrawn:
		v.Closed = "Karya ini sudah ditarik pesertanya."
	case c.Announced(s.contests.Now()):
		v.Closed = "Hasil lomba sudah diumumkan; moderasi sudah ditutup."
	default:
		v.CanModerate = true
	}
	s.render(w, r, status, "contest_entry", &v)
	return nil
}
