package opendata_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/auth"
	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/feed"
	"github.com/kominfo-jatim/warta/internal/indonesian"
	"github.com/kominfo-jatim/warta/internal/mail"
	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/opendata"
	"github.com/kominfo-jatim/warta/internal/portal"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

const base = "https://warta.example.id"

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

// env is the open-data service mounted as the application mounts it: the
// public routes on the portal's mux, the CKAN routes beside them, and the
// import pages behind the studio's sign-in (here: a user put in the context
// by the X-Test-User header).
type env struct {
	t      *testing.T
	db     *store.DB
	od     *opendata.Service
	mux    *http.ServeMux
	kpu    warta.Agency
	live   []*warta.Article // newest first, as the artikel dataset orders them
	users  map[string]*warta.User
	purged int
}

// studioFrame stands in for the studio's Page (internal/studio/page.go):
// the import pages' behaviour does not depend on the frame, and the tests
// of this package need not build the whole studio.
func studioFrame(w http.ResponseWriter, r *http.Request, status int, title string, body template.HTML) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<!doctype html><title>%s</title><main>%s</main>", template.HTMLEscapeString(title), body)
}

// each runs fn on a seeded environment on every test database.
func each(t *testing.T, batch int, fn func(t *testing.T, e *env)) {
	storetest.Each(t, store.Options{Analyze: indonesian.New().Terms}, func(t *testing.T, db *store.DB) {
		e := &env{t: t, db: db}
		e.seed()
		e.mount(batch)
		fn(t, e)
	})
}

func (e *env) mount(batch int) {
	t := e.t
	p, err := portal.New(portal.Config{DB: e.db, Site: feed.Site{Name: "Warta Jatim", BaseURL: base, Language: "id"}, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	e.od, err = opendata.New(opendata.Config{
		DB: e.db, BaseURL: base, SiteName: "Warta Jatim",
		Publisher:  opendata.Publisher{Slug: "diskominfo-jatim", Name: "Dinas Kominfo Provinsi Jawa Timur", Email: "data@example.id"},
		PublicPage: p.Page, StudioPage: studioFrame, PublicError: p.Error,
		OnChange: func() { e.purged++ }, Logger: quiet(), BatchSize: batch,
	})
	if err != nil {
		t.Fatal(err)
	}
	// The contests' results, as the application registers them.
	cs, err := contest.New(contest.Config{DB: e.db, Files: media.New(t.TempDir()), Mailer: mail.NewOutbox(e.db),
		BaseURL: base, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.od.RegisterLomba(cs); err != nil {
		t.Fatal(err)
	}
	e.users = map[string]*warta.User{
		"admin":  {ID: "01HADMIN000000000000000000", Name: "Admin Data", Email: "admin@example.id", Role: warta.RoleAdmin},
		"editor": {ID: "01HEDITOR00000000000000000", Name: "Redaktur", Email: "editor@example.id", Role: warta.RoleEditor},
	}
	e.mux = http.NewServeMux()
	p.Routes(e.mux)
	e.od.PublicRoutes(e.mux)
	e.od.CKANRoutes(e.mux)
	studioMux := http.NewServeMux()
	e.od.StudioRoutes(studioMux)
	e.mux.Handle("/studio/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u := e.users[r.Header.Get("X-Test-User")]; u != nil {
			r = r.WithContext(auth.WithUser(r.Context(), u))
		}
		studioMux.ServeHTTP(w, r)
	}))
}

// seed writes two agencies, 24 live articles (some published in the same
// second, to test the keyset's tie-break), a draft, three channels and
// deliveries over three days.
func (e *env) seed() {
	t, ctx := e.t, context.Background()
	e.kpu = warta.Agency{Slug: "kpu-jatim", Name: "KPU Provinsi Jawa Timur", ShortName: "KPU Jatim", URL: "https://jatim.kpu.go.id"}
	bws := warta.Agency{Slug: "bawaslu-jatim", Name: "Bawaslu Provinsi Jawa Timur", ShortName: "Bawaslu Jatim"}
	for _, a := range []*warta.Agency{&e.kpu, &bws} {
		if err := e.db.CreateAgency(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	regions := []string{"kota-surabaya", "kabupaten-sidoarjo", "kota-malang"}
	stages := []string{"pemilu-2024-kampanye", "pemilu-2024-pemungutan-suara"}
	start := time.Date(2024, 1, 20, 9, 0, 0, 0, warta.Jakarta)
	for i := 0; i < 24; i++ {
		at := start.Add(time.Duration(i/3) * 72 * time.Hour) // three per instant
		a := &warta.Article{
			Title: fmt.Sprintf("Berita logistik pemilu nomor %d, \"kotak\"; suara", i), Body: "Isi.",
			AgencyID: e.kpu.ID, Regions: []warta.Region{{Slug: regions[i%3]}}, Stages: []warta.Stage{{Slug: stages[i%2]}},
			Tags: []warta.Tag{{Name: "Logistik"}}, Status: warta.StatusPublished, PublishedAt: at, UpdatedAt: at.Add(time.Hour),
		}
		if i%4 == 0 {
			a.AgencyID = bws.ID
			a.Regions = append(a.Regions, warta.Region{Slug: "jawa-timur"})
		}
		if err := e.db.CreateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		e.live = append([]*warta.Article{a}, e.live...)
	}
	draft := &warta.Article{Title: "Draf rahasia", AgencyID: e.kpu.ID, Status: warta.StatusDraft}
	if err := e.db.CreateArticle(ctx, draft); err != nil {
		t.Fatal(err)
	}
	// Deliveries belong to dissemination; written here as its engine would.
	exec := func(q string, args ...any) {
		if _, err := e.db.SQL().ExecContext(ctx, e.db.Rebind(q), args...); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now().UnixMilli()
	for i, kind := range []string{"telegram", "mastodon", "x"} {
		exec("INSERT INTO channels (id, kind, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
			fmt.Sprintf("CH%d", i), kind, kind+" resmi", now, now)
	}
	day := time.Date(2024, 2, 13, 23, 30, 0, 0, warta.Jakarta).UnixMilli() // 30 minutes before a WIB midnight
	statuses := []string{"delivered", "delivered", "failed", "dry_run"}
	for i := 0; i < 30; i++ {
		created := day + int64(i)*40*60*1000 // every 40 minutes, across three WIB days
		exec(`INSERT INTO deliveries (id, article_id, channel_id, version, op, status, next_attempt_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, warta.NewID(), e.live[i%len(e.live)].ID, fmt.Sprintf("CH%d", i%3),
			fmt.Sprintf("v%d", i), "publish", statuses[i%4], created, created, created)
	}
	// Stragglers weeks later, so that the distribusi dataset spans several
	// of its 31-day windows, with empty windows between.
	for i, days := range []int64{40, 110, 110} {
		created := day + days*86400*1000
		exec(`INSERT INTO deliveries (id, article_id, channel_id, version, op, status, next_attempt_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, warta.NewID(), e.live[i].ID, fmt.Sprintf("CH%d", i),
			"late", "publish", "failed", created, created, created)
	}
}

// do sends a request through the mux.
func (e *env) do(r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	e.mux.ServeHTTP(w, r)
	return w
}

func (e *env) get(path string) *httptest.ResponseRecorder {
	return e.do(httptest.NewRequest(http.MethodGet, path, nil))
}

// getOK fetches a path that must answer 200.
func (e *env) getOK(path string) *httptest.ResponseRecorder {
	e.t.Helper()
	w := e.get(path)
	if w.Code != http.StatusOK {
		e.t.Fatalf("GET %s: %d\n%s", path, w.Code, w.Body.String())
	}
	return w
}

// csvRows downloads a dataset's CSV and parses it.
func (e *env) csvRows(path string) [][]string {
	e.t.Helper()
	w := e.getOK(path)
	r := csv.NewReader(w.Body)
	recs, err := r.ReadAll()
	if err != nil {
		e.t.Fatalf("%s: not CSV: %v", path, err)
	}
	return recs
}

// jsonPage is the JSON API's answer.
type jsonPage struct {
	Dataset    string           `json:"dataset"`
	Version    int              `json:"version"`
	Columns    []string         `json:"columns"`
	Count      int              `json:"count"`
	Rows       []map[string]any `json:"rows"`
	NextCursor *string          `json:"next_cursor"`
	Next       *string          `json:"next"`
}

// jsonRows follows a dataset's JSON pages to the end and returns the rows
// as CSV would print them, with the header.
func (e *env) jsonRows(path string) [][]string {
	e.t.Helper()
	var out [][]string
	pages := 0
	for path != "" {
		w := e.getOK(path)
		var p jsonPage
		dec := json.NewDecoder(w.Body)
		dec.UseNumber()
		if err := dec.Decode(&p); err != nil {
			e.t.Fatalf("%s: %v", path, err)
		}
		if out == nil {
			out = append(out, p.Columns)
		}
		if p.Count != len(p.Rows) {
			e.t.Errorf("%s: count %d, %d rows", path, p.Count, len(p.Rows))
		}
		for _, row := range p.Rows {
			rec := make([]string, len(p.Columns))
			for i, c := range p.Columns {
				rec[i] = asCell(row[c])
			}
			out = append(out, rec)
		}
		path = ""
		if p.Next != nil {
			path = strings.TrimPrefix(*p.Next, base)
		}
		if pages++; pages > 1000 {
			e.t.Fatal("JSON pages never end")
		}
	}
	return out
}

// asCell prints a JSON value as the CSV does.
func asCell(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case json.Number:
		return v.String()
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = asCell(x)
		}
		return strings.Join(parts, ";")
	}
	return fmt.Sprint(v)
}

// upload posts the import form as user with a CSV file.
func (e *env) upload(user string, fields map[string]string, fileName, content string) *httptest.ResponseRecorder {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if fileName != "" {
		fw, _ := mw.CreateFormFile("berkas", fileName)
		io.WriteString(fw, content)
	}
	mw.Close()
	r := httptest.NewRequest(http.MethodPost, "/studio/data/impor", &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	r.Header.Set("X-Test-User", user)
	return e.do(r)
}

// post sends an empty form POST as user.
func (e *env) post(user, path string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(url.Values{}.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("X-Test-User", user)
	return e.do(r)
}

// publish uploads a file for a dataset and confirms it, returning the
// version number the studio reports.
func (e *env) publish(fields map[string]string, fileName, content string) {
	e.t.Helper()
	w := e.upload("admin", fields, fileName, content)
	if w.Code != http.StatusSeeOther {
		e.t.Fatalf("upload: %d\n%s", w.Code, w.Body.String())
	}
	preview := w.Header().Get("Location")
	if w := e.do(withUser(httptest.NewRequest(http.MethodGet, preview, nil), "admin")); w.Code != http.StatusOK ||
		!strings.Contains(w.Body.String(), "Terbitkan sebagai versi") {
		e.t.Fatalf("preview %s: %d\n%s", preview, w.Code, w.Body.String())
	}
	if w := e.post("admin", preview+"/terbitkan"); w.Code != http.StatusSeeOther {
		e.t.Fatalf("publish: %d\n%s", w.Code, w.Body.String())
	}
}

func withUser(r *http.Request, user string) *http.Request {
	r.Header.Set("X-Test-User", user)
	return r
}

// count is the number of rows of a table.
func (e *env) count(table string) int {
	e.t.Helper()
	var n int
	if err := e.db.SQL().QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// newTPS is the form of a new TPS dataset.
func newTPS(slug string) map[string]string {
	return map[string]string{"title": "TPS per kecamatan Pilkada 2024", "slug": slug, "publisher": "kpu-jatim",
		"description": "Jumlah TPS dan pemilih per kecamatan.", "keywords": "TPS, DPT", "frequency": "irregular",
		"schema": "tps-kecamatan"}
}
