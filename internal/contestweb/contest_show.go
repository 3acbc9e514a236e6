package contestweb

import (
	"fmt"
	"html/template"
	"net/http"
	"time"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// stage is one step of a contest's timeline as the page shows it.
type stage struct {
	Name       string
	Start, End time.Time // End is zero for a moment
	Current    bool
	Done       bool
}

// categoryView is a category with the rubric its entries are judged by.
type categoryView struct {
	contest.Category
	Criteria []contest.Criterion
}

type contestView struct {
	C          *contest.Contest
	Phase      contest.Phase
	Rules      template.HTML
	Stages     []stage
	Categories []categoryView
	Regions    string // "Kota Surabaya atau Kabupaten Sidoarjo"; "" for anywhere
	Results    *contest.Results
	CanJoin    bool
	CanSubmit  bool
	CanVote    bool
}

// contestShow is GET /lomba/{slug}: theme, rules, timeline with the
// current step marked, categories with what they take, eligibility,
// prizes, and the results once they are announced. It is the same for
// every reader; the participant's own standing is on /lomba/saya.
func (web *Web) contestShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c, err := web.cs.Contest(ctx, nil, r.PathValue("slug"))
	if err != nil {
		return err
	}
	now := web.cs.Now()
	// The page changes by itself when the next phase starts: let caches keep
	// it no longer than that.
	if d := untilNextPhase(c, now); d < time.Minute {
		w.Header().Set("Cache-Control", fmt.Sprintf("public, max-age=%d", int(d.Seconds())))
	}
	v := contestView{C: c, Phase: c.Phase(now), Rules: template.HTML(c.RulesHTML), Stages: timeline(c, now),
		CanJoin: c.RegistrationOpen(now), CanSubmit: c.SubmissionOpen(now), CanVote: c.VotingOpen(now)}
	for _, cat := range c.Categories {
		criteria, err := web.cs.Rubric(ctx, c.ID, cat.ID)
		if err != nil {
			return err
		}
		v.Categories = append(v.Categories, categoryView{Category: cat, Criteria: criteria})
	}
	v.Regions = regionNames(c)
	if c.Announced(now) {
		// The rules Results applies for the public are the page's too:
		// published from the announcement time on.
		if v.Results, err = web.cs.Results(ctx, nil, c.ID); err != nil && warta.ErrorCode(err) != warta.EForbidden {
			return err
		}
	}
	return web.pages.Render(w, r, http.StatusOK, c.Title, "contest", v)
}

// timeline lists the contest's steps with the one the clock is in marked.
func timeline(c *contest.Contest, now time.Time) []stage {
	t := c.Timeline
	subOpen := t.SubmissionOpen
	if subOpen.IsZero() {
		subOpen = t.RegistrationOpen
	}
	stages := []stage{
		{Name: "Pendaftaran peserta", Start: t.RegistrationOpen, End: t.SubmissionDeadline},
		{Name: "Pengiriman karya", Start: subOpen, End: t.SubmissionDeadline},
		{Name: "Penjurian", Start: t.JudgingStart, End: t.JudgingEnd},
	}
	if c.PublicVote {
		stages = append(stages, stage{Name: "Pemungutan suara publik", Start: t.VoteStart, End: t.VoteEnd})
	}
	stages = append(stages, stage{Name: "Pengumuman pemenang", Start: t.AnnouncementAt})
	current := map[contest.Phase]string{
		contest.PhaseRegistration: "Pendaftaran peserta", contest.PhaseSubmission: "Pengiriman karya",
		contest.PhaseJudging: "Penjurian", contest.PhaseVoting: "Pemungutan suara publik", contest.PhaseAnnounced: "Pengumuman pemenang",
	}[c.Phase(now)]
	for i := range stages {
		s := &stages[i]
		s.Current = s.Name == current
		s.Done = !s.Current && !s.End.IsZero() && !now.Before(s.End)
	}
	return stages
}

// IsFile reports whether the category takes files rather than links.
func (cv categoryView) IsFile() bool { return cv.Kind == contest.KindFile }

// regionNames lists where participants must live: "Kota Surabaya atau
// Kabupaten Sidoarjo", or "" for anywhere.
func regionNames(c *contest.Contest) string {
	names := make([]string, len(c.Regions))
	for i, rg := range c.Regions {
		names[i] = rg.Name
	}
	return joinOr(names)
}

// untilNextPhase is the time until the contest's next timeline boundary
// after now, or a day when none is left.
func untilNextPhase(c *contest.Contest, now time.Time) time.Duration {
	next := 24 * time.Hour
	t := c.Timeline
	for _, at := range []time.Time{t.RegistrationOpen, t.SubmissionOpen, t.SubmissionDeadline, t.JudgingStart,
		t.JudgingEnd, t.VoteStart, t.VoteEnd, t.AnnouncementAt} {
		if d := at.Sub(now); d > 0 && d < next {
			next = d
		}
	}
	return next
}
