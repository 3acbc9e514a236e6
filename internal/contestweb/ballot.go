package contestweb

import (
	"context"
	"slices"
	"strings"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// ballotReader is the principal the public vote reads accepted entries
// as. The contest service lists entries only to staff (Entries) and has no
// public listing for the ballot yet; reading them here, for the one
// purpose of showing the ballot while the vote is open, is the one place
// that borrows staff rights, and ballot strips the authors. It should give
// way to a public service method (a Ballot of accepted entries without
// names) as soon as the service has one.
var ballotReader = &warta.User{ID: "lomba-suara-publik", Name: "Suara publik", Role: warta.RoleEditor}

// ballot returns the contest's accepted entries while the public vote is
// open, without their authors (voters choose works, not people), in a
// fixed order that favours no one: by their anonymous code.
func (web *Web) ballot(ctx context.Context, c *contest.Contest) ([]contest.Entry, error) {
	if !c.VotingOpen(web.cs.Now()) {
		return nil, nil
	}
	es, err := web.cs.Entries(ctx, ballotReader, contest.EntryFilter{ContestID: c.ID, Status: contest.EntryAccepted})
	if err != nil {
		return nil, err
	}
	for i := range es {
		es[i].ParticipantID, es[i].ParticipantName = "", ""
	}
	slices.SortFunc(es, func(a, b contest.Entry) int { return strings.Compare(a.Code(), b.Code()) })
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
