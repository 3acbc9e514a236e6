package contest_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// standings returns a category's leaderboard as the editor previews it.
func (e *env) standings(c *contest.Contest, category string) []contest.Standing {
	e.t.Helper()
	res, err := e.svc.Results(e.ctx, e.editor, c.ID)
	if err != nil {
		e.t.Fatalf("results: %v", err)
	}
	for _, cr := range res.Categories {
		if cr.Category.Slug == category {
			return cr.Standings
		}
	}
	e.t.Fatalf("no category %s in the results", category)
	return nil
}

// wantBoard checks titles in order and their final scores.
func wantBoard(t *testing.T, what string, got []contest.Standing, titles []string, finals []float64) {
	t.Helper()
	var desc []string
	for _, st := range got {
		desc = append(desc, fmt.Sprintf("%d. %s %.6f", st.Rank, st.Entry.Title, st.Final))
	}
	if len(got) != len(titles) {
		t.Fatalf("%s: %v, want %v", what, desc, titles)
	}
	for i := range got {
		if got[i].Entry.Title != titles[i] || math.Abs(got[i].Final-finals[i]) > 1e-9 || got[i].Rank != i+1 {
			t.Fatalf("%s: %v, want %v with %v", what, desc, titles, finals)
		}
	}
}

// TestScoringNormalised checks the rubric and per-judge z-score
// normalisation against a hand-computed example. Judge A is conflicted
// with E3 and judge B with E1, so each scores two of the three posters, A
// harshly and B generously.
//
// Rubric: Pesan 40 %, Kreativitas 30 %, Teknis 30 %; a judge's total is
// (40·P + 30·K + 30·T) / 100:
//
//	A on E1: P 65, K 50, T 60 → (2600 + 1500 + 1800) / 100 = 59
//	A on E2: P 35, K 50, T 40 → (1400 + 1500 + 1200) / 100 = 41
//	B on E2: P 80, K 90, T 80 → (3200 + 2700 + 2400) / 100 = 83
//	B on E3: P 60, K 50, T 60 → (2400 + 1500 + 1800) / 100 = 57
//
// Raw (no normalisation), the mean of each entry's totals:
//
//	E1 = 59, E2 = (41 + 83) / 2 = 62, E3 = 57  →  E2, E1, E3
//
// Normalised: judge A's totals {59, 41} have mean 50 and population
// standard deviation 9, so z(E1) = +1, z(E2) = −1; judge B's {83, 57} have
// mean 70 and deviation 13, so z(E2) = +1, z(E3) = −1. All four totals
// {59, 41, 83, 57} have mean M = 240 / 4 = 60 and deviation
// S = √((1 + 361 + 529 + 9) / 4) = √225 = 15. Each total becomes 60 + 15·z:
//
//	E1 = 75, E2 = (45 + 75) / 2 = 60, E3 = 45  →  E1, E2, E3
//
// E1 was only unlucky to meet the harsh judge; normalised it wins.
func TestScoringNormalised(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.newContest(func(c *contest.Contest) { c.Normalize = true })
		ja, jb := e.judges[0], e.judges[1]
		ayu, bima, citra := e.joined(c, "Ayu"), e.joined(c, "Bima"), e.joined(c, "Citra")
		e1 := e.submitAccepted(c, ayu, "E1", 1, "")
		e2 := e.submitAccepted(c, bima, "E2", 2, "")
		e3 := e.submitAccepted(c, citra, "E3", 3, "")
		e.panel(c, "Panel Utama", "", ja, jb)
		e.at(judgingStart)
		must(t, "A declares E3", e.svc.DeclareConflict(e.ctx, ja, &contest.Conflict{ContestID: c.ID, EntryID: e3.ID}))
		must(t, "B declares Ayu", e.svc.DeclareConflict(e.ctx, jb, &contest.Conflict{ContestID: c.ID, ParticipantEmail: ayu.Email}))
		list, err := e.svc.JudgeEntries(e.ctx, ja, c.ID)
		must(t, "A's entries", err)
		if len(list) != 2 || list[0].ParticipantName == "" {
			t.Errorf("not blind: judges see names; got %+v", list)
		}
		e.score(c, ja, e1, 65, 50, 60)
		e.score(c, ja, e2, 35, 50, 40)
		e.score(c, jb, e2, 80, 90, 80)
		e.score(c, jb, e3, 60, 50, 60)

		e.at(announceAt)
		got := e.standings(c, "poster")
		wantBoard(t, "normalised", got, []string{"E1", "E2", "E3"}, []float64{75, 60, 45})
		for _, st := range got {
			if st.Judges != 1+boolInt(st.Entry.Title == "E2") {
				t.Errorf("%s counted %d judges", st.Entry.Title, st.Judges)
			}
		}
		if got[0].Prize == nil || got[0].Prize.Title != "Juara 1" || got[0].Prize.Reward != "Rp5.000.000" {
			t.Errorf("winner's prize %+v", got[0].Prize)
		}

		c.Normalize = false
		must(t, "turn normalisation off", e.svc.SaveContest(e.ctx, e.editor, c))
		wantBoard(t, "raw", e.standings(c, "poster"), []string{"E2", "E1", "E3"}, []float64{62, 59, 57})
	})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// vote casts a confirmed public vote from the address.
func (e *env) vote(en *contest.Entry, email, ip string) *contest.Vote {
	e.t.Helper()
	if err := e.svc.RequestVote(e.ctx, en.ID, email, ip); err != nil {
		e.t.Fatalf("%s votes for %s: %v", email, en.Title, err)
	}
	_, token := e.mail.link(e.t, email)
	v, err := e.svc.ConfirmVote(e.ctx, token)
	if err != nil {
		e.t.Fatalf("%s confirms a vote for %s: %v", email, en.Title, err)
	}
	return v
}

// TestScoringVotesAndTieBreak checks the public vote's weight, flagged
// votes and the tie-break against hand-computed examples. One judge; the
// public vote weighs 20 %, so final = 0.8 · rubric + 0.2 · 100 · share.
//
// Posters (rubric totals as in TestScoringNormalised):
//
//	F1: P 80, K 70, T 70 → (3200 + 2100 + 2100) / 100 = 74;   6 votes
//	F2: P 70, K 80, T 75 → (2800 + 2400 + 2250) / 100 = 74.5; 2 votes
//	F3: P 60, K 60, T 60 → 60;                                 2 votes, and 5 more
//	    from one /24 within ten minutes, flagged and not counted
//
// Counted votes: 10, so the shares are 60 %, 20 %, 20 %:
//
//	F1 = 0.8·74   + 0.2·60 = 59.2 + 12 = 71.2
//	F2 = 0.8·74.5 + 0.2·20 = 59.6 +  4 = 63.6
//	F3 = 0.8·60   + 0.2·20 = 48   +  4 = 52
//
// The rubric alone would put F2 first; the public's votes put F1 ahead.
// Once an editor clears the five flagged votes, 15 count: F3 has 7 of
// them, 0.8·60 + 0.2·100·7/15 = 48 + 9.333… = 57.333…
//
// Videos (no votes, so final = 0.8 · rubric):
//
//	G2: P 65, K 75, T 65 → (2600 + 2250 + 1950) / 100 = 68 → 54.4, sent first
//	G1: P 80, K 60, T 60 → (3200 + 1800 + 1800) / 100 = 68 → 54.4
//	G3: 50, 50, 50 → 50 → 40, sent before G4
//	G4: 50, 50, 50 → 50 → 40
//
// Tie-break "heaviest criterion, then earlier submission": G1 beats G2 on
// Pesan (80 against 65); G3 and G4 are equal on Pesan too, so G3, sent
// earlier, goes first: G1, G2, G3, G4. Under "earlier submission" alone,
// G2 (sent first) goes ahead of G1: G2, G1, G3, G4.
func TestScoringVotesAndTieBreak(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.newContest(func(c *contest.Contest) {
			c.PublicVote, c.VoteWeight, c.Timeline.VoteStart, c.Timeline.VoteEnd = true, 20, voteStart, voteEnd
		})
		jc := e.judges[2]
		p := func(name string) *contest.Participant { return e.joined(c, name) }
		f1 := e.submitAccepted(c, p("Ayu"), "F1", 1, "")
		f2 := e.submitAccepted(c, p("Bima"), "F2", 2, "")
		f3 := e.submitAccepted(c, p("Citra"), "F3", 3, "")
		g2 := e.submitAccepted(c, p("Dewi"), "G2", 4, "https://www.tiktok.com/@dewi/video/2")
		g1 := e.submitAccepted(c, p("Eka"), "G1", 5, "https://www.youtube.com/watch?v=aaaaaaaaaaa")
		g3 := e.submitAccepted(c, p("Fajar"), "G3", 6, "https://www.instagram.com/p/G3/")
		g4 := e.submitAccepted(c, p("Gita"), "G4", 7, "https://www.instagram.com/reel/G4/")
		e.panel(c, "Panel Tunggal", "", jc)

		e.at(judgingStart)
		e.score(c, jc, f1, 80, 70, 70)
		e.score(c, jc, f2, 70, 80, 75)
		e.score(c, jc, f3, 60, 60, 60)
		e.score(c, jc, g1, 80, 60, 60)
		e.score(c, jc, g2, 65, 75, 65)
		e.score(c, jc, g3, 50, 50, 50)
		e.score(c, jc, g4, 50, 50, 50)

		// Votes, each from its own network, an hour into the vote.
		e.at(voteStart.Add(time.Hour))
		n := 0
		cast := func(en *contest.Entry, votes int) {
			for i := 0; i < votes; i++ {
				n++
				e.vote(en, fmt.Sprintf("pemilih%d@contoh.example", n), fmt.Sprintf("10.0.%d.7", n))
			}
		}
		cast(f1, 6)
		cast(f2, 2)
		cast(f3, 2)
		// A burst for F3 from one office network within ten minutes.
		var burst []*contest.Vote
		for i := 0; i < 5; i++ {
			e.at(voteStart.Add(2*time.Hour + time.Duration(i)*time.Minute))
			burst = append(burst, e.vote(f3, fmt.Sprintf("bot%d@contoh.example", i), fmt.Sprintf("198.51.100.%d", 10+i)))
		}

		e.at(voteEnd)
		wantBoard(t, "posters", e.standings(c, "poster"), []string{"F1", "F2", "F3"}, []float64{71.2, 63.6, 52})
		st := e.standings(c, "poster")
		if st[0].Votes != 6 || math.Abs(st[0].VoteShare-0.6) > 1e-9 || st[2].Votes != 2 || math.Abs(st[1].Rubric-74.5) > 1e-9 {
			t.Errorf("votes and rubric: %+v", st)
		}
		flagged, err := e.svc.Votes(e.ctx, e.editor, contest.VoteFilter{ContestID: c.ID, Flag: contest.VoteFlagged})
		must(t, "review queue", err)
		if len(flagged) != 5 || flagged[0].Network != "198.51.100.0/24" || flagged[0].Counted() {
			t.Fatalf("flagged votes %+v", flagged)
		}
		var voteIDs []string
		for _, v := range flagged {
			voteIDs = append(voteIDs, v.ID)
		}
		changed, err := e.svc.ReviewVotes(e.ctx, e.editor, c.ID, voteIDs, true)
		if err != nil || changed != 5 {
			t.Fatalf("clear flagged votes: %d, %v", changed, err)
		}
		wantBoard(t, "posters with the burst cleared", e.standings(c, "poster"), []string{"F1", "F2", "F3"},
			[]float64{0.8*74 + 0.2*100*6/15, 0.8*74.5 + 0.2*100*2/15, 0.8*60 + 0.2*100*7/15})
		_, err = e.svc.ReviewVotes(e.ctx, e.editor, c.ID, voteIDs, false)
		must(t, "discard them after all", err)
		wantBoard(t, "posters with the burst discarded", e.standings(c, "poster"), []string{"F1", "F2", "F3"}, []float64{71.2, 63.6, 52})
		// The first four were clean when confirmed; the fifth made them a
		// burst and was flagged as it came in.
		if burst[0].Flag != contest.VoteClean || burst[4].Flag != contest.VoteFlagged {
			t.Errorf("burst confirmed as %q … %q", burst[0].Flag, burst[4].Flag)
		}

		videos := e.standings(c, "video")
		wantBoard(t, "videos", videos, []string{"G1", "G2", "G3", "G4"}, []float64{54.4, 54.4, 40, 40})
		if !strings.Contains(videos[0].TieBreak, "kriteria berbobot terbesar (Pesan): 80,00 lawan 65,00") ||
			!strings.Contains(videos[2].TieBreak, "dikirim lebih awal") || videos[1].TieBreak != "" || videos[3].TieBreak != "" {
			t.Errorf("tie-break notes: %q, %q, %q, %q", videos[0].TieBreak, videos[1].TieBreak, videos[2].TieBreak, videos[3].TieBreak)
		}
		c.TieBreak = contest.TieBreakEarlierSubmission
		must(t, "tie-break by submission time", e.svc.SaveContest(e.ctx, e.editor, c))
		wantBoard(t, "videos, earlier submission", e.standings(c, "video"), []string{"G2", "G1", "G3", "G4"}, []float64{54.4, 54.4, 40, 40})
	})
}

// TestVoting checks the public vote's rules: its window, one vote per
// email per category, the hourly limit per network (/24 and /64), the
// burst flag, and links kept only as hashes.
func TestVoting(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.newContest(func(c *contest.Contest) {
			c.PublicVote, c.VoteWeight, c.Timeline.VoteStart, c.Timeline.VoteEnd = true, 30, voteStart, voteEnd
		})
		a := e.submitAccepted(c, e.joined(c, "Ayu"), "Poster Ayu", 1, "")
		b := e.submitAccepted(c, e.joined(c, "Bima"), "Poster Bima", 2, "")
		v := e.submitAccepted(c, e.joined(c, "Citra"), "Video Citra", 3, "https://youtu.be/ccccccccccc")
		e.at(subOpen)
		pending, err := e.svc.Submit(e.ctx, e.joined(c, "Dewi"), c.ID, contest.EntryInput{Category: "video", Title: "Belum", Link: "https://youtu.be/ddddddddddd"})
		must(t, "pending entry", err)
		sec := time.Second

		e.at(voteStart.Add(-sec))
		err = e.svc.RequestVote(e.ctx, a.ID, "warga@contoh.example", "192.0.2.1")
		wantErr(t, "a second before the vote", err, warta.EConflict, "Pemungutan suara publik baru dibuka pada 5 Agustus 2024 pukul 00.00 WIB.")
		e.at(voteStart.Add(sec))
		err = e.svc.RequestVote(e.ctx, pending.ID, "warga@contoh.example", "192.0.2.1")
		if code(err) != warta.ENotFound {
			t.Errorf("vote for an unmoderated entry: %v", err)
		}
		err = e.svc.RequestVote(e.ctx, a.ID, "bukan-email", "192.0.2.1")
		if code(err) != warta.EInvalid || field(err) != "email" {
			t.Errorf("vote with a bad email: %v", err)
		}

		// One vote per email per category; the link holds a secret kept
		// only as its hash.
		must(t, "request", e.svc.RequestVote(e.ctx, a.ID, "Warga@Contoh.example", "192.0.2.1"))
		addr, token := e.mail.link(t, "warga@contoh.example")
		if addr != "https://warta.example/lomba/suara" {
			t.Errorf("vote link %s", addr)
		}
		var n int
		must(t, "count", e.db.SQL().QueryRow(e.db.Rebind("SELECT COUNT(*) FROM contest_votes WHERE token_hash = ?"), token).Scan(&n))
		if n != 0 {
			t.Error("vote token stored in the clear")
		}
		must(t, "second request before confirming", e.svc.RequestVote(e.ctx, b.ID, "warga@contoh.example", "192.0.2.1"))
		_, second := e.mail.link(t, "warga@contoh.example")
		first, err := e.svc.ConfirmVote(e.ctx, token)
		must(t, "confirm", err)
		if first.EntryID != a.ID || !first.Counted() {
			t.Errorf("confirmed vote %+v", first)
		}
		if again, err := e.svc.ConfirmVote(e.ctx, token); err != nil || again.ID != first.ID {
			t.Errorf("the same link twice: %v", err)
		}
		_, err = e.svc.ConfirmVote(e.ctx, second)
		wantErr(t, "confirm a second vote in the category", err, warta.EConflict, "Email ini sudah dipakai memilih di kategori Poster.")
		err = e.svc.RequestVote(e.ctx, b.ID, "warga@contoh.example", "192.0.2.1")
		wantErr(t, "ask again in the category", err, warta.EConflict, "hanya dapat memilih sekali di setiap kategori")
		e.vote(v, "warga@contoh.example", "192.0.2.1") // another category is another vote
		_, err = e.svc.ConfirmVote(e.ctx, "tautan-karangan")
		if code(err) != warta.EInvalid || field(err) != "token" {
			t.Errorf("unknown link: %v", err)
		}

		// A tight service shows the limits: 4 requests per network an
		// hour, a burst of 3 within ten minutes flagged.
		tight, err := contest.New(contest.Config{DB: e.db, Files: e.files, Mailer: e.mail, BaseURL: "https://warta.example",
			Now: e.clock.now, Logger: quiet(), Limits: contest.Limits{VotesPerHour: 4, BurstVotes: 3}})
		must(t, "tight service", err)
		e.at(voteStart.Add(3 * time.Hour))
		for i, ip := range []string{"2001:db8:1:2::1", "2001:db8:1:2:ffff::9"} {
			must(t, "IPv6 vote", tight.RequestVote(e.ctx, a.ID, fmt.Sprintf("v6-%d@contoh.example", i), ip))
		}
		flagged, err := e.svc.Votes(e.ctx, e.editor, contest.VoteFilter{ContestID: c.ID, Flag: contest.VoteFlagged})
		must(t, "votes", err)
		if len(flagged) != 0 {
			t.Errorf("two requests flagged: %+v", flagged)
		}
		e.at(voteStart.Add(3*time.Hour + 9*time.Minute))
		must(t, "third request from the /64", tight.RequestVote(e.ctx, a.ID, "v6-2@contoh.example", "2001:db8:1:2::abcd"))
		flagged, err = e.svc.Votes(e.ctx, e.editor, contest.VoteFilter{ContestID: c.ID, Flag: contest.VoteFlagged})
		must(t, "votes", err)
		if len(flagged) != 3 || flagged[0].Network != "2001:db8:1:2::/64" {
			t.Errorf("the burst of three: %+v", flagged)
		}
		_, token = e.mail.link(t, "v6-2@contoh.example")
		vote, err := e.svc.ConfirmVote(e.ctx, token)
		must(t, "confirm a flagged vote", err)
		if vote.Flag != contest.VoteFlagged || vote.Counted() {
			t.Errorf("flagged vote counts: %+v", vote)
		}
		must(t, "fourth request from the /64", tight.RequestVote(e.ctx, b.ID, "v6-3@contoh.example", "2001:db8:1:2::1"))
		err = tight.RequestVote(e.ctx, b.ID, "v6-4@contoh.example", "2001:db8:1:2::1")
		wantErr(t, "fifth request within the hour", err, warta.ETooMany, "Terlalu banyak suara dari jaringan Anda")
		must(t, "another network is not limited", tight.RequestVote(e.ctx, b.ID, "v6-4@contoh.example", "2001:db8:1:3::1"))
		e.at(voteStart.Add(4*time.Hour + sec))
		must(t, "the network an hour later", tight.RequestVote(e.ctx, b.ID, "v6-5@contoh.example", "2001:db8:1:2::1"))

		res, err := e.svc.Results(e.ctx, e.editor, c.ID)
		must(t, "results", err)
		if got := res.Categories[0].Standings; got[0].Entry.ID != a.ID || got[0].Votes != 1 {
			t.Errorf("the flagged vote was counted: %+v", got)
		}

		// The vote closes on 12 August 00:00 WIB, for requests and for
		// links mailed before.
		must(t, "request before closing", e.svc.RequestVote(e.ctx, b.ID, "telat@contoh.example", "192.0.2.77"))
		_, late := e.mail.link(t, "telat@contoh.example")
		e.at(voteEnd.Add(sec))
		_, err = e.svc.ConfirmVote(e.ctx, late)
		wantErr(t, "confirm a second after closing", err, warta.EConflict, "Pemungutan suara publik sudah ditutup pada 12 Agustus 2024 pukul 00.00 WIB.")
		err = e.svc.RequestVote(e.ctx, b.ID, "telat2@contoh.example", "192.0.2.78")
		wantErr(t, "request a second after closing", err, warta.EConflict, "sudah ditutup")

		noVote := e.newContest(nil)
		x := e.submitAccepted(noVote, e.joined(noVote, "Hadi"), "Tanpa Suara", 9, "")
		err = e.svc.RequestVote(e.ctx, x.ID, "warga@contoh.example", "192.0.2.1")
		wantErr(t, "vote in a contest without a public vote", err, warta.EConflict, "tidak memakai suara publik")
	})
}
