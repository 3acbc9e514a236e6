package contestweb

import (
	"net/http"
	"net/url"

	"github.com/kominfo-jatim/warta/internal/clientip"
	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/httperr"
)

// ballotCategory is one category of the ballot with its own form: one
// vote per email per category.
type ballotCategory struct {
	Category contest.Category
	Entries  []contest.Entry
	Form     *form
	Sent     bool // a confirmation link was just sent
}

type voteView struct {
	C          *contest.Contest
	Closed     string // why there is no vote now
	Announced  bool
	Categories []ballotCategory
}

// voteShow is GET /lomba/{slug}/pilih: while the public vote is open, the
// accepted entries of each category and a field for the email that
// receives the confirmation link.
func (web *Web) voteShow(w http.ResponseWriter, r *http.Request) error {
	return web.renderVote(w, r, http.StatusOK, "", nil)
}

// voteRequest is POST /lomba/{slug}/pilih: the chosen entry and the
// voter's email; the vote counts once the emailed link is followed.
func (web *Web) voteRequest(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c, err := web.cs.Contest(ctx, nil, r.PathValue("slug"))
	if err != nil {
		return err
	}
	cat, ok := c.Category(r.PostFormValue("category"))
	if !ok {
		return invalid("category", "Pilih kategori lomba.")
	}
	f := newForm(voteFormPrefix(cat), url.Values{"email": {r.PostFormValue("email")}, "entry": {r.PostFormValue("entry")}})
	entries, err := web.ballot(ctx, c)
	if err != nil {
		return err
	}
	onBallot := false
	for _, e := range entries {
		onBallot = onBallot || e.ID == f.Get("entry") && e.CategoryID == cat.ID
	}
	if f.Get("entry") == "" || !onBallot && len(entries) > 0 {
		f.Set("entry", "Pilih satu karya di kategori "+cat.Name+".")
		return web.renderVote(w, r, http.StatusBadRequest, cat.ID, f)
	}
	if err := web.cs.RequestVote(ctx, f.Get("entry"), f.Get("email"), clientip.Of(r)); err != nil {
		if !refuse(f, err, "email", "entry") {
			return err
		}
		return web.renderVote(w, r, httperr.Status(err), cat.ID, f)
	}
	return seeOther(w, r, c.Path()+"/pilih?terkirim="+url.QueryEscape(cat.Slug)+"#"+voteFormPrefix(cat)+"judul")
}

// renderVote shows the ballot; f, when given, is the form of the category
// failing.
func (web *Web) renderVote(w http.ResponseWriter, r *http.Request, status int, failing string, f *form) error {
	ctx := r.Context()
	c, err := web.cs.Contest(ctx, nil, r.PathValue("slug"))
	if err != nil {
		return err
	}
	now := web.cs.Now()
	v := voteView{C: c, Announced: c.Announced(now)}
	switch {
	case !c.PublicVote:
		v.Closed = "Lomba ini tidak memakai pemungutan suara publik."
	case now.Before(c.Timeline.VoteStart):
		v.Closed = "Pemungutan suara publik dibuka pada " + contest.FormatWIB(c.Timeline.VoteStart) + "."
	case !c.VotingOpen(now):
		v.Closed = "Pemungutan suara publik sudah ditutup pada " + contest.FormatWIB(c.Timeline.VoteEnd) + "."
	}
	if v.Closed != "" {
		return web.pages.Render(w, r, status, "Pilih karya favorit: "+c.Title, "vote", v)
	}
	entries, err := web.ballot(ctx, c)
	if err != nil {
		return err
	}
	sent := r.URL.Query().Get("terkirim")
	for _, cat := range c.Categories {
		bc := ballotCategory{Category: cat, Form: newForm(voteFormPrefix(&cat), nil), Sent: sent == cat.Slug}
		if f != nil && failing == cat.ID {
			bc.Form = f
		}
		for _, e := range entries {
			if e.CategoryID == cat.ID {
				bc.Entries = append(bc.Entries, e)
			}
		}
		v.Categories = append(v.Categories, bc)
	}
	return web.pages.Render(w, r, status, "Pilih karya favorit: "+c.Title, "vote", v)
}

// voteFormPrefix keeps the ids of each category's form apart.
func voteFormPrefix(cat *contest.Category) string { return "pilih-" + cat.Slug + "-" }

type voteDoneView struct {
	C        *contest.Contest
	Category *contest.Category
	Vote     *contest.Vote
	Flagged  bool
	Form     *form // the refusal, if any
}

// voteConfirm is GET /lomba/suara?token=: the link from the vote email.
// The vote is cast, or waits for review when it came in a burst from one
// network.
func (web *Web) voteConfirm(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f := newForm("", nil)
	vote, err := web.cs.ConfirmVote(ctx, r.URL.Query().Get("token"))
	if err != nil {
		if !refuse(f, err) {
			return err
		}
		return web.pages.Render(w, r, httperr.Status(err), "Konfirmasi suara", "vote_done", voteDoneView{Form: f})
	}
	c, err := web.cs.Contest(ctx, nil, vote.ContestID)
	if err != nil {
		return err
	}
	cat, _ := c.Category(vote.CategoryID)
	v := voteDoneView{C: c, Category: cat, Vote: vote, Flagged: vote.Flag == contest.VoteFlagged, Form: f}
	return web.pages.Render(w, r, http.StatusOK, "Suara Anda tercatat", "vote_done", v)
}
