package main

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// kind is one page kind: the URLs its requests cycle through.
type kind struct {
	name string
	urls []string
	note string
}

var (
	nextLink    = regexp.MustCompile(`<a rel="next" href="([^"]+)"`)
	articleLink = regexp.MustCompile(`href="(/berita/[^"]+)"`)
)

// follow returns up to n pages after start, following "next" links.
func follow(c *http.Client, base, start string, n int) ([]string, error) {
	var out []string
	u := start
	for len(out) < n {
		body, status, err := get(c, base+u)
		if err != nil {
			return out, err
		}
		if status != http.StatusOK {
			return out, fmt.Errorf("GET %s: %d", u, status)
		}
		m := nextLink.FindStringSubmatch(body)
		if m == nil {
			break
		}
		ref, err := url.Parse(html.UnescapeString(m[1]))
		if err != nil {
			return out, err
		}
		u = ref.RequestURI()
		out = append(out, u)
	}
	return out, nil
}

func get(c *http.Client, u string) (string, int, error) {
	resp, err := c.Get(u)
	if err != nil {
		return "", 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), resp.StatusCode, err
}

// kinds builds the page kinds from the database's reference data and the
// generator's vocabulary.
func kinds(ctx context.Context, c *http.Client, base string, db *store.DB, deep int) ([]kind, error) {
	g := newGen(1, nil, nil, nil)
	ags, err := db.Agencies(ctx)
	if err != nil {
		return nil, err
	}
	els, err := db.Elections(ctx)
	if err != nil {
		return nil, err
	}
	var stages []warta.Stage
	for _, e := range els {
		stages = append(stages, e.Stages...)
	}
	q := func(s string) string { return "/cari?q=" + url.QueryEscape(s) }
	ks := []kind{
		{name: "home /", urls: []string{"/"}},
		{name: "indeks p1", urls: []string{"/indeks"}},
		{name: "wilayah p1", urls: []string{"/wilayah/kota-surabaya", "/wilayah/kabupaten-pacitan", "/wilayah/jawa-timur", "/wilayah/kota-batu"}},
		{name: "tahapan p1", urls: []string{"/tahapan/" + stages[0].Slug, "/tahapan/" + stages[len(stages)/2].Slug, "/tahapan/" + stages[len(stages)-1].Slug}},
		{name: "sumber p1", urls: []string{"/sumber/" + ags[0].Slug, "/sumber/" + ags[len(ags)-1].Slug}},
		{name: "tag p1", urls: []string{"/tag/" + g.tags[0].Slug, "/tag/" + g.tags[40].Slug, "/tag/" + g.tags[nTags-1].Slug}},
		{name: "cari umum", urls: []string{q(words[0]), q(words[1]), q(words[2]), q(words[4])},
			note: strings.Join([]string{words[0], words[1], words[2], words[4]}, ", ")},
		{name: "cari sedang", urls: []string{q(words[120]), q(words[200]), q(words[len(words)-30]), q(words[len(words)-1])},
			note: strings.Join([]string{words[120], words[200], words[len(words)-30], words[len(words)-1]}, ", ")},
		{name: "cari jarang", urls: []string{q(g.villages[17]), q(g.villages[1234]), q(g.people[42]), q(g.people[9999])},
			note: strings.Join([]string{g.villages[17], g.villages[1234], g.people[42], g.people[9999]}, ", ")},
		{name: "cari dua kata", urls: []string{q(words[0] + " " + words[1]), q(words[7] + " " + words[60]),
			q(words[3] + " " + g.villages[77]), q(g.villages[5] + " " + g.people[5])}},
		{name: "cari + bagian", urls: []string{q(words[0]) + "&wilayah=kota-batu", q(words[120]) + "&wilayah=kabupaten-pacitan",
			q(g.villages[17]) + "&wilayah=jawa-timur", q(words[1]) + "&sumber=" + ags[len(ags)-1].Slug},
			note: "search with a region or source filter"},
		{name: "cari hal 2-5", urls: []string{q(words[0]) + "&hal=2", q(words[100]) + "&hal=5", q(g.villages[17]) + "&hal=2"}},
	}
	ks[9].note = strings.Join([]string{words[0] + " " + words[1], words[7] + " " + words[60], words[3] + " " + g.villages[77], g.villages[5] + " " + g.people[5]}, "; ")
	// Article pages: each shows related articles, found partly by an
	// any-term search of its title.
	body, _, err := get(c, base+"/indeks")
	if err != nil {
		return nil, fmt.Errorf("get /indeks: %w", err)
	}
	var arts []string
	for _, m := range articleLink.FindAllStringSubmatch(body, 10) {
		arts = append(arts, m[1])
	}
	ks = append(ks, kind{name: "artikel", urls: arts, note: "related articles: sections and an any-term title search"})
	// Deep pages: reached the way a reader reaches them, by "next" links.
	idx, err := follow(c, base, "/indeks", deep)
	if err != nil {
		return nil, fmt.Errorf("follow /indeks: %w", err)
	}
	ks = append(ks, kind{name: fmt.Sprintf("indeks p2-%d", len(idx)+1), urls: idx})
	var sec []string
	for _, k := range ks[2:6] {
		for _, u := range k.urls[:min(2, len(k.urls))] {
			more, err := follow(c, base, u, min(deep, 10))
			if err != nil {
				return nil, fmt.Errorf("follow %s: %w", u, err)
			}
			sec = append(sec, more...)
		}
	}
	ks = append(ks, kind{name: "bagian p2-11", urls: sec, note: "wilayah, tahapan, sumber, tag"})
	return ks, nil
}

// measure times the page kinds and prints the table.
func measure(ctx context.Context, base string, db *store.DB, reqs, deep int, budget time.Duration) error {
	c := &http.Client{Timeout: time.Minute, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	ks, err := kinds(ctx, c, base, db, deep)
	if err != nil {
		return err
	}
	fmt.Printf("\n%-16s %5s %5s %8s %8s %8s %8s %8s  %s\n", "page", "reqs", "errs", "p50 ms", "p95 ms", "p99 ms", "max ms", "KB", "")
	var slow []string
	for _, k := range ks {
		if len(k.urls) == 0 {
			fmt.Printf("%-16s no pages\n", k.name)
			continue
		}
		for i := range min(10, 2*len(k.urls)) { // warm-up
			get(c, base+k.urls[i%len(k.urls)])
		}
		var lat []time.Duration
		errs, bytes := 0, 0
		start := time.Now()
		for i := 0; i < reqs && time.Since(start) < budget; i++ {
			u := base + k.urls[i%len(k.urls)]
			t := time.Now()
			body, status, err := get(c, u)
			lat = append(lat, time.Since(t))
			bytes += len(body)
			if err != nil || status != http.StatusOK {
				errs++
				if errs == 1 {
					fmt.Printf("  %s: status %d err %v\n", u, status, err)
				}
			}
		}
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		p := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1)+0.5)].Microseconds()) / 1000 }
		mark := ""
		if p(0.95) > 50 {
			mark = "> 50 ms p95"
			slow = append(slow, k.name)
		}
		fmt.Printf("%-16s %5d %5d %8.1f %8.1f %8.1f %8.1f %8.0f  %s\n", k.name, len(lat), errs, p(0.5), p(0.95), p(0.99), p(1), float64(bytes)/float64(len(lat))/1024, mark)
		if k.note != "" {
			fmt.Printf("%-16s   (%s)\n", "", k.note)
		}
	}
	fmt.Printf("\nRSS %s\n", rss())
	if len(slow) > 0 {
		fmt.Printf("above the 50 ms p95 target: %s\n", strings.Join(slow, ", "))
	} else {
		fmt.Println("every page kind within the 50 ms p95 target")
	}
	return nil
}
