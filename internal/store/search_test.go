package store_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// searchBase is the publication time of the newest test article.
var searchBase = time.Date(2024, 11, 27, 9, 0, 0, 0, warta.Jakarta)

// publish creates a live article published at the time given.
func publish(t *testing.T, db *store.DB, ag warta.Agency, title, body string, at time.Time, region, tag string) *warta.Article {
	t.Helper()
	a := &warta.Article{Title: title, Body: body, AgencyID: ag.ID, Status: warta.StatusPublished, PublishedAt: at}
	if region != "" {
		a.Regions = []warta.Region{{Slug: region}}
	}
	if tag != "" {
		a.Tags = []warta.Tag{{Name: tag}}
	}
	if err := db.CreateArticle(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

func newAgency(t *testing.T, db *store.DB, slug string) warta.Agency {
	t.Helper()
	ag := warta.Agency{Slug: slug, Name: "Instansi " + slug, ShortName: slug}
	if err := db.CreateAgency(context.Background(), &ag); err != nil {
		t.Fatal(err)
	}
	return ag
}

// searchIDs returns the IDs a search finds, in order.
func searchIDs(t *testing.T, db *store.DB, q store.SearchQuery) []string {
	t.Helper()
	res, _, err := db.SearchArticles(context.Background(), q)
	if err != nil {
		t.Fatalf("search %+v: %v", q, err)
	}
	ids := make([]string, len(res))
	for i, r := range res {
		ids[i] = r.Article.ID
	}
	return ids
}

func contains(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func TestSearchOrderFiltersAndPages(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		kpu := newAgency(t, db, "kpu-jatim")
		bawaslu := newAgency(t, db, "bawaslu-jatim")
		// 25 articles about the count, an hour apart, newest first; every
		// fifth also names the warehouse in its title, so it ranks first.
		var arts []*warta.Article
		for i := range 25 {
			title := fmt.Sprintf("Rekapitulasi suara tahap %d", i)
			if i%5 == 0 {
				title = fmt.Sprintf("Rekapitulasi suara gudang logistik tahap %d", i)
			}
			region, ag, tag := "kota-surabaya", kpu, "Rekapitulasi"
			if i%2 == 1 {
				region, ag, tag = "kabupaten-sidoarjo", bawaslu, "Pengawasan"
			}
			arts = append(arts, publish(t, db, ag, title, "Petugas bekerja di gudang.", searchBase.Add(-time.Duration(i)*time.Hour), region, tag))
		}
		publish(t, db, kpu, "Debat kandidat berlangsung tertib", "Tidak ada kaitan.", searchBase, "kota-batu", "")

		// All terms: the title matches rank first, newer first among them.
		ids := searchIDs(t, db, store.SearchQuery{Text: "gudang logistik", Limit: 100})
		if len(ids) != 5 {
			t.Fatalf("all-terms search found %d, want the 5 with both terms", len(ids))
		}
		for i, id := range ids {
			if id != arts[i*5].ID {
				t.Fatalf("position %d is not article %d", i, i*5)
			}
		}

		// Pages of 10 cover every match once, in rank order.
		seen := map[string]bool{}
		var pages []string
		for off := 0; off < 40; off += 10 {
			page := searchIDs(t, db, store.SearchQuery{Text: "gudang", Offset: off, Limit: 10})
			for _, id := range page {
				if seen[id] {
					t.Fatalf("offset %d repeats an article", off)
				}
				seen[id] = true
			}
			pages = append(pages, page...)
		}
		if len(pages) != 25 {
			t.Fatalf("pages held %d articles, want 25", len(pages))
		}
		for i := range 5 {
			if pages[i] != arts[i*5].ID {
				t.Fatalf("page order: position %d is not article %d", i, i*5)
			}
		}
		if pages[5] != arts[1].ID || pages[24] != arts[24].ID {
			t.Fatal("equal matches are not ordered newest first")
		}

		// Any-term fallback: no article has both, so either will do.
		ids = searchIDs(t, db, store.SearchQuery{Text: "logistik debat", Limit: 100})
		if len(ids) != 6 {
			t.Fatalf("any-term fallback found %d, want 6", len(ids))
		}

		// Section and date filters.
		cases := []struct {
			name string
			f    warta.ArticleFilter
			want func(i int) bool
		}{
			{"region", warta.ArticleFilter{Region: "kabupaten-sidoarjo"}, func(i int) bool { return i%2 == 1 }},
			{"agency", warta.ArticleFilter{Agency: "kpu-jatim"}, func(i int) bool { return i%2 == 0 }},
			{"tag", warta.ArticleFilter{Tag: "pengawasan"}, func(i int) bool { return i%2 == 1 }},
			{"from", warta.ArticleFilter{From: searchBase.Add(-4 * time.Hour)}, func(i int) bool { return i <= 4 }},
			{"to", warta.ArticleFilter{To: searchBase.Add(-19 * time.Hour)}, func(i int) bool { return i > 19 }},
			{"region and range", warta.ArticleFilter{Region: "kota-surabaya", From: searchBase.Add(-10 * time.Hour), To: searchBase.Add(-2 * time.Hour)},
				func(i int) bool { return i%2 == 0 && i >= 3 && i <= 10 }},
		}
		for _, c := range cases {
			ids := searchIDs(t, db, store.SearchQuery{Text: "rekapitulasi", Filter: c.f, Limit: 100})
			want := 0
			for i, a := range arts {
				if c.want(i) {
					want++
					if !contains(ids, a.ID) {
						t.Fatalf("%s filter: article %d missing", c.name, i)
					}
				}
			}
			if len(ids) != want {
				t.Fatalf("%s filter: found %d, want %d", c.name, len(ids), want)
			}
		}
		ids = searchIDs(t, db, store.SearchQuery{Text: "rekapitulasi", Filter: warta.ArticleFilter{Stage: "pemilu-2024-rekapitulasi"}})
		if len(ids) != 0 {
			t.Fatalf("stage filter found %d articles outside the stage", len(ids))
		}
	})
}

func TestSearchRanksNewestWindow(t *testing.T) {
	if testing.Short() {
		t.Skip("creates more articles than the search window")
	}
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ag := newAgency(t, db, "kpu-jatim")
		n := store.SearchWindow + 30
		// The 30 oldest say "kampanye" three times in the title, so they
		// would rank first if every match were ranked.
		var oldest []*warta.Article
		for i := range n {
			at := searchBase.Add(-time.Duration(i) * time.Minute)
			title, body := fmt.Sprintf("Laporan harian nomor %d", i), "Jadwal kampanye hari ini."
			if i >= store.SearchWindow {
				title = fmt.Sprintf("Kampanye kampanye kampanye hari %d", i)
			}
			if i == n-1 {
				body += " Pawai istimewa."
			}
			region := ""
			if i >= store.SearchWindow {
				region = "kota-batu"
			}
			a := publish(t, db, ag, title, body, at, region, "")
			if i >= store.SearchWindow {
				oldest = append(oldest, a)
			}
		}
		cutoff := searchBase.Add(-time.Duration(store.SearchWindow-1) * time.Minute)

		res, _, err := db.SearchArticles(context.Background(), store.SearchQuery{Text: "kampanye", Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(res) != 100 {
			t.Fatalf("found %d, want a full page", len(res))
		}
		for _, r := range res {
			if r.Article.PublishedAt.Before(cutoff) {
				t.Fatalf("%q is older than the newest %d matches", r.Article.Title, store.SearchWindow)
			}
		}
		// The window's last page ends where the window does.
		ids := searchIDs(t, db, store.SearchQuery{Text: "kampanye", Offset: store.SearchWindow - 10, Limit: 100})
		if len(ids) != 10 {
			t.Fatalf("last page of the window holds %d, want 10", len(ids))
		}
		if ids := searchIDs(t, db, store.SearchQuery{Text: "kampanye", Offset: store.SearchWindow, Limit: 10}); len(ids) != 0 {
			t.Fatalf("beyond the window: %d results", len(ids))
		}
		// The any-term search is bounded the same way.
		for _, r := range mustSearch(t, db, store.SearchQuery{Text: "kampanye pawai", Any: true, Limit: 100}) {
			if r.Article.PublishedAt.Before(cutoff) {
				t.Fatalf("any-term search returned %q, older than the window", r.Article.Title)
			}
		}
		// Narrower searches reach the old articles, best first.
		ids = searchIDs(t, db, store.SearchQuery{Text: "kampanye", Filter: warta.ArticleFilter{To: cutoff}, Limit: 100})
		if len(ids) != len(oldest) || ids[0] != oldest[0].ID {
			t.Fatalf("date-filtered search found %d old articles, want %d newest first", len(ids), len(oldest))
		}
		// So does a section: all its matches lie beyond the window.
		ids = searchIDs(t, db, store.SearchQuery{Text: "kampanye", Filter: warta.ArticleFilter{Region: "kota-batu"}, Limit: 100})
		if len(ids) != len(oldest) || ids[0] != oldest[0].ID {
			t.Fatalf("region-filtered search found %d old articles, want %d newest first", len(ids), len(oldest))
		}
		ids = searchIDs(t, db, store.SearchQuery{Text: "istimewa"})
		if len(ids) != 1 || ids[0] != oldest[len(oldest)-1].ID {
			t.Fatalf("rare term: %v", ids)
		}
		ids = searchIDs(t, db, store.SearchQuery{Text: "kampanye istimewa"})
		if len(ids) != 1 || ids[0] != oldest[len(oldest)-1].ID {
			t.Fatalf("rare and common term together: %v", ids)
		}

		// Rebuilt by the upgrade (SQLite re-analyses in batches), the index
		// answers the same.
		oldSearchIndex(t, db, nil)
		if err := db.Migrate(context.Background()); err != nil {
			t.Fatalf("upgrade: %v", err)
		}
		ids = searchIDs(t, db, store.SearchQuery{Text: "kampanye", Filter: warta.ArticleFilter{To: cutoff}, Limit: 100})
		if len(ids) != len(oldest) || ids[0] != oldest[0].ID {
			t.Fatalf("after upgrade, date-filtered search found %d old articles, want %d", len(ids), len(oldest))
		}
		if ids := searchIDs(t, db, store.SearchQuery{Text: "kampanye", Offset: store.SearchWindow - 10, Limit: 100}); len(ids) != 10 {
			t.Fatalf("after upgrade the window's last page holds %d, want 10", len(ids))
		}
		ids = searchIDs(t, db, store.SearchQuery{Text: "kampanye", Filter: warta.ArticleFilter{Region: "kota-batu"}, Limit: 100})
		if len(ids) != len(oldest) || ids[0] != oldest[0].ID {
			t.Fatalf("after upgrade, region-filtered search found %d old articles, want %d", len(ids), len(oldest))
		}
	})
}

func mustSearch(t *testing.T, db *store.DB, q store.SearchQuery) []warta.SearchResult {
	t.Helper()
	res, _, err := db.SearchArticles(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestSearchFollowsEdits(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ag := newAgency(t, db, "kpu-jatim")
		// Two articles in the same second keep distinct index entries.
		a := publish(t, db, ag, "Distribusi logistik ke Pacitan", "Kotak suara dikirim.", searchBase, "", "")
		b := publish(t, db, ag, "Distribusi logistik ke Ngawi", "Kotak suara dikirim.", searchBase, "", "")
		if ids := searchIDs(t, db, store.SearchQuery{Text: "distribusi"}); len(ids) != 2 {
			t.Fatalf("same-second articles: found %d, want 2", len(ids))
		}
		// An edit replaces the old words, and a new publication time moves
		// the article without duplicating it.
		a.Title = "Pelipatan surat suara di Pacitan"
		a.PublishedAt = searchBase.Add(-48 * time.Hour)
		if err := db.UpdateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		if ids := searchIDs(t, db, store.SearchQuery{Text: "distribusi"}); len(ids) != 1 || ids[0] != b.ID {
			t.Fatalf("after edit, old title words find %v", ids)
		}
		if ids := searchIDs(t, db, store.SearchQuery{Text: "pelipatan"}); len(ids) != 1 || ids[0] != a.ID {
			t.Fatalf("after edit, new title words find %v", ids)
		}
		if ids := searchIDs(t, db, store.SearchQuery{Text: "kotak"}); len(ids) != 2 || ids[0] != b.ID {
			t.Fatalf("after moving back in time: %v, want b then a", ids)
		}
		// Unpublished leaves the index; published again returns to it.
		a.Status = warta.StatusUnpublished
		if err := db.UpdateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		if ids := searchIDs(t, db, store.SearchQuery{Text: "pelipatan"}); len(ids) != 0 {
			t.Fatal("unpublished article still found")
		}
		a.Status = warta.StatusPublished
		if err := db.UpdateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		if ids := searchIDs(t, db, store.SearchQuery{Text: "pelipatan"}); len(ids) != 1 {
			t.Fatal("republished article not found")
		}
	})
}

// oldSearchIndex puts the full-text index back the way it was before
// migration 0014 and forgets that migration: SQLite rowids in the order of
// indexing (here oldest article last), PostgreSQL rows without a
// publication time.
func oldSearchIndex(t *testing.T, db *store.DB, arts []*warta.Article) {
	t.Helper()
	ctx := context.Background()
	// PostgreSQL documents lose their section tokens, the only lexemes
	// without positions.
	stmts := []string{"ALTER TABLE article_search DROP COLUMN published_at",
		`UPDATE article_search SET doc = ts_delete(doc, ARRAY(SELECT lexeme FROM unnest(doc) WHERE positions IS NULL))`}
	if db.Dialect() == store.SQLite {
		stmts = []string{"DROP TABLE article_fts", "DROP TABLE article_search",
			`CREATE TABLE article_search (rowid INTEGER PRIMARY KEY,
				article_id TEXT NOT NULL UNIQUE REFERENCES articles (id) ON DELETE CASCADE)`,
			`CREATE VIRTUAL TABLE article_fts USING fts5 (title, body, content = '', contentless_delete = 1,
				tokenize = 'unicode61 remove_diacritics 0')`}
	}
	stmts = append(stmts, "DELETE FROM schema_migrations WHERE version = '0014_search_window'")
	for _, s := range stmts {
		if _, err := db.SQL().ExecContext(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	if db.Dialect() != store.SQLite {
		return
	}
	for i, a := range arts {
		if !a.Live() {
			continue
		}
		if _, err := db.SQL().ExecContext(ctx, "INSERT INTO article_search (rowid, article_id) VALUES (?, ?)", i+1, a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SQL().ExecContext(ctx, "INSERT INTO article_fts (rowid, title, body) VALUES (?, ?, ?)",
			i+1, "lama", "lama"); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSearchUpgradeKeepsArticlesSearchable(t *testing.T) {
	var logged syncBuffer
	log := slog.New(slog.NewTextHandler(&logged, nil))
	storetest.Each(t, store.Options{Logger: log}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ag := newAgency(t, db, "kpu-jatim")
		var arts []*warta.Article
		for i := range 12 {
			at := searchBase.Add(-time.Duration(i) * 24 * time.Hour)
			arts = append(arts, publish(t, db, ag, fmt.Sprintf("Sosialisasi pemilih pemula %d", i), "Pelajar diajak memilih.", at, "kota-surabaya", "Pemilih"))
		}
		twin := publish(t, db, ag, "Sosialisasi pemilih pemula kembar", "Pelajar diajak memilih.", searchBase, "kota-surabaya", "Pemilih")
		arts = append([]*warta.Article{twin}, arts...)
		draft := &warta.Article{Title: "Sosialisasi pemilih draf", Body: "Belum terbit.", AgencyID: ag.ID}
		if err := db.CreateArticle(ctx, draft); err != nil {
			t.Fatal(err)
		}
		arts = append(arts, draft)
		oldSearchIndex(t, db, arts)
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("upgrade: %v", err)
		}
		applied, err := db.AppliedMigrations(ctx)
		if err != nil || !contains(applied, "0014_search_window") {
			t.Fatalf("applied = %v, %v", applied, err)
		}
		// SQLite re-analyses every article, minutes on a large site: the
		// operator is told how many and when it is done.
		if db.Dialect() == store.SQLite && !strings.Contains(logged.String(), `indeks pencarian selesai dibangun ulang" artikel=13`) {
			t.Errorf("upgrade log:\n%s", logged.String())
		}
		// Every live article is found, newest first among equals, by its
		// own words; the draft is not.
		ids := searchIDs(t, db, store.SearchQuery{Text: "sosialisasi pelajar", Limit: 100})
		if len(ids) != 13 {
			t.Fatalf("after upgrade found %d articles, want 13", len(ids))
		}
		for i, id := range ids[2:] {
			if id != arts[i+2].ID {
				t.Fatalf("after upgrade position %d is not article %d", i+2, i+2)
			}
		}
		if !contains(ids[:2], arts[0].ID) || !contains(ids[:2], arts[1].ID) {
			t.Fatal("after upgrade the two newest, published in the same second, are not first")
		}
		ids = searchIDs(t, db, store.SearchQuery{Text: "sosialisasi", Filter: warta.ArticleFilter{Region: "kota-surabaya", To: searchBase.Add(-100 * time.Hour)}, Limit: 100})
		if len(ids) != 7 || ids[0] != arts[6].ID {
			t.Fatalf("after upgrade, filtered search found %d", len(ids))
		}
		for _, f := range []warta.ArticleFilter{{Tag: "pemilih"}, {Agency: "kpu-jatim"}, {Region: "kota-surabaya", Tag: "pemilih", Agency: "kpu-jatim"}} {
			if ids := searchIDs(t, db, store.SearchQuery{Text: "sosialisasi", Filter: f, Limit: 100}); len(ids) != 13 {
				t.Fatalf("after upgrade, search in %+v found %d, want 13", f, len(ids))
			}
		}
		if ids := searchIDs(t, db, store.SearchQuery{Text: "sosialisasi", Filter: warta.ArticleFilter{Region: "kota-batu"}}); len(ids) != 0 {
			t.Fatalf("after upgrade, search in another region found %d", len(ids))
		}
		// Publishing and editing keep working on the upgraded index.
		fresh := publish(t, db, ag, "Sosialisasi pemilih disabilitas", "Pendamping disiapkan.", searchBase.Add(time.Hour), "", "")
		if ids := searchIDs(t, db, store.SearchQuery{Text: "sosialisasi", Limit: 100}); len(ids) != 14 || ids[0] != fresh.ID {
			t.Fatalf("new article after upgrade: %d found", len(ids))
		}
		arts[12].Title = "Simulasi pemungutan suara"
		if err := db.UpdateArticle(ctx, arts[12]); err != nil {
			t.Fatal(err)
		}
		if ids := searchIDs(t, db, store.SearchQuery{Text: "simulasi"}); len(ids) != 1 || ids[0] != arts[12].ID {
			t.Fatalf("edited article after upgrade: %v", ids)
		}
	})
}

// syncBuffer is a bytes.Buffer safe for a logger and a test to share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
