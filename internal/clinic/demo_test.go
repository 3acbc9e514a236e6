package clinic

import (
	"strings"
	"testing"

	"github.com/kominfo-jatim/warta/internal/warta"
)

func TestDemoFillsAnEmptyClinicOnce(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		if err := e.svc.LoadDemo(e.ctx); err != nil {
			t.Fatal(err)
		}
		page, err := e.svc.Verdicts(e.ctx, VerdictFilter{Limit: 100})
		if err != nil || len(page.Verdicts) != len(demoVerdicts) {
			t.Fatalf("%d demo verdicts, %v", len(page.Verdicts), err)
		}
		q, err := e.svc.Queue(e.ctx, e.checker, QueueFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(q) < 5 {
			t.Fatalf("%d open demo claims: %v", len(q), claimIDs(q))
		}
		overdue, suggested, clustered := 0, 0, 0
		for _, c := range q {
			if c.Overdue(e.clock.now()) {
				overdue++
			}
			if c.SuggestedVerdictID != "" {
				suggested++
			}
			if c.ReportCount >= 3 {
				clustered++
			}
		}
		if overdue != 1 || suggested < 1 || clustered != 1 {
			t.Fatalf("overdue %d, suggested %d, clustered %d: %v", overdue, suggested, clustered, claimIDs(q))
		}
		if n := e.count("SELECT COUNT(*) FROM clinic_contacts"); n != 0 {
			t.Fatalf("demo stored %d contacts", n)
		}
		if err := e.svc.LoadDemo(e.ctx); err != nil {
			t.Fatal(err)
		}
		if n := e.count("SELECT COUNT(*) FROM clinic_verdicts"); n != len(demoVerdicts) {
			t.Fatalf("second load: %d verdicts", n)
		}
	})
}

// TestDemoVerdictsAreCekFaktaArticles checks that every demo verdict is a
// live Cek Fakta article dated on its demo day, and that the instant
// answer to a demo hoax links to that article, not to an archive search.
func TestDemoVerdictsAreCekFaktaArticles(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		// The first agency by name is not the one running the clinic.
		if err := e.db.CreateAgency(e.ctx, &warta.Agency{Slug: "bawaslu-jatim", Name: "Bawaslu Provinsi Jawa Timur", ShortName: "Bawaslu Jatim"}); err != nil {
			t.Fatal(err)
		}
		office, err := e.db.AgencyBySlug(e.ctx, demoAgency)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.svc.LoadDemo(e.ctx); err != nil {
			t.Fatal(err)
		}
		page, err := e.svc.Verdicts(e.ctx, VerdictFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		byTitle := map[string]*Verdict{}
		days := map[string]bool{}
		for _, v := range page.Verdicts {
			byTitle[v.Title] = v
			if v.ArticleID == "" {
				t.Fatalf("demo verdict %q has no article", v.Title)
			}
			a, err := e.db.ArticleByID(e.ctx, v.ArticleID)
			if err != nil {
				t.Fatalf("article of %q: %v", v.Title, err)
			}
			if !a.Live() {
				t.Errorf("article of %q is not live: %s", v.Title, a.Status)
			}
			if want := "[" + v.Label + "] " + v.Title; a.Title != want {
				t.Errorf("article title %q, want %q", a.Title, want)
			}
			if want := "https://warta.example" + a.Path(); v.URL != want {
				t.Errorf("verdict %q links to %q, want %q", v.Title, v.URL, want)
			}
			if !a.PublishedAt.Equal(v.PublishedAt) || !a.PublishedAt.Before(e.clock.now()) {
				t.Errorf("article of %q published %v, verdict %v", v.Title, a.PublishedAt, v.PublishedAt)
			}
			for _, part := range []string{"Klaim yang beredar", "Penilaian:** " + v.Label, "## Penjelasan", "## Referensi", v.Explanation} {
				if !strings.Contains(a.Body, part) {
					t.Errorf("article of %q lacks %q:\n%s", v.Title, part, a.Body)
				}
			}
			tags := map[string]bool{}
			for _, tg := range a.Tags {
				tags[tg.Slug] = true
			}
			if !tags["cek-fakta"] || !tags[warta.Slugify(v.Label)] {
				t.Errorf("article of %q tagged %v", v.Title, a.Tags)
			}
			if len(a.Regions) == 0 || a.AgencyID != office.ID {
				t.Errorf("article of %q: regions %v, agency %q, want %s", v.Title, a.Regions, a.AgencyID, office.Slug)
			}
			days[a.PublishedAt.In(warta.Jakarta).Format("2006-01-02")] = true
			e.svc.artMu.Lock()
			asArticle := e.svc.artInIdx[a.ID]
			e.svc.artMu.Unlock()
			if asArticle {
				t.Errorf("article of %q is in the matcher as an article besides its verdict", v.Title)
			}
		}
		if len(byTitle) != len(demoVerdicts) || len(days) != len(demoVerdicts) {
			t.Fatalf("%d verdicts on %d days, want %d", len(byTitle), len(days), len(demoVerdicts))
		}
		if n := e.count("SELECT COUNT(*) FROM articles WHERE title LIKE '[%'"); n != len(demoVerdicts) {
			t.Fatalf("%d Cek Fakta articles", n)
		}

		// A forwarded copy of the first demo hoax.
		d := demoVerdicts[0]
		r := e.submit(Submission{Text: "SEBARKAN!! KPU Jatim umumkan pemungutan suara diundur satu minggu karena cuaca buruk 🙏"})
		if r.Decision != DecisionAuto || r.Verdict == nil || r.Verdict.Title != d.title {
			t.Fatalf("demo hoax answered %s with %+v (score %.2f)", r.Decision, r.Verdict, r.Score)
		}
		v := byTitle[d.title]
		if !strings.Contains(r.Reply, v.URL) || strings.Contains(r.Reply, "/cek-fakta?q=") {
			t.Fatalf("instant answer does not link the article %s:\n%s", v.URL, r.Reply)
		}

		if err := e.svc.LoadDemo(e.ctx); err != nil {
			t.Fatal(err)
		}
		if n := e.count("SELECT COUNT(*) FROM articles WHERE title LIKE '[%'"); n != len(demoVerdicts) {
			t.Fatalf("second load: %d Cek Fakta articles", n)
		}
	})
}
