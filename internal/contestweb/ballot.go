package contestweb

import (
	"context"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// ballot returns the contest's accepted entries while the public vote is
// open, from the service's public Ballot: without their authors (voters
// choose works, not people), ordered by their anonymous code. They come as
// Entries with no participant, for the pages that show entries.
func (web *Web) ballot(ctx context.Context, c *contest.Contest) ([]contest.Entry, error) {
	if !c.VotingOpen(web.cs.Now()) {
		return nil, nil
	}
	bs, err := web.cs.Ballot(ctx, c.ID, "")
	if err != nil {
		return nil, err
	}
	es := make([]contest.Entry, len(bs))
	for i, b := range bs {
		es[i] = contest.Entry{ID: b.ID, ContestID: b.ContestID, CategoryID: b.CategoryID, Title: b.Title,
			Description: b.Description, Kind: b.Kind, File: b.File, Link: b.Link, Platform: b.Platform,
			Status: contest.EntryAccepted}
	}
	return es, nil
}

// shownEntry returns an entry the public may see: on the ballot while the
// vote is open, or on the leaderboard once results are announced.
func (web *Web) shownEntry(ctx context.Context, c *contest.Contest, id string) (*contest.Entry, error) {
	now := web.cs.Now()
	switch {
	case c.Announced(now):
		res, err := web.cs.Results(ctx, nil, c.ID)
		if err != nil {
			return nil, err
		}
		for _, cr := range res.Categories {
			for _, st := range cr.Standings {
				if st.Entry.ID == id {
					return &st.Entry, nil
				}
			}
		}
	case c.VotingOpen(now):
		es, err := web.ballot(ctx, c)
		if err != nil {
			return nil, err
		}
		for i := range es {
			if es[i].ID == id {
				return &es[i], nil
			}
		}
	}
	return nil, errEntryNotFound
}

var errEntryNotFound = warta.Errorf(warta.ENotFound, "Karya tidak ditemukan.")
