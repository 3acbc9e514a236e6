package portal

import (
	"fmt"
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// scheduleData is the election timeline's view.
type scheduleData struct {
	layout
	Now       string // "Rabu, 14 Februari 2024 10.00 WIB", the clock the marks follow
	Elections []electionSchedule
}

// electionSchedule is one election's stages as rows of the timeline.
type electionSchedule struct {
	Election warta.Election
	Stages   []stageRow
}

// stageRow is one stage with where it stands now.
type stageRow struct {
	Stage    warta.Stage
	Dates    string // "28 November 2023 – 10 Februari 2024"
	Current  bool
	Finished bool
}

// Status is the stage's state in words.
func (s stageRow) Status() string {
	switch {
	case s.Current:
		return "Sedang berlangsung"
	case s.Finished:
		return "Selesai"
	}
	return "Akan datang"
}

// scheduleShow renders /jadwal: every election's stages with their dates,
// the running ones marked by the clock in WIB.
func (p *Portal) scheduleShow(w http.ResponseWriter, r *http.Request) error {
	els, err := p.db.Elections(r.Context())
	if err != nil {
		return fmt.Errorf("portal: schedule: %w", err)
	}
	now := p.now()
	d := scheduleData{layout: p.newLayout(r, "Jadwal tahapan pemilu"), Now: formatDateTime(now)}
	d.Description = "Jadwal tahapan " + electionNames(els) + " dengan tanggal mulai dan berakhirnya, serta tahapan yang sedang berlangsung."
	d.Canonical = p.abs("/jadwal")
	for _, e := range els {
		es := electionSchedule{Election: e}
		for _, s := range e.Stages {
			es.Stages = append(es.Stages, stageRow{
				Stage:    s,
				Dates:    formatRange(s.Start, s.End),
				Current:  s.Current(now),
				Finished: s.Finished(now),
			})
		}
		d.Elections = append(d.Elections, es)
	}
	return p.render(w, http.StatusOK, "schedule", d)
}

// electionNames joins the elections' names: "Pemilu 2024 dan Pilkada 2024".
func electionNames(els []warta.Election) string {
	names := make([]string, len(els))
	for i, e := range els {
		names[i] = e.Name
	}
	return joinAnd(names)
}
