package portal

import (
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// How much the home page shows.
const (
	homeHeadlines = 5
	homeLatest    = 10
)

// homeData is the home page's view.
type homeData struct {
	layout
	Lead      *warta.Article   // the first headline, shown large with its photo
	Headlines []*warta.Article // the other headlines, in the editors' order
	Latest    []*warta.Article // newest stories that are not headlines
	Elections []electionStatus // elections not yet over
	Upcoming  []warta.Stage    // the next stages to start, soonest first
	AllDone   string           // set when every election is over
	Regions   []warta.Region
	Agencies  []warta.Agency
}

// electionStatus is where one election stands now.
type electionStatus struct {
	Election warta.Election
	Current  []warta.Stage
	Next     *milestoneView
}

// milestoneView is the next stage start or end with its countdown.
type milestoneView struct {
	Stage warta.Stage
	Label string    // "dimulai" or "berakhir"
	At    time.Time // the instant, for <time datetime>
	Day   time.Time // the calendar day readers expect: the first or last day
	In    string    // "3 hari 4 jam"
}

// homeShow renders the home page.
func (p *Portal) homeShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	heads, err := p.db.Headlines(ctx, homeHeadlines)
	if err != nil {
		return fmt.Errorf("portal: home: %w", err)
	}
	page, err := p.db.ListArticles(ctx, warta.ArticleFilter{Limit: homeLatest + len(heads)})
	if err != nil {
		return fmt.Errorf("portal: home: %w", err)
	}
	d := homeData{layout: p.newLayout(r, "")}
	d.Description = "Informasi resmi pemilu dan pilkada di Jawa Timur dari KPU, Bawaslu dan Diskominfo Jatim: berita terbaru, tahapan dan jadwal."
	d.Canonical = p.abs("/")
	d.Alternates = p.feedAlternates(p.site.Name, "/feed")
	if len(heads) > 0 {
		d.Lead, d.Headlines = heads[0], heads[1:]
	}
	isHead := make(map[string]bool, len(heads))
	for _, a := range heads {
		isHead[a.ID] = true
	}
	for _, a := range page.Articles {
		if !isHead[a.ID] && len(d.Latest) < homeLatest {
			d.Latest = append(d.Latest, a)
		}
	}
	if d.Elections, d.Upcoming, d.AllDone, err = p.electionStatuses(r); err != nil {
		return err
	}
	if d.Regions, err = p.db.Regions(ctx); err != nil {
		return fmt.Errorf("portal: home: %w", err)
	}
	if d.Agencies, err = p.db.Agencies(ctx); err != nil {
		return fmt.Errorf("portal: home: %w", err)
	}
	return p.render(w, http.StatusOK, "home", d)
}

// homeUpcoming is how many stages still to start the home page lists.
const homeUpcoming = 5

// electionStatuses says, for each election not yet over, which stages run
// now and what comes next, and lists the next stages to start. When every
// election is over it says so instead.
func (p *Portal) electionStatuses(r *http.Request) (status []electionStatus, upcoming []warta.Stage, allDone string, err error) {
	els, err := p.db.Elections(r.Context())
	if err != nil {
		return nil, nil, "", fmt.Errorf("portal: elections: %w", err)
	}
	now := p.now()
	var out []electionStatus
	var names []string
	for _, e := range els {
		names = append(names, e.Name)
		for _, s := range e.Stages {
			if s.Start.After(now) {
				upcoming = append(upcoming, s)
			}
		}
		m, ok := e.NextMilestone(now)
		if !ok {
			continue
		}
		mv := &milestoneView{Stage: m.Stage, Label: m.Label, At: m.At, Day: m.At, In: formatCountdown(m.At.Sub(now))}
		if m.Label == "berakhir" {
			mv.Day = m.Stage.End
		}
		out = append(out, electionStatus{Election: e, Current: e.CurrentStages(now), Next: mv})
	}
	if len(out) == 0 && len(names) > 0 {
		return nil, nil, "Seluruh tahapan " + joinAnd(names) + " telah selesai.", nil
	}
	slices.SortStableFunc(upcoming, func(a, b warta.Stage) int { return a.Start.Compare(b.Start) })
	if len(upcoming) > homeUpcoming {
		upcoming = upcoming[:homeUpcoming]
	}
	return out, upcoming, "", nil
}
