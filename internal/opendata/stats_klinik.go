package opendata

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// The hoax clinic's statistics for /statistik. Each reads a bounded range
// of an index (the last 30 days of reports, the last 12 months of
// answered claims) or a small table, so that its cost does not grow with the
// clinic's whole history; the memo keeps each for the stats TTL.

// reportsPerDay counts reports per WIB day over the last 30 days, today
// included, from the opendata_clinic_reports_day index; days without
// reports are zero. Nothing at all in the 30 days is no data.
func (s *Service) reportsPerDay(ctx context.Context) ([]Point, error) {
	today := dayNumber(s.now())
	first := today - 29
	rows, err := s.q(ctx, "SELECT "+reportDay+", COUNT(*) FROM clinic_reports WHERE received_at >= ? AND received_at < ? GROUP BY "+reportDay,
		first*86400-7*3600, (today+1)*86400-7*3600)
	if err != nil {
		return nil, fmt.Errorf("opendata: reports per day: %w", err)
	}
	defer rows.Close()
	perDay := map[int64]int64{}
	var total int64
	for rows.Next() {
		var day, n int64
		if err := rows.Scan(&day, &n); err != nil {
			return nil, fmt.Errorf("opendata: reports per day: %w", err)
		}
		perDay[day] += n
		total += n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("opendata: reports per day: %w", err)
	}
	if total == 0 {
		return nil, nil
	}
	out := make([]Point, 0, 30)
	for d := first; d <= today; d++ {
		out = append(out, Point{humanDate(time.Unix(d*86400-7*3600, 0)), float64(perDay[d])})
	}
	return out, nil
}

// medianTimeToVerdict is, per WIB month over the last 12 months, the
// median hours from a claim's first report to a checker's answer (see
// answerTimes); months without one are left out.
func (s *Service) medianTimeToVerdict(ctx context.Context) ([]Point, error) {
	now := s.now().In(warta.Jakarta)
	start := time.Date(now.Year(), now.Month()-11, 1, 0, 0, 0, 0, warta.Jakarta)
	times, err := s.answerTimes(ctx, start.Unix(), now.Unix()+1, "")
	if err != nil {
		return nil, err
	}
	perMonth := map[int][]int64{} // year*12 + month-1
	for _, a := range times {
		t := time.Unix(a.at, 0).In(warta.Jakarta)
		m := t.Year()*12 + int(t.Month()) - 1
		perMonth[m] = append(perMonth[m], a.secs)
	}
	months := make([]int, 0, len(perMonth))
	for m := range perMonth {
		months = append(months, m)
	}
	sort.Ints(months)
	out := make([]Point, 0, len(months))
	for _, m := range months {
		h := math.Round(medianHours(perMonth[m])*10) / 10
		out = append(out, Point{monthLabel(m/12, time.Month(m%12+1)), h})
	}
	return out, nil
}

// topicWindow is how far back topik-teratas counts reports.
const topicWindow = 30 * 24 * time.Hour

// topTopics counts the reports of the last 30 days per topic of their
// claim's public verdict: first per claim from the reports' index, then
// the claims' topics by ID, so that the cost follows the reports and
// claims of the window, not the clinic's whole history. The ten largest are
// kept.
func (s *Service) topTopics(ctx context.Context) ([]Point, error) {
	now := s.now()
	counts, err := s.reportsPerClaim(ctx, now.Add(-topicWindow).Unix(), now.Unix()+1, false)
	if err != nil {
		return nil, err
	}
	facets, err := s.claimFacets(ctx, countedClaims(counts))
	if err != nil {
		return nil, err
	}
	perTopic := map[string]int64{}
	for _, c := range counts {
		f, ok := facets[c.claim]
		if !ok {
			continue
		}
		topic := f.topic
		if topic == "" {
			topic = "Tanpa kategori"
		}
		perTopic[topic] += c.n
	}
	out := ranked(perTopic)
	if len(out) > 10 {
		out = out[:10]
	}
	return out, nil
}

// verdictsPerLabel counts the public verdicts per label, from the
// (label, published_at) index alone.
func (s *Service) verdictsPerLabel(ctx context.Context) ([]Point, error) {
	rows, err := s.q(ctx, "SELECT label, COUNT(*) FROM clinic_verdicts WHERE published_at <= ? GROUP BY label", s.now().Unix())
	if err != nil {
		return nil, fmt.Errorf("opendata: verdicts per label: %w", err)
	}
	defer rows.Close()
	perLabel := map[string]int64{}
	for rows.Next() {
		var label string
		var n int64
		if err := rows.Scan(&label, &n); err != nil {
			return nil, fmt.Errorf("opendata: verdicts per label: %w", err)
		}
		perLabel[label] += n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("opendata: verdicts per label: %w", err)
	}
	return ranked(perLabel), nil
}

// ranked is counts as points, largest first, ties by label.
func ranked(counts map[string]int64) []Point {
	out := make([]Point, 0, len(counts))
	for k, n := range counts {
		out = append(out, Point{k, float64(n)})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Value != out[j].Value {
			return out[i].Value > out[j].Value
		}
		return out[i].Label < out[j].Label
	})
	return out
}
