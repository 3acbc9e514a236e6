package contest_test

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// TestBallot lists a contest's accepted entries for the public: only while
// the vote is open or once results are announced, only accepted ones,
// ordered by code, and never with the participant's identity.
func TestBallot(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.newContest(func(c *contest.Contest) {
			c.PublicVote, c.VoteWeight, c.Timeline.VoteStart, c.Timeline.VoteEnd = true, 20, voteStart, voteEnd
		})
		ayu, bima, citra, dewi := e.joined(c, "Ayu Lestari"), e.joined(c, "Bima"), e.joined(c, "Citra"), e.joined(c, "Dewi")
		a := e.submitAccepted(c, ayu, "Poster Ayu", 1, "")
		b := e.submitAccepted(c, bima, "Video Bima", 2, "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
		c3 := e.submitAccepted(c, citra, "Poster Citra", 3, "")
		e.at(subOpen.Add(10 * time.Minute))
		pending, err := e.svc.Submit(e.ctx, dewi, c.ID, contest.EntryInput{Category: "poster", Title: "Menunggu", File: bytes.NewReader(pngFile(4))})
		must(t, "submit a pending entry", err)
		rejected, err := e.svc.Submit(e.ctx, dewi, c.ID, contest.EntryInput{Category: "video", Title: "Ditolak",
			Link: "https://www.tiktok.com/@dewi/video/7234567890123456789"})
		must(t, "submit an entry to reject", err)
		_, err = e.svc.RejectEntry(e.ctx, e.editor, rejected.ID, "Bukan karya sendiri.")
		must(t, "reject", err)

		// No ballot before the vote opens.
		e.at(voteStart.Add(-time.Second))
		got, err := e.svc.Ballot(e.ctx, c.ID, "")
		must(t, "ballot before the vote", err)
		if len(got) != 0 {
			t.Errorf("ballot before the vote has %d entries", len(got))
		}

		e.at(voteStart)
		got, err = e.svc.Ballot(e.ctx, c.Slug, "")
		must(t, "ballot while voting", err)
		want := []string{a.ID, b.ID, c3.ID}
		slices.SortFunc(want, func(x, y string) int {
			return strings.Compare((&contest.Entry{ID: x}).Code(), (&contest.Entry{ID: y}).Code())
		})
		var ids []string
		for _, be := range got {
			ids = append(ids, be.ID)
			if be.ID == pending.ID || be.ID == rejected.ID {
				t.Errorf("ballot shows the %s entry %q", be.Title, be.ID)
			}
		}
		if !reflect.DeepEqual(ids, want) {
			t.Errorf("ballot = %v, want the accepted entries by code %v", ids, want)
		}
		for _, be := range got {
			switch be.ID {
			case a.ID:
				if be.Title != "Poster Ayu" || be.File == nil || be.File.Key != a.File.Key || be.CategoryID != a.CategoryID || be.Code() != a.Code() {
					t.Errorf("Ayu's poster on the ballot: %+v", be)
				}
			case b.ID:
				if be.Link != b.Link || be.Platform != b.Platform || be.File != nil || be.Kind != contest.KindLink {
					t.Errorf("Bima's video on the ballot: %+v", be)
				}
			}
		}
		// The type itself has no room for who made the work.
		for _, f := range reflect.VisibleFields(reflect.TypeFor[contest.BallotEntry]()) {
			if strings.Contains(f.Name, "Participant") {
				t.Errorf("BallotEntry has a field %s", f.Name)
			}
		}

		// One category, by slug; an unknown one is refused.
		got, err = e.svc.Ballot(e.ctx, c.ID, "video")
		must(t, "ballot of one category", err)
		if len(got) != 1 || got[0].ID != b.ID {
			t.Errorf("video ballot = %+v, want Bima's video only", got)
		}
		_, err = e.svc.Ballot(e.ctx, c.ID, "lukisan")
		wantErr(t, "unknown category", err, warta.EInvalid, "Pilih kategori lomba.")

		// Between the vote and the announcement there is none; after the
		// announcement the accepted entries are public again.
		e.at(voteEnd)
		if got, err = e.svc.Ballot(e.ctx, c.ID, ""); err != nil || len(got) != 0 {
			t.Errorf("ballot after the vote closed: %d entries, %v", len(got), err)
		}
		e.at(announceAt)
		if got, err = e.svc.Ballot(e.ctx, c.ID, ""); err != nil || len(got) != 3 {
			t.Errorf("ballot after the announcement: %d entries, %v", len(got), err)
		}

		// An unpublished contest has no public ballot.
		hidden := e.newContest(func(c *contest.Contest) {
			c.Published, c.PublicVote, c.VoteWeight, c.Timeline.VoteStart, c.Timeline.VoteEnd = false, true, 20, voteStart, voteEnd
		})
		e.at(voteStart)
		_, err = e.svc.Ballot(e.ctx, hidden.ID, "")
		wantErr(t, "unpublished contest", err, warta.ENotFound, "")
	})
}
