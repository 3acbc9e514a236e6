package portal

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/kominfo-jatim/warta/internal/feed"
	"github.com/kominfo-jatim/warta/internal/indonesian"
	"github.com/kominfo-jatim/warta/internal/markdown"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

const testBase = "https://warta.example.id"

// votingMorning is the test clock: Pemilu 2024 voting day, 10.00 WIB.
var votingMorning = time.Date(2024, 2, 14, 10, 0, 0, 0, warta.Jakarta)

// testSite is a portal over a seeded database, reached through HTTP.
type testSite struct {
	db      *store.DB
	portal  *Portal
	mux     *http.ServeMux
	now     time.Time
	kpu     warta.Agency
	bawaslu warta.Agency

	live      []*warta.Article // every live article, newest first
	headlines []*warta.Article // in the editors' order
	feature   *warta.Article   // photo, dateline, byline, correction
	voters    *warta.Article   // mentions "pemilihan" for the stemming test
	draft     *warta.Article
}

// eachSite runs fn on a freshly seeded site on every test database.
func eachSite(t *testing.T, fn func(t *testing.T, s *testSite)) {
	storetest.Each(t, store.Options{Analyze: indonesian.New().Terms}, func(t *testing.T, db *store.DB) {
		fn(t, newTestSite(t, db, votingMorning))
	})
}

func newTestSite(t *testing.T, db *store.DB, now time.Time) *testSite {
	t.Helper()
	s := &testSite{db: db, now: now}
	s.seed(t)
	s.mount(t)
	return s
}

// mount builds the portal over the database and its routes.
func (s *testSite) mount(t *testing.T) {
	t.Helper()
	p, err := New(Config{
		DB:       s.db,
		Analyzer: indonesian.New(),
		Site:     feed.Site{Name: "Warta Jatim", BaseURL: testBase + "/", Language: "id"},
		Now:      func() time.Time { return s.now },
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	s.portal = p
	s.mux = http.NewServeMux()
	p.Routes(s.mux)
	// The server sends every other path to the portal's 404 page, as here.
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		p.Error(w, r, http.StatusNotFound, "")
	})
}

// seed writes two agencies, a photo and 30 live stories one hour apart
// back from an hour before the clock, plus a draft.
func (s *testSite) seed(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	s.kpu = warta.Agency{Slug: "kpu-jatim", Name: "KPU Provinsi Jawa Timur", ShortName: "KPU Jatim", URL: "https://jatim.kpu.go.id"}
	s.bawaslu = warta.Agency{Slug: "bawaslu-jatim", Name: "Bawaslu Provinsi Jawa Timur", ShortName: "Bawaslu Jatim"}
	for _, a := range []*warta.Agency{&s.kpu, &s.bawaslu} {
		if err := s.db.CreateAgency(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	photo := &warta.Media{Key: "2024/02/tps-surabaya.jpg", MIME: "image/jpeg", Width: 1600, Height: 900,
		Alt: "Warga antre di depan TPS 12 Kelurahan Gubeng", Caption: "Warga antre menggunakan hak pilih di TPS 12 Gubeng.",
		Credit: "Humas KPU Jatim", Variants: []int{320, 640, 960, 1280}}
	if err := s.db.CreateMedia(ctx, photo); err != nil {
		t.Fatal(err)
	}
	regions := []string{"kota-surabaya", "kabupaten-sidoarjo", "kota-malang", "kabupaten-jember"}
	stages := []string{"pemilu-2024-pemungutan-suara", "pemilu-2024-kampanye", "pemilu-2024-masa-tenang"}
	const n = 30
	for i := 0; i < n; i++ {
		published := s.now.Add(-time.Duration(i+1) * time.Hour).Add(5 * time.Minute)
		a := &warta.Article{
			Title:       fmt.Sprintf("Petugas KPPS di %s menyiapkan logistik nomor %d", regions[i%len(regions)], i),
			Body:        "Petugas menghitung surat suara dengan teliti.\n\nKotak suara disegel sebelum dibawa ke kecamatan.",
			Dateline:    "Surabaya",
			AgencyID:    s.kpu.ID,
			Regions:     []warta.Region{{Slug: regions[i%len(regions)]}},
			Stages:      []warta.Stage{{Slug: stages[i%len(stages)]}},
			Tags:        []warta.Tag{{Name: "Logistik Pemilu"}},
			Status:      warta.StatusPublished,
			PublishedAt: published,
			UpdatedAt:   published,
		}
		if i%5 == 4 {
			a.AgencyID = s.bawaslu.ID
		}
		switch i {
		case 0:
			a.Title = "Pemungutan suara di Surabaya berjalan lancar sejak pagi"
			a.Dek = "Antrean pemilih mengular di sejumlah TPS, petugas meminta warga membawa undangan dan KTP."
			a.Body = "Pemungutan suara di Kota Surabaya berjalan lancar sejak TPS dibuka pukul 07.00 WIB.\n\n" +
				"Ketua KPU Kota Surabaya meminta warga membawa formulir C6 dan KTP elektronik."
			a.LeadImage = photo
			a.Byline = "Rina Dewi"
			a.BylineCode = "rd/why"
			a.Tags = []warta.Tag{{Name: "TPS"}, {Name: "Pemilu 2024"}}
			a.Regions = []warta.Region{{Slug: "kota-surabaya"}, {Slug: "jawa-timur"}}
		case 3:
			a.Title = "Warga Jember antusias datangi TPS untuk pemilihan umum"
			a.Body = "Ribuan warga Jember datang ke TPS untuk pemilihan umum presiden dan legislatif."
			a.Dateline = "Jember"
		}
		switch i {
		case 0, 7, 2: // headline order 1, 2, 3 — not the order of publication
			a.Headline = true
			a.HeadlineOrder = map[int]int{0: 1, 7: 2, 2: 3}[i]
		}
		body, err := markdown.Render(a.Body)
		if err != nil {
			t.Fatal(err)
		}
		a.BodyHTML = body
		if err := s.db.CreateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		s.live = append(s.live, a)
		switch i {
		case 0:
			s.feature = a
		case 3:
			s.voters = a
		}
	}
	s.headlines = []*warta.Article{s.live[0], s.live[7], s.live[2]}
	c := &warta.Correction{ArticleID: s.feature.ID, Note: "Jam buka TPS sebelumnya tertulis 08.00 WIB.",
		CreatedAt: s.feature.PublishedAt.Add(90 * time.Minute)}
	if err := s.db.AddCorrection(ctx, c); err != nil {
		t.Fatal(err)
	}
	s.draft = &warta.Article{Title: "Draf rahasia belum terbit", Body: "Belum boleh dibaca.", AgencyID: s.kpu.ID,
		Regions: []warta.Region{{Slug: "kota-surabaya"}}, Status: warta.StatusDraft}
	if err := s.db.CreateArticle(ctx, s.draft); err != nil {
		t.Fatal(err)
	}
}

// get requests a path from the portal, as a browser would.
func (s *testSite) get(t *testing.T, target string) *http.Response {
	t.Helper()
	rec := httptest.NewRecorder()
	s.mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec.Result()
}

// page requests an HTML page, checks its status and parses it.
func (s *testSite) page(t *testing.T, target string, status int) *html.Node {
	t.Helper()
	res := s.get(t, target)
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != status {
		t.Fatalf("GET %s: status %d, want %d\n%.2000s", target, res.StatusCode, status, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Fatalf("GET %s: Content-Type %q", target, ct)
	}
	doc, err := html.Parse(strings.NewReader(string(body)))
	if err != nil {
		t.Fatalf("GET %s: parse HTML: %v", target, err)
	}
	return doc
}

// pathOf strips the test base URL.
func pathOf(u string) string { return strings.TrimPrefix(u, testBase) }
