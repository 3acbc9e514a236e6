package opendata

import (
	"context"
	"html/template"
	"net/http"
	"strconv"
	"time"
)

// statsView is the /statistik page.
type statsView struct {
	Groups []statGroup
	TTL    string
}

// minutes says a duration in whole minutes, at least one.
func minutes(d time.Duration) string {
	return strconv.Itoa(max(int(d/time.Minute), 1)) + " menit"
}

type statGroup struct {
	Name  string
	Stats []statView
}

type statView struct {
	Stat
	DatasetTitle string // the linked dataset's title; "" when it is not in the catalog
	Chart        template.HTML
	Rows         []statRow
	Status       string // why there is no chart: "Belum ada data."
}

type statRow struct{ Label, Value string }

// statsShow renders the public statistics: each one a chart and a table of
// the same numbers. Counts are remembered for the stats TTL (see memo), so
// the page costs its queries once per TTL, whatever the traffic.
func (s *Service) statsShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := statsView{TTL: minutes(s.memo.ttl)}
	for _, st := range s.Stats() {
		sv := s.statView(ctx, st)
		if n := len(v.Groups); n == 0 || v.Groups[n-1].Name != st.Group {
			v.Groups = append(v.Groups, statGroup{Name: st.Group})
		}
		g := &v.Groups[len(v.Groups)-1]
		g.Stats = append(g.Stats, sv)
	}
	body, err := s.body("stats", v)
	if err != nil {
		return err
	}
	s.framePublic(w, r, http.StatusOK, "Statistik", body)
	return nil
}

func (s *Service) statView(ctx context.Context, st Stat) statView {
	sv := statView{Stat: st, Status: "Belum ada data."}
	if d := s.registered(st.Dataset); d != nil {
		sv.DatasetTitle = d.Title
	}
	if st.Compute == nil {
		return sv
	}
	val, err := s.memo.get(ctx, "stat:"+st.ID, func(ctx context.Context) (any, error) { return st.Compute(ctx) })
	if err != nil {
		s.log.Error("opendata: statistic", "id", st.ID, "err", err)
		sv.Status = "Angka ini sedang tidak dapat dihitung. Coba lagi nanti."
		return sv
	}
	points := val.([]Point)
	if len(points) == 0 {
		return sv
	}
	labels := make([]string, len(points))
	values := make([]string, len(points))
	nums := make([]float64, len(points))
	for i, p := range points {
		labels[i], values[i], nums[i] = p.Label, formatValue(p.Value), p.Value
		sv.Rows = append(sv.Rows, statRow{labels[i], values[i]})
	}
	if st.Chart == LineChart {
		sv.Chart = lineChart(st.ID, st.Title, st.Description, labels, values, nums)
	} else {
		sv.Chart = barChart(st.ID, st.Title, st.Description, labels, values, nums)
	}
	sv.Status = ""
	return sv
}
