package api_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// fields lists the fields a problem names, in order.
func fields(t *testing.T, r *response) []string {
	t.Helper()
	var out []string
	for _, f := range r.problem(t).Errors {
		out = append(out, f.Field)
	}
	return out
}

// TestReviewJourney follows a story through the API: a contributor drafts
// and submits it, an editor returns it with a comment, the contributor
// fixes and resubmits it, the editor schedules it; history and revisions
// show every step.
func TestReviewJourney(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		r := e.call("contributor", "POST", "/api/v1/articles", map[string]any{
			"title": "Jadwal pemungutan suara ulang di Surabaya", "dek": "PSU digelar di tiga TPS.",
			"body": "PSU digelar di **tiga** TPS.", "dateline": "Surabaya", "byline": "Humas KPU", "byline_code": "/kpu",
			"agency": "bawaslu-jatim", "regions": []string{"kota-surabaya"}, "stages": []string{"pemilu-2024-pemungutan-suara"},
			"tags": []string{"PSU", "TPS"}, "headline": true,
		}).want(t, http.StatusCreated, "contributor creates a draft")
		art := r.article(t)
		if r.header.Get("Location") != "/api/v1/articles/"+art.ID || len(art.ID) != 26 {
			t.Errorf("Location %q for id %q", r.header.Get("Location"), art.ID)
		}
		if art.Status != "draft" || art.Agency.Slug != "kpu-jatim" || art.Headline || art.URL != nil || art.PublishedAt != nil {
			t.Errorf("draft: status %s agency %s headline %v url %v: contributors write for their own agency, without headline, unpublished",
				art.Status, art.Agency.Slug, art.Headline, art.URL)
		}
		if !strings.HasSuffix(art.CreatedAt, "+07:00") || !strings.Contains(art.BodyHTML, "<strong>tiga</strong>") {
			t.Errorf("created_at %q, body_html %q", art.CreatedAt, art.BodyHTML)
		}
		if len(art.Regions) != 1 || art.Regions[0].Name != "Kota Surabaya" || len(art.Stages) != 1 || len(art.Tags) != 2 || art.Slug != "jadwal-pemungutan-suara-ulang-di-surabaya" {
			t.Errorf("sections: %+v %+v %+v slug %s", art.Regions, art.Stages, art.Tags, art.Slug)
		}
		if !slices.Equal(art.Actions, []string{"edit", "submit"}) {
			t.Errorf("contributor's actions on a draft: %v", art.Actions)
		}
		path := "/api/v1/articles/" + art.ID

		// Others: an editor sees it, the other agency's contributor does not.
		e.call("editor", "GET", path, nil).want(t, http.StatusOK, "editor reads the draft")
		e.call("factchecker", "GET", path, nil).want(t, http.StatusOK, "fact-checker reads the draft")
		e.call("contributor-bawaslu", "GET", path, nil).want(t, http.StatusNotFound, "another agency's contributor reads the draft")
		e.call("contributor-bawaslu", "PATCH", path, map[string]string{"title": "Bukan milik saya"}).want(t, http.StatusForbidden, "another agency's contributor edits")
		e.call("editor", "PATCH", "/api/v1/articles/01HZZZZZZZZZZZZZZZZZZZZZZZ", map[string]string{"title": "Tidak ada"}).want(t, http.StatusNotFound, "edit a missing article")

		e.call("contributor", "POST", path+"/submit", nil).want(t, http.StatusOK, "submit")
		e.call("contributor", "PATCH", path, map[string]string{"body": "Sudah di tangan redaktur."}).want(t, http.StatusForbidden, "contributor edits a submitted article")
		r = e.call("editor", "POST", path+"/return", map[string]string{"comment": "  "}).want(t, http.StatusBadRequest, "return without comment")
		if f := fields(t, r); !slices.Equal(f, []string{"comment"}) {
			t.Errorf("return without comment names %v", f)
		}
		e.call("editor", "POST", path+"/return", map[string]string{"comment": "Sebutkan nama TPS-nya."}).want(t, http.StatusOK, "return")
		r = e.call("contributor", "PATCH", path, map[string]string{"body": "PSU digelar di TPS 5, TPS 7 dan TPS 12.", "note": "nama TPS ditambahkan"}).
			want(t, http.StatusOK, "contributor fixes the returned article")
		if a := r.article(t); a.Body != "PSU digelar di TPS 5, TPS 7 dan TPS 12." || a.Title != art.Title || len(a.Regions) != 1 || len(a.Tags) != 2 {
			t.Errorf("PATCH changed more than the body: %+v", a)
		}
		e.call("contributor", "POST", path+"/submit", map[string]any{}).want(t, http.StatusOK, "resubmit")

		at := time.Now().Add(72 * time.Hour).In(warta.Jakarta).Truncate(time.Minute)
		r = e.call("editor", "POST", path+"/schedule", map[string]string{"at": at.Format("2006-01-02T15:04")}).want(t, http.StatusOK, "schedule")
		if a := r.article(t); a.Status != "scheduled" || a.ScheduledAt == nil || *a.ScheduledAt != at.Format(time.RFC3339) {
			t.Errorf("scheduled for a local time: status %s scheduled_at %v, want %s", a.Status, a.ScheduledAt, at.Format(time.RFC3339))
		}

		var hist struct {
			Events []struct {
				Action, To, Comment, UserName string
				From                          *string
				CreatedAt                     string `json:"created_at"`
			}
		}
		e.call("contributor", "GET", path+"/history", nil).want(t, http.StatusOK, "history").decode(t, &hist)
		var steps []string
		for _, ev := range hist.Events {
			steps = append(steps, ev.Action+">"+ev.To)
		}
		want := []string{"create>draft", "submit>submitted", "return>returned", "edit>returned", "submit>submitted", "schedule>scheduled"}
		if !slices.Equal(steps, want) {
			t.Errorf("history %v, want %v", steps, want)
		} else if hist.Events[0].From != nil || hist.Events[2].Comment != "Sebutkan nama TPS-nya." || !strings.HasSuffix(hist.Events[2].CreatedAt, "+07:00") {
			t.Errorf("history details: %+v", hist.Events)
		}
		var revs struct {
			Revisions []struct {
				Number int
				Note   string
			}
		}
		e.call("editor", "GET", path+"/revisions", nil).want(t, http.StatusOK, "revisions").decode(t, &revs)
		if len(revs.Revisions) != 2 || revs.Revisions[1].Number != 2 || revs.Revisions[1].Note != "nama TPS ditambahkan" {
			t.Errorf("revisions: %+v", revs.Revisions)
		}
		e.call("contributor-bawaslu", "GET", path+"/history", nil).want(t, http.StatusNotFound, "another agency's history")
	})
}

// TestPublishedEdits checks what editing a live article leaves behind:
// every PATCH a revision (a headline change alone excepted), a correction
// note for readers, and refusals that change nothing.
func TestPublishedEdits(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		art := e.call("editor", "POST", "/api/v1/articles", map[string]any{
			"title": "Rekapitulasi suara tingkat provinsi", "body": "Rekapitulasi dimulai pukul 09.00.", "agency": "kpu-jatim",
		}).want(t, http.StatusCreated, "editor creates").article(t)
		path := "/api/v1/articles/" + art.ID
		r := e.call("editor", "PATCH", path, map[string]string{"correction": "Salah ketik."}).want(t, http.StatusConflict, "correction on a draft")
		if !strings.Contains(r.problem(t).Detail, "draf") {
			t.Errorf("correction on a draft: %q does not name the status", r.problem(t).Detail)
		}
		pub := e.call("editor", "POST", path+"/publish", nil).want(t, http.StatusOK, "publish").article(t)
		if pub.URL == nil || !strings.HasPrefix(*pub.URL, "https://warta.example/berita/") || pub.PublishedAt == nil || !strings.HasSuffix(*pub.PublishedAt, "+07:00") {
			t.Errorf("published: url %v published_at %v", pub.URL, pub.PublishedAt)
		}
		revisions := func() int {
			var revs struct{ Revisions []struct{ Note string } }
			e.call("editor", "GET", path+"/revisions", nil).want(t, http.StatusOK, "revisions").decode(t, &revs)
			return len(revs.Revisions)
		}
		if n := revisions(); n != 1 {
			t.Fatalf("%d revisions after publishing, want 1", n)
		}
		e.call("editor", "PATCH", path, map[string]string{"body": "Rekapitulasi dimulai pukul 10.00.", "note": "jam diperbaiki"}).want(t, http.StatusOK, "edit body")
		e.call("editor", "PATCH", path, map[string]string{"dateline": "Surabaya"}).want(t, http.StatusOK, "edit dateline")
		if n := revisions(); n != 3 {
			t.Errorf("%d revisions after two edits of a published article, want 3", n)
		}
		r = e.call("editor", "PATCH", path, map[string]any{"headline": true, "headline_order": 1}).want(t, http.StatusOK, "headline")
		if !r.article(t).Headline || revisions() != 3 {
			t.Errorf("headline: %v, %d revisions: a headline change is not an edit", r.article(t).Headline, revisions())
		}
		e.call("contributor", "PATCH", path, map[string]bool{"headline": false}).want(t, http.StatusForbidden, "contributor moves the headline")

		r = e.call("editor", "PATCH", path, map[string]string{"correction": "Jam mulai semula tertulis 09.00."}).want(t, http.StatusOK, "correction")
		if c := r.article(t).Corrections; len(c) != 1 || c[0].Note != "Jam mulai semula tertulis 09.00." {
			t.Errorf("corrections %+v", c)
		}
		r = e.call("editor", "PATCH", path, map[string]string{"correction": " "}).want(t, http.StatusBadRequest, "empty correction")
		if f := fields(t, r); !slices.Equal(f, []string{"correction"}) {
			t.Errorf("empty correction names %v", f)
		}
		e.call("editor", "POST", path+"/unpublish", nil).want(t, http.StatusOK, "unpublish")
		r = e.call("editor", "GET", path, nil).want(t, http.StatusOK, "read unpublished")
		if a := r.article(t); a.URL != nil || a.PublishedAt == nil || a.Status != "unpublished" {
			t.Errorf("unpublished: url %v published_at %v status %s", a.URL, a.PublishedAt, a.Status)
		}
	})
}

// TestValidation sends bad input and checks each refusal names what to fix.
func TestValidation(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		for _, c := range []struct {
			what   string
			who    string
			body   any
			code   int
			fields []string
			detail string // a part of the detail
		}{
			{"empty title", "editor", map[string]any{"title": "  ", "agency": "kpu-jatim"}, 400, []string{"title"}, "Judul wajib diisi"},
			{"no agency", "editor", map[string]any{"title": "Judul"}, 400, []string{"agency"}, "instansi"},
			{"unknown agency", "editor", map[string]any{"title": "Judul", "agency": "kpu-mars"}, 400, []string{"agency"}, "kpu-mars"},
			{"unknown sections", "editor", map[string]any{"title": "Judul", "agency": "kpu-jatim", "regions": []string{"kota-surabaya", "kota-atlantis"},
				"stages": []string{"pemilu-2099"}}, 400, []string{"regions", "stages"}, "kota-atlantis"},
			{"unknown photo", "editor", map[string]any{"title": "Judul", "agency": "kpu-jatim", "lead_image_id": "01HZZZZZZZZZZZZZZZZZZZZZZZ"}, 400, []string{"lead_image_id"}, "pustaka media"},
			{"bad slug", "editor", map[string]any{"title": "Judul", "agency": "kpu-jatim", "slug": "Judul Besar"}, 400, []string{"slug"}, "huruf kecil"},
			{"unknown field", "editor", map[string]any{"title": "Judul", "agency": "kpu-jatim", "titel": "x"}, 400, []string{"titel"}, `"titel" tidak dikenal`},
			{"read-only field", "editor", map[string]any{"title": "Judul", "agency": "kpu-jatim", "status": "published"}, 400, []string{"status"}, "/submit"},
			{"wrong types", "editor", `{"title": 7, "regions": "kota-surabaya", "headline": "ya", "headline_order": 1.5}`, 400,
				[]string{"headline", "headline_order", "regions", "title"}, "harus berupa teks"},
			{"malformed", "editor", "{\n  \"title\": \"Judul\",\n}", 400, nil, "baris 3 kolom 1"},
			{"truncated", "editor", `{"title": "Judul"`, 400, nil, "tidak lengkap"},
			{"not an object", "editor", `["Judul"]`, 400, nil, "objek JSON"},
			{"empty", "editor", "", 400, nil, "kosong"},
			{"too large", "editor", `{"title": "Judul", "body": "` + strings.Repeat("a", 1<<20) + `"}`, 413, nil, "1 MB"},
			{"fact-checker", "factchecker", map[string]any{"title": "Judul", "agency": "kpu-jatim"}, 403, nil, "Pemeriksa fakta"},
			{"read-only token", "reader", map[string]any{"title": "Judul", "agency": "kpu-jatim"}, 403, nil, "read"},
			{"anonymous", "anonymous", map[string]any{"title": "Judul", "agency": "kpu-jatim"}, 401, nil, "Bearer"},
		} {
			r := e.call(c.who, "POST", "/api/v1/articles", c.body)
			if r.code != c.code {
				t.Errorf("%s: %d, want %d\n%s", c.what, r.code, c.code, r.body)
				continue
			}
			if f := fields(t, r); !slices.Equal(f, c.fields) {
				t.Errorf("%s: fields %v, want %v", c.what, f, c.fields)
			}
			if p := r.problem(t); !strings.Contains(p.Detail, c.detail) {
				t.Errorf("%s: detail %q lacks %q", c.what, p.Detail, c.detail)
			}
		}

		// A body that is not declared JSON.
		req := newRequest("POST", "/api/v1/articles", `{"title": "Judul"}`, e.tokens["editor"])
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		e.send(req).want(t, http.StatusUnsupportedMediaType, "form-encoded body")

		// PATCH and the transitions refuse what they do not take.
		id := e.seed(e.kpu.ID, warta.StatusDraft)
		path := "/api/v1/articles/" + id
		for _, c := range []struct {
			what, method, path string
			body               any
			fields             []string
			detail             string
		}{
			{"nothing to change", "PATCH", path, map[string]any{}, nil, "Tidak ada yang diubah"},
			{"note alone", "PATCH", path, map[string]any{"note": "x"}, []string{"note"}, "note"},
			{"patch status", "PATCH", path, map[string]any{"status": "published"}, []string{"status"}, "/submit"},
			{"patch empty title", "PATCH", path, map[string]any{"title": ""}, []string{"title"}, "Judul wajib diisi"},
			{"patch negative order", "PATCH", path, map[string]any{"headline_order": -1}, []string{"headline_order"}, "negatif"},
			{"submit with fields", "POST", path + "/submit", map[string]any{"comment": "x"}, []string{"comment"}, "tidak memerlukan isian"},
			{"schedule without time", "POST", path + "/schedule", map[string]any{}, []string{"at"}, "2026-12-01T10:00"},
			{"schedule nonsense", "POST", path + "/schedule", map[string]any{"at": "besok pagi"}, []string{"at"}, "WIB"},
			{"schedule in the past", "POST", path + "/schedule", map[string]any{"at": "2024-02-14T10:00"}, []string{"at"}, "sudah lewat"},
			{"schedule a number", "POST", path + "/schedule", map[string]any{"at": 1700000000}, []string{"at"}, "teks"},
		} {
			r := e.call("editor", c.method, c.path, c.body)
			if r.code != http.StatusBadRequest {
				t.Errorf("%s: %d, want 400\n%s", c.what, r.code, r.body)
				continue
			}
			if f := fields(t, r); !slices.Equal(f, c.fields) {
				t.Errorf("%s: fields %v, want %v", c.what, f, c.fields)
			}
			if p := r.problem(t); !strings.Contains(p.Detail, c.detail) {
				t.Errorf("%s: detail %q lacks %q", c.what, p.Detail, c.detail)
			}
		}
		if got := e.status(id); got != warta.StatusDraft {
			t.Errorf("refused requests changed the status to %s", got)
		}
		// An RFC 3339 time keeps its own offset.
		at := time.Now().Add(30 * 24 * time.Hour).UTC().Truncate(time.Second)
		r := e.call("editor", "POST", path+"/schedule", map[string]string{"at": at.Format(time.RFC3339)}).want(t, http.StatusOK, "schedule in UTC")
		if s := r.article(t).ScheduledAt; s == nil || *s != at.In(warta.Jakarta).Format(time.RFC3339) {
			t.Errorf("scheduled_at %v, want %s", s, at.In(warta.Jakarta).Format(time.RFC3339))
		}
	})
}

// TestList pages through the newsroom's articles with keyset cursors and
// checks that contributors see only their agency's.
func TestList(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		var kpu, bws []string
		for i := 0; i < 5; i++ {
			kpu = append(kpu, e.seed(e.kpu.ID, allStatuses[i%len(allStatuses)]))
		}
		for i := 0; i < 2; i++ {
			bws = append(bws, e.seed(e.bws.ID, warta.StatusDraft))
		}
		type page struct {
			Articles []struct {
				ID        string
				UpdatedAt string `json:"updated_at"`
				Agency    struct{ Slug string }
				Status    string
			}
			Next    *string
			NextURL *string `json:"next_url"`
		}
		// list follows next_url from the first page to the last.
		list := func(who, query string) (ids []string, pages int) {
			t.Helper()
			next := "/api/v1/articles?" + query
			seen := map[string]bool{}
			last := ""
			for next != "" {
				var p page
				e.call(who, "GET", next, nil).want(t, http.StatusOK, who+" lists "+next).decode(t, &p)
				pages++
				next = ""
				if p.NextURL != nil {
					next = *p.NextURL
					if u, _ := url.Parse(next); u.Query().Get("after") != *p.Next {
						t.Fatalf("next_url %s does not carry next %s", next, *p.Next)
					}
				}
				for _, a := range p.Articles {
					if seen[a.ID] {
						t.Fatalf("%s: article %s on two pages", who, a.ID)
					}
					seen[a.ID] = true
					key := a.UpdatedAt + a.ID
					if last != "" && key > last {
						t.Errorf("%s: %s listed after a less recently updated article", who, a.ID)
					}
					last = key
					ids = append(ids, a.ID)
				}
				if pages > 10 {
					t.Fatal("paging does not end")
				}
			}
			return ids, pages
		}
		ids, pages := list("editor", "limit=2")
		if len(ids) != 7 || pages != 4 {
			t.Errorf("editor: %d articles on %d pages, want 7 on 4", len(ids), pages)
		}
		ids, _ = list("contributor-bawaslu", "limit=1&agency=kpu-jatim")
		slices.Sort(ids)
		slices.Sort(bws)
		if !slices.Equal(ids, bws) {
			t.Errorf("Bawaslu's contributor lists %v, want only Bawaslu's %v", ids, bws)
		}
		ids, _ = list("judge", "agency=kpu-jatim&status=draft")
		if len(ids) != 1 || ids[0] != kpu[0] {
			t.Errorf("KPU drafts: %v, want [%s]", ids, kpu[0])
		}
		r := e.call("editor", "GET", "/api/v1/articles?status=terbit&agency=kpu-mars&after=kemarin&limit=1000", nil).want(t, http.StatusBadRequest, "bad parameters")
		if f := fields(t, r); !slices.Equal(f, []string{"status", "agency", "after", "limit"}) {
			t.Errorf("bad parameters name %v", f)
		}
	})
}

func newRequest(method, path, body, token string) *http.Request {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return req
}
