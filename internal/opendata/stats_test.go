package opendata_test

import (
	"context"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/kominfo-jatim/warta/internal/opendata"
)

// pair is one number of a chart or table: its label and printed value.
type pair struct{ label, value string }

// statSection is what one /statistik section shows.
type statSection struct {
	svg   string
	chart []pair
	table []pair
	text  string
}

// statSections reads the statistics page: per section id, the SVG's source
// and its marks, the table's rows and the section's text.
func statSections(t *testing.T, page string) map[string]*statSection {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*statSection{}
	var walk func(n *html.Node, cur *statSection)
	walk = func(n *html.Node, cur *statSection) {
		if n.Type == html.ElementNode {
			switch {
			case n.Data == "section" && attr(n, "id") != "":
				cur = &statSection{}
				out[attr(n, "id")] = cur
			case cur != nil && n.Data == "svg":
				var b strings.Builder
				html.Render(&b, n)
				cur.svg = b.String()
			case cur != nil && attr(n, "data-label") != "":
				cur.chart = append(cur.chart, pair{attr(n, "data-label"), attr(n, "data-value")})
			case cur != nil && n.Data == "tr" && n.Parent != nil && n.Parent.Data == "tbody":
				var th, td string
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					if c.Type == html.ElementNode && c.Data == "th" && attr(c, "scope") == "row" {
						th = text(c)
					} else if c.Type == html.ElementNode && c.Data == "td" {
						td = text(c)
					}
				}
				cur.table = append(cur.table, pair{th, td})
			}
		}
		if n.Type == html.TextNode && cur != nil {
			cur.text += n.Data
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, cur)
		}
	}
	walk(doc, nil)
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	var b strings.Builder
	var f func(*html.Node)
	f = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			f(c)
		}
	}
	f(n)
	return strings.TrimSpace(b.String())
}

// wellFormed parses an SVG as strict XML.
func wellFormed(t *testing.T, id, svg string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	d.Strict = true
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s: SVG is not well-formed XML: %v\n%s", id, err, svg)
		}
	}
}

// Each statistic is an SVG chart, well-formed XML with an accessible name,
// and a table of the very same numbers; the clinic's, not computed yet,
// say so instead of showing numbers.
func TestStatistik(t *testing.T) {
	each(t, 50, func(t *testing.T, e *env) {
		w := e.getOK("/statistik")
		page := w.Body.String()
		if !strings.Contains(page, `class="site-header"`) {
			t.Error("the statistics page is not in the portal's frame")
		}
		sections := statSections(t, page)
		want := map[string][]pair{
			"artikel-per-wilayah":  {{"Kota Surabaya", "8"}, {"Kabupaten Sidoarjo", "8"}, {"Kota Malang", "8"}, {"Provinsi Jawa Timur", "6"}},
			"artikel-per-tahapan":  {{"Masa kampanye (Pemilu 2024)", "12"}, {"Pemungutan suara (Pemilu 2024)", "12"}},
			"artikel-per-bulan":    {{"Januari 2024", "12"}, {"Februari 2024", "12"}},
			"distribusi-per-kanal": {{"Mastodon", "6"}, {"Telegram", "5"}, {"X (Twitter)", "5"}},
		}
		for id, pairs := range want {
			s := sections[id]
			if s == nil || s.svg == "" {
				t.Errorf("%s: no chart", id)
				continue
			}
			wellFormed(t, id, s.svg)
			if !strings.Contains(s.svg, `role="img"`) || !strings.Contains(s.svg, "<title") || !strings.Contains(s.svg, "<desc") {
				t.Errorf("%s: chart has no accessible name", id)
			}
			if !equalPairs(s.chart, s.table) {
				t.Errorf("%s: chart %v, table %v", id, s.chart, s.table)
			}
			if !equalPairs(s.table, pairs) {
				t.Errorf("%s: table %v, want %v", id, s.table, pairs)
			}
		}
		for _, id := range []string{"laporan-masuk", "median-waktu-putusan", "topik-teratas", "putusan-per-label"} {
			s := sections[id]
			if s == nil || s.svg != "" || len(s.table) != 0 || !strings.Contains(s.text, "Belum ada data") {
				t.Errorf("%s: want a placeholder without numbers, got %+v", id, s)
			}
		}

		// A capability registering its numbers replaces the placeholder.
		e.od.RegisterStat(opendata.Stat{ID: "putusan-per-label", Title: "Putusan menurut label", Chart: opendata.BarChart,
			LabelHeader: "Label", ValueHeader: "Putusan", Compute: func(context.Context) ([]opendata.Point, error) {
				return []opendata.Point{{Label: "HOAKS <palsu> & \"fitnah\"", Value: 1234}, {Label: "FAKTA", Value: 2.5}}, nil
			}})
		s := statSections(t, e.getOK("/statistik").Body.String())["putusan-per-label"]
		wellFormed(t, "putusan-per-label", s.svg)
		if !equalPairs(s.table, []pair{{`HOAKS <palsu> & "fitnah"`, "1.234"}, {"FAKTA", "2,5"}}) || !equalPairs(s.chart, s.table) {
			t.Errorf("registered statistic: chart %v, table %v", s.chart, s.table)
		}
	})
}

// equalPairs compares as sets: ties in a ranking may come in either order.
func equalPairs(a, b []pair) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[pair]int{}
	for _, p := range a {
		seen[p]++
	}
	for _, p := range b {
		if seen[p]--; seen[p] < 0 {
			return false
		}
	}
	return true
}
