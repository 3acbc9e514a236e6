package contest_test

import (
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// TestPhases walks the timeline one second either side of every boundary,
// in WIB.
func TestPhases(t *testing.T) {
	c := &contest.Contest{PublicVote: true, Timeline: contest.Timeline{RegistrationOpen: regOpen, SubmissionOpen: subOpen,
		SubmissionDeadline: deadline, JudgingStart: judgingStart, JudgingEnd: judgingEnd, VoteStart: voteStart, VoteEnd: voteEnd,
		AnnouncementAt: announceAt}}
	sec := time.Second
	for _, tc := range []struct {
		at   time.Time
		want contest.Phase
	}{
		{regOpen.Add(-sec), contest.PhaseUpcoming},
		{regOpen, contest.PhaseRegistration},
		{subOpen.Add(-sec), contest.PhaseRegistration},
		{subOpen, contest.PhaseSubmission},
		{deadline.Add(-sec), contest.PhaseSubmission},
		{deadline.Add(sec), contest.PhaseJudging},
		{voteStart.Add(-sec), contest.PhaseJudging},
		{voteStart.Add(sec), contest.PhaseVoting},
		{voteEnd.Add(-sec), contest.PhaseVoting},
		{voteEnd.Add(sec), contest.PhaseJudging},
		{announceAt.Add(-sec), contest.PhaseJudging},
		{announceAt, contest.PhaseAnnounced},
		{announceAt.Add(sec), contest.PhaseAnnounced},
	} {
		if got := c.Phase(tc.at); got != tc.want {
			t.Errorf("%s: phase %s, want %s", contest.FormatWIB(tc.at), got, tc.want)
		}
	}
	checks := []struct {
		name string
		fn   func(time.Time) bool
		from time.Time
		to   time.Time
	}{
		{"registration", c.RegistrationOpen, regOpen, deadline},
		{"submission", c.SubmissionOpen, subOpen, deadline},
		{"judging", c.JudgingOpen, judgingStart, judgingEnd},
		{"voting", c.VotingOpen, voteStart, voteEnd},
	}
	for _, ch := range checks {
		if ch.fn(ch.from.Add(-sec)) || !ch.fn(ch.from.Add(sec)) || !ch.fn(ch.to.Add(-sec)) || ch.fn(ch.to.Add(sec)) || ch.fn(ch.to) {
			t.Errorf("%s window is not [%s, %s)", ch.name, contest.FormatWIB(ch.from), contest.FormatWIB(ch.to))
		}
	}
	if c.Announced(announceAt.Add(-sec)) || !c.Announced(announceAt.Add(sec)) {
		t.Error("announcement boundary")
	}
	if got := contest.FormatWIB(deadline.UTC()); got != "1 Agustus 2024 pukul 00.00 WIB" {
		t.Errorf("FormatWIB: %q", got)
	}
}

// TestAge checks that age is counted on the calendar day in WIB: someone
// born on 10 July 2007 is 16 until 23:59:59 WIB on 9 July 2024, which is
// still 9 July in UTC too, and 17 from midnight WIB, which is 17:00 UTC the
// day before.
func TestAge(t *testing.T) {
	birth := time.Date(2007, 7, 10, 0, 0, 0, 0, warta.Jakarta)
	for _, tc := range []struct {
		at   time.Time
		want int
	}{
		{wib(2024, 7, 9, 23, 59, 59), 16},
		{wib(2024, 7, 10, 0, 0, 1), 17},
		{time.Date(2024, 7, 9, 17, 0, 1, 0, time.UTC), 17}, // 00:00:01 WIB on the birthday
		{wib(2025, 7, 9, 12, 0, 0), 17},
	} {
		if got := contest.Age(birth, tc.at); got != tc.want {
			t.Errorf("age at %s: %d, want %d", tc.at, got, tc.want)
		}
	}
}

// TestContestValidation checks the refusals of a malformed contest.
func TestContestValidation(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		base := func() *contest.Contest {
			return &contest.Contest{Title: "Lomba Uji", AgencyID: e.agency.ID,
				Timeline: contest.Timeline{RegistrationOpen: regOpen, SubmissionDeadline: deadline, JudgingStart: judgingStart,
					JudgingEnd: judgingEnd, AnnouncementAt: announceAt},
				Categories: []contest.Category{{Name: "Poster", Kind: contest.KindFile, Accept: []string{contest.TypePNG}, MaxBytes: 1 << 20}}}
		}
		for _, tc := range []struct {
			name, field string
			change      func(c *contest.Contest)
		}{
			{"no title", "title", func(c *contest.Contest) { c.Title = " " }},
			{"no agency", "agency", func(c *contest.Contest) { c.AgencyID = "" }},
			{"deadline before registration", "submission_deadline", func(c *contest.Contest) { c.Timeline.SubmissionDeadline = regOpen }},
			{"judging before deadline", "judging_start", func(c *contest.Contest) { c.Timeline.JudgingStart = deadline.Add(-time.Second) }},
			{"announcement before judging ends", "announcement_at", func(c *contest.Contest) { c.Timeline.AnnouncementAt = judgingEnd.Add(-time.Second) }},
			{"vote without times", "vote_start", func(c *contest.Contest) { c.PublicVote = true }},
			{"vote weight", "vote_weight", func(c *contest.Contest) {
				c.PublicVote, c.VoteWeight, c.Timeline.VoteStart, c.Timeline.VoteEnd = true, 101, voteStart, voteEnd
			}},
			{"no category", "categories", func(c *contest.Contest) { c.Categories = nil }},
			{"unknown file type", "categories", func(c *contest.Contest) { c.Categories[0].Accept = []string{"video/mp4"} }},
			{"image limit above the library's", "categories", func(c *contest.Contest) { c.Categories[0].MaxBytes = 100 << 20 }},
			{"unknown platform", "categories", func(c *contest.Contest) {
				c.Categories = append(c.Categories, contest.Category{Name: "Video", Kind: contest.KindLink, Platforms: []string{"myspace"}})
			}},
			{"unknown region", "regions", func(c *contest.Contest) { c.Regions = []warta.Region{{Slug: "atlantis"}} }},
			{"tie-break", "tie_break", func(c *contest.Contest) { c.TieBreak = "lempar-koin" }},
		} {
			c := base()
			tc.change(c)
			err := e.svc.SaveContest(e.ctx, e.editor, c)
			if code(err) != warta.EInvalid || field(err) != tc.field {
				t.Errorf("%s: %v, want invalid %s", tc.name, err, tc.field)
			}
		}
		err := e.svc.SaveContest(e.ctx, e.judges[0], base())
		wantErr(t, "judge creates a contest", err, warta.EForbidden, "redaktur")
		err = e.svc.SaveContest(e.ctx, e.contrib, base())
		wantErr(t, "contributor creates a contest", err, warta.EForbidden, "redaktur")

		// A valid contest stores and reads back; a second with its slug is refused.
		c := base()
		c.Regions = []warta.Region{{Slug: "kota-surabaya"}}
		c.Rules = "Baca **ketentuan**."
		must(t, "save", e.svc.SaveContest(e.ctx, e.editor, c))
		got, err := e.svc.Contest(e.ctx, e.editor, c.Slug)
		must(t, "read", err)
		if got.Slug != "lomba-uji" || got.TieBreak != contest.TieBreakHeaviestCriterion || len(got.Categories) != 1 ||
			got.Categories[0].MaxEntries != 1 || got.Regions[0].Name != "Kota Surabaya" || got.RulesHTML != "<p>Baca <strong>ketentuan</strong>.</p>\n" ||
			!got.Timeline.SubmissionOpen.Equal(regOpen) {
			t.Errorf("stored contest: %+v", got)
		}
		if _, err := e.svc.Contest(e.ctx, nil, c.ID); code(err) != warta.ENotFound {
			t.Errorf("unpublished contest for the public: %v", err)
		}
		err = e.svc.SaveContest(e.ctx, e.editor, base())
		if code(err) != warta.EConflict || field(err) != "slug" {
			t.Errorf("duplicate slug: %v", err)
		}
		// Weights must sum to 100.
		err = e.svc.SetRubric(e.ctx, e.editor, c.ID, "", []contest.Criterion{{Name: "Pesan", Weight: 40}, {Name: "Teknis", Weight: 50}})
		wantErr(t, "weights summing to 90", err, warta.EInvalid, "harus 100%, sekarang 90%")
	})
}

func TestParseWIB(t *testing.T) {
	got, err := contest.ParseWIB("submission_deadline", "2024-08-01T00:00")
	if err != nil || !got.Equal(deadline) {
		t.Errorf("ParseWIB: %v %v", got, err)
	}
	if _, err := contest.ParseWIB("submission_deadline", "1 Agustus"); code(err) != warta.EInvalid || field(err) != "submission_deadline" {
		t.Errorf("ParseWIB of nonsense: %v", err)
	}
}
