package clinic

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Priority orders the fact-checkers' queue, higher first:
//
//	priority = 10
//	         + 40  when the claim is about an election (Claim.Election:
//	               election words in the first report, or set by a checker)
//	         + round(20 × log2(1 + report count))  (1 report 20, 3 → 40,
//	               7 → 60, 15 → 80: virality counts, but a claim reported
//	               a hundred times does not bury everything else)
//	         + the weight of every Config.Calendar period active now
//	               (30 when a period gives none), doubled for an election
//	               claim: a hoax during the campaign silence or on voting
//	               day can still change votes, and nobody may answer it
//	               on the campaign's behalf.
//
// It is recomputed whenever a report joins the claim or a checker changes
// it.
func (s *Service) priority(election bool, reports int, now time.Time) int {
	p := 10.0
	if election {
		p += 40
	}
	p += math.Round(20 * math.Log2(1+float64(max(reports, 0))))
	for _, per := range s.cfg.Calendar {
		if now.Before(per.Start) || !now.Before(per.End) {
			continue
		}
		w := per.Weight
		if w <= 0 {
			w = 30
		}
		if election {
			w *= 2
		}
		p += float64(w)
	}
	return int(p)
}

// recomputePriority stores the claim's priority from its current state.
func (s *Service) recomputePriority(ctx context.Context, t tx, claimID string) error {
	var election, reports int
	if err := t.queryRow(ctx, "SELECT election, report_count FROM clinic_claims WHERE id = ?", claimID).
		Scan(&election, &reports); err != nil {
		return fmt.Errorf("clinic: read claim %s for priority: %w", claimID, err)
	}
	p := s.priority(election != 0, reports, s.clock())
	if _, err := t.exec(ctx, "UPDATE clinic_claims SET priority = ? WHERE id = ?", p, claimID); err != nil {
		return fmt.Errorf("clinic: store priority of claim %s: %w", claimID, err)
	}
	return nil
}

// reprioritize recomputes the priority of every open claim and returns
// how many changed.
func (s *Service) reprioritize(ctx context.Context) (int, error) {
	rows, err := s.query(ctx, "SELECT id, election, report_count, priority FROM clinic_claims WHERE status IN (?, ?)",
		StatusNew, StatusChecking)
	if err != nil {
		return 0, fmt.Errorf("clinic: reprioritize: %w", err)
	}
	type change struct {
		id string
		p  int
	}
	var changes []change
	now := s.clock()
	for rows.Next() {
		var id string
		var election, reports, old int
		if err := rows.Scan(&id, &election, &reports, &old); err != nil {
			rows.Close()
			return 0, fmt.Errorf("clinic: reprioritize: %w", err)
		}
		if p := s.priority(election != 0, reports, now); p != old {
			changes = append(changes, change{id, p})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("clinic: reprioritize: %w", err)
	}
	for _, c := range changes {
		if _, err := s.exec(ctx, "UPDATE clinic_claims SET priority = ? WHERE id = ?", c.p, c.id); err != nil {
			return 0, fmt.Errorf("clinic: reprioritize claim %s: %w", c.id, err)
		}
	}
	return len(changes), nil
}

// electionWords mark a claim as election-related; a word of the text must
// equal one, or start with one of those ending in "*".
var electionWords = []string{
	"pemilu", "pilkada", "pilpres", "pileg", "pilgub", "pilbup", "pilwali", "kpu", "kpud", "bawaslu", "panwaslu",
	"dkpp", "tps", "kpps", "ppk", "pps", "caleg", "capres", "cawapres", "cagub", "cawagub", "cabup", "cawabup",
	"cawali", "paslon", "kampanye", "dpt", "coblos*", "mencoblos", "nyoblos", "pencoblosan", "pemungutan",
	"rekapitulasi", "sirekap", "golput", "kotak", "quick", "hitung", "pemilih", "elektabilitas", "politik*",
	"partai", "koalisi", "debat", "kandidat", "calon", "demokrasi", "suara",
}

// electionPhrases are matched as whole phrases.
var electionPhrases = []string{"surat suara", "kotak suara", "politik uang", "serangan fajar", "hitung cepat",
	"quick count", "masa tenang", "hari pemungutan", "daftar pemilih", "nomor urut", "suara sah", "kertas suara"}

// strongElection words alone make a claim election-related; the rest of
// electionWords need a second hit, so that "suara" or "calon" alone do not.
var strongElection = map[string]bool{"pemilu": true, "pilkada": true, "pilpres": true, "pileg": true,
	"pilgub": true, "pilbup": true, "pilwali": true, "kpu": true, "kpud": true, "bawaslu": true, "panwaslu": true,
	"dkpp": true, "tps": true, "kpps": true, "caleg": true, "capres": true, "cawapres": true, "cagub": true,
	"cawagub": true, "cabup": true, "cawabup": true, "cawali": true, "paslon": true, "kampanye": true, "dpt": true,
	"coblos*": true, "mencoblos": true, "nyoblos": true, "pencoblosan": true, "sirekap": true, "golput": true}

// electionRelated reports whether text speaks of an election: one strong
// word or phrase, or two weaker words.
func electionRelated(text string) bool {
	low := strings.ToLower(text)
	for _, p := range electionPhrases {
		if strings.Contains(low, p) {
			return true
		}
	}
	weak := 0
	for _, w := range strings.FieldsFunc(low, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		for _, k := range electionWords {
			hit := w == k || (strings.HasSuffix(k, "*") && strings.HasPrefix(w, k[:len(k)-1]))
			if !hit {
				continue
			}
			if strongElection[k] {
				return true
			}
			weak++
			if weak >= 2 {
				return true
			}
			break
		}
	}
	return false
}

// Weights of the election calendar in priority.
const (
	SilenceWeight   = 30 // each day of a campaign silence period (masa tenang)
	VotingDayWeight = 40 // voting day (hari pemungutan suara)
)

// CalendarFromElections derives Config.Calendar from the elections'
// stages: every stage named "masa tenang" and every voting day, as whole
// days in WIB.
func CalendarFromElections(elections []warta.Election) []Period {
	var out []Period
	for _, e := range elections {
		for _, st := range e.Stages {
			if strings.Contains(strings.ToLower(st.Name), "masa tenang") || strings.HasSuffix(st.Slug, "masa-tenang") {
				out = append(out, Period{Name: st.Name + " " + e.Name, Start: st.Start,
					End: st.End.AddDate(0, 0, 1), Weight: SilenceWeight})
			}
		}
		if !e.VotingDay.IsZero() {
			d := e.VotingDay.In(warta.Jakarta)
			day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, warta.Jakarta)
			out = append(out, Period{Name: "Hari pemungutan suara " + e.Name, Start: day, End: day.AddDate(0, 0, 1),
				Weight: VotingDayWeight})
		}
	}
	return out
}
