package match

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"
)

// Claim is one forwarded text of an evaluation set and the verdict that
// debunks it.
type Claim struct {
	FactcheckID string
	Group       string
	Text        string
}

// ReadFactchecks reads an archive of verdicts as CSV with a header row:
// columns id and title are required; label and url are used when present,
// other columns (published, category) are ignored.
func ReadFactchecks(r io.Reader) ([]Doc, error) {
	rows, col, err := readCSV(r, "id", "title")
	if err != nil {
		return nil, fmt.Errorf("read fact-checks: %w", err)
	}
	docs := make([]Doc, 0, len(rows))
	for _, row := range rows {
		d := Doc{ID: col(row, "id"), Title: col(row, "title"), Label: col(row, "label")}
		if u := col(row, "url"); u != "" {
			d.URLs = []string{u}
		}
		if d.ID == "" {
			continue
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// ReadClaims reads an evaluation set as CSV with a header row and columns
// factcheck_id, text and optionally group.
func ReadClaims(r io.Reader) ([]Claim, error) {
	rows, col, err := readCSV(r, "factcheck_id", "text")
	if err != nil {
		return nil, fmt.Errorf("read claims: %w", err)
	}
	claims := make([]Claim, 0, len(rows))
	for _, row := range rows {
		claims = append(claims, Claim{FactcheckID: col(row, "factcheck_id"), Group: col(row, "group"), Text: col(row, "text")})
	}
	return claims, nil
}

func readCSV(r io.Reader, required ...string) ([][]string, func([]string, string) string, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	header, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("header: %w", err)
	}
	index := make(map[string]int, len(header))
	for i, h := range header {
		index[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, name := range required {
		if _, ok := index[name]; !ok {
			return nil, nil, fmt.Errorf("missing column %q", name)
		}
	}
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, nil, err
	}
	col := func(row []string, name string) string {
		i, ok := index[name]
		if !ok || i >= len(row) {
			return ""
		}
		return strings.TrimSpace(row[i])
	}
	return rows, col, nil
}

// Metrics are ranking quality figures over a set of claims.
type Metrics struct {
	N     int     `json:"n"`
	MRR10 float64 `json:"mrr10"`
	R1    float64 `json:"r1"`
	R5    float64 `json:"r5"`
}

// EvalReport is the result of Evaluate.
type EvalReport struct {
	All Metrics `json:"all"`
	// Differing covers the claims whose text is not just the headline.
	Differing Metrics `json:"differing"`
	// Latency of one Match call, in milliseconds.
	P50ms float64 `json:"p50_ms"`
	P99ms float64 `json:"p99_ms"`
	// Disjoint counts the claims that share no word with their verdict's
	// headline once both are analysed (stems, slang, stop words removed):
	// "(narasi tidak ditampilkan)", a greeting, a caption in another
	// language. No word-based matcher ranks them, so 1 - Disjoint/n bounds
	// the R@5 such a matcher can reach on the set; DisjointFound of them
	// were in the top 5 all the same (typos, glued words).
	Disjoint      int `json:"disjoint"`
	DisjointFound int `json:"disjoint_in_top5"`
	// Ranks holds, per claim, the 1-based rank of the right verdict, or 0
	// when it is not in the top 10.
	Ranks []int `json:"-"`
}

// Evaluate matches every claim against ix, which must hold docs, and scores
// the rank of the verdict that debunks it.
func Evaluate(ix *Index, docs []Doc, claims []Claim) (EvalReport, error) {
	titles := make(map[string]string, len(docs))
	for _, d := range docs {
		titles[d.ID] = d.Title
	}
	var rep EvalReport
	var all, diff acc
	lat := make([]time.Duration, 0, len(claims))
	for _, c := range claims {
		title, ok := titles[c.FactcheckID]
		if !ok {
			return rep, fmt.Errorf("claim refers to unknown fact-check %q", c.FactcheckID)
		}
		start := time.Now()
		ms := ix.Match(Query{Text: c.Text}, 10)
		lat = append(lat, time.Since(start))
		rank := 0
		for i, m := range ms {
			if m.ID == c.FactcheckID {
				rank = i + 1
				break
			}
		}
		rep.Ranks = append(rep.Ranks, rank)
		if disjoint(analyze(c.Text).terms, analyzeTitle(stripLabel(title)).terms) {
			rep.Disjoint++
			if rank >= 1 && rank <= 5 {
				rep.DisjointFound++
			}
		}
		all.add(rank)
		if foldSpace(c.Text) != foldSpace(title) {
			diff.add(rank)
		}
	}
	if len(claims) == 0 {
		return rep, errors.New("no claims")
	}
	rep.All, rep.Differing = all.metrics(), diff.metrics()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 {
		i := int(p * float64(len(lat)-1))
		return float64(lat[i].Microseconds()) / 1000
	}
	rep.P50ms, rep.P99ms = pct(0.50), pct(0.99)
	return rep, nil
}

// disjoint reports whether the two term lists have no term in common.
func disjoint(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// foldSpace lowercases s and collapses whitespace, for the "text differs
// from the headline" test.
func foldSpace(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

type acc struct {
	n          int
	rr, r1, r5 float64
}

func (a *acc) add(rank int) {
	a.n++
	if rank >= 1 && rank <= 10 {
		a.rr += 1 / float64(rank)
	}
	if rank == 1 {
		a.r1++
	}
	if rank >= 1 && rank <= 5 {
		a.r5++
	}
}

func (a acc) metrics() Metrics {
	if a.n == 0 {
		return Metrics{}
	}
	n := float64(a.n)
	return Metrics{N: a.n, MRR10: a.rr / n, R1: a.r1 / n, R5: a.r5 / n}
}
