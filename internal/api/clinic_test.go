package api_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/api"
	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
)

// clinicEnv is env with the hoax clinic behind the API, two reports an
// hour allowed from one address, and an archive of three verdicts.
func clinicEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	return clinicEnvWith(t, db, nil)
}

// clinicEnvWith is clinicEnv with before run on the env before the
// clinic starts (and loads the published articles into its matcher).
func clinicEnvWith(t *testing.T, db *store.DB, before func(e *env)) *env {
	t.Helper()
	e := newEnv(t, db)
	if before != nil {
		before(e)
	}
	svc, err := clinic.New(clinic.Config{DB: db, Media: media.New(t.TempDir()), SecretKey: "kunci-rahasia-uji-api-klinik-panjang",
		BaseURL: "https://warta.example", SiteName: "Warta Jatim", ReportsPerHour: 2, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Import(context.Background(), strings.NewReader("id,title,label,url,published\n"+
		"a,Video KPU Menghapus Ribuan Suara di Sidoarjo,HOAKS,https://cekfakta.example/a,2026-02-20\n"+
		"b,Gubernur Membagikan Uang Tunai di Alun-alun Malang,DISINFORMASI,https://cekfakta.example/b,2026-02-21\n"+
		"c,Jadwal Pemungutan Suara Diundur Sepekan,FAKTA,https://cekfakta.example/c,2026-02-22\n")); err != nil {
		t.Fatal(err)
	}
	e.api = api.New(api.Config{Auth: e.auth, DB: db, Logger: quiet(), BaseURL: "https://warta.example", Clinic: svc})
	e.mux = http.NewServeMux()
	e.api.Routes(e.mux)
	e.h = e.auth.Middleware(e.mux)
	return e
}

// schemaProps lists a schema's properties in the served OpenAPI document.
func schemaProps(t *testing.T, e *env, name string) []string {
	t.Helper()
	var doc document
	e.call("anonymous", "GET", "/api/openapi.json", nil).want(t, http.StatusOK, "document").decode(t, &doc)
	return slices.Sorted(maps.Keys(doc.Components.Schemas[name].Properties))
}

func keys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }

var apiTicketRE = regexp.MustCompile(`^KH-\d{4}-\d{6,}$`)

func TestClinicReportAPI(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := clinicEnv(t, db)
		// A known hoax, without a token: answered at once.
		r := e.call("anonymous", "POST", "/api/v1/clinic/reports", map[string]any{
			"text": "VIDEO KPU MENGHAPUS RIBUAN SUARA DI SIDOARJO!!! sebarkan"}).want(t, http.StatusCreated, "known hoax")
		got := r.object(t)
		if !apiTicketRE.MatchString(got["ticket"].(string)) || got["decision"] != "auto" || got["ticket_url"] != "https://warta.example/klinik/tiket/"+got["ticket"].(string) {
			t.Errorf("receipt %v", got)
		}
		if r.header.Get("Location") != got["ticket_url"] {
			t.Errorf("Location %q", r.header.Get("Location"))
		}
		v, _ := got["verdict"].(map[string]any)
		if v["label"] != "HOAKS" || v["title"] != "Video KPU Menghapus Ribuan Suara di Sidoarjo" || v["url"] != "https://cekfakta.example/a" {
			t.Errorf("verdict %v", got["verdict"])
		}
		if s, _ := got["score"].(float64); s <= 0 || s > 1 || !strings.Contains(got["reply"].(string), "HOAKS") {
			t.Errorf("score %v, reply %q", got["score"], got["reply"])
		}
		if want := schemaProps(t, e, "ClinicReceipt"); !slices.Equal(keys(got), want) {
			t.Errorf("schema ClinicReceipt lists %v; the API writes %v", want, keys(got))
		}
		if want := schemaProps(t, e, "ClinicVerdict"); !slices.Equal(keys(v), want) {
			t.Errorf("schema ClinicVerdict lists %v; the API writes %v", want, keys(v))
		}

		// Something new, with a screenshot and a contact: no verdict yet.
		var img bytes.Buffer
		png.Encode(&img, solid(color.RGBA{200, 30, 30, 255}))
		r = e.call("anonymous", "POST", "/api/v1/clinic/reports", map[string]any{
			"text": "Ada pesan berantai tentang pembagian beras di balai desa", "image_base64": base64.StdEncoding.EncodeToString(img.Bytes()),
			"contact": map[string]string{"kind": "email", "address": "warga@contoh.id", "name": "Warga"}, "consent": true,
		}).want(t, http.StatusCreated, "new claim")
		got = r.object(t)
		if got["decision"] != "new" || got["verdict"] != nil {
			t.Errorf("new report: %v", got)
		}
		var withImage int
		db.SQL().QueryRow(db.Rebind("SELECT COUNT(*) FROM clinic_reports WHERE ticket = ? AND image_path <> '' AND contact_id IS NOT NULL"), got["ticket"]).Scan(&withImage)
		if withImage != 1 {
			t.Errorf("report %v stored without its screenshot or contact", got["ticket"])
		}

		// Two reports an hour: the third is refused.
		p := e.call("anonymous", "POST", "/api/v1/clinic/reports", map[string]any{"text": "Laporan ketiga dalam satu jam"}).
			want(t, http.StatusTooManyRequests, "rate limit").problem(t)
		if p.Type != api.ProblemTypeBase+"too-many-requests" || !strings.Contains(p.Detail, "satu jam") {
			t.Errorf("429 problem %+v", p)
		}
	})
}

func solid(c color.Color) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for y := range 30 {
		for x := range 40 {
			img.Set(x, y, c)
		}
	}
	return img
}

// Bad reports are problems naming the field at fault, and store nothing.
func TestClinicReportAPIRefusals(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := clinicEnv(t, db)
		for _, c := range []struct {
			body  any
			field string
			say   string
		}{
			{map[string]any{}, "text", "Laporan masih kosong"},
			{map[string]any{"url": "bukan tautan"}, "url", "Tautan tidak valid"},
			{map[string]any{"text": "Kabar", "contact": map[string]string{"kind": "whatsapp", "address": "0812-3456-7890"}}, "consent", "persetujuan"},
			{map[string]any{"text": "Kabar", "contact": map[string]string{"kind": "pos", "address": "Jl. Darmo"}, "consent": true}, "contact", "WhatsApp, Telegram, atau email"},
			{map[string]any{"text": "Kabar", "contact": map[string]string{"kind": "email", "alamat": "x@contoh.id"}}, "contact", "harus berupa objek"},
			{map[string]any{"text": "Kabar", "image_base64": "bukan base64!!"}, "image_base64", "bukan base64"},
			{map[string]any{"text": "Kabar", "image_base64": base64.StdEncoding.EncodeToString([]byte("bukan gambar"))}, "image", "bukan gambar"},
			{map[string]any{"text": "Kabar", "judul": "x"}, "judul", "tidak dikenal"},
			{map[string]any{"text": 42}, "text", "harus berupa teks"},
		} {
			p := e.call("anonymous", "POST", "/api/v1/clinic/reports", c.body).want(t, http.StatusBadRequest, c.field).problem(t)
			if len(p.Errors) == 0 || p.Errors[0].Field != c.field || !strings.Contains(p.Detail, c.say) {
				t.Errorf("%v: problem %+v, want field %s saying %q", c.body, p, c.field, c.say)
			}
		}
		e.call("anonymous", "POST", "/api/v1/clinic/reports", "{\"text\": ").want(t, http.StatusBadRequest, "broken JSON")
		big := `{"text": "x", "image_base64": "` + strings.Repeat("A", 9<<20) + `"}`
		p := e.call("anonymous", "POST", "/api/v1/clinic/reports", big).want(t, http.StatusRequestEntityTooLarge, "too large").problem(t)
		if !strings.Contains(p.Detail, "5 MB") {
			t.Errorf("413 detail %q", p.Detail)
		}
		var n int
		db.SQL().QueryRow("SELECT COUNT(*) FROM clinic_reports").Scan(&n)
		if n != 0 {
			t.Errorf("%d refused reports stored", n)
		}
	})
}

func TestClinicSearchAPI(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := clinicEnv(t, db)
		var res struct {
			Results []map[string]any `json:"results"`
		}
		e.call("anonymous", "GET", "/api/v1/clinic/search?q=gubernur+bagi+uang+tunai+malang&limit=2", nil).
			want(t, http.StatusOK, "search").decode(t, &res)
		if len(res.Results) == 0 || len(res.Results) > 2 {
			t.Fatalf("%d results", len(res.Results))
		}
		best := res.Results[0]
		if best["title"] != "Gubernur Membagikan Uang Tunai di Alun-alun Malang" || best["label"] != "DISINFORMASI" ||
			best["url"] != "https://cekfakta.example/b" || best["id"] == "" || best["reason"] == "" {
			t.Errorf("best result %v", best)
		}
		if s, _ := best["score"].(float64); s <= 0 || s > 1 {
			t.Errorf("score %v", best["score"])
		}
		if pub, _ := best["published"].(string); !strings.HasSuffix(pub, "+07:00") {
			t.Errorf("published %v", best["published"])
		} else if _, err := time.Parse(time.RFC3339, pub); err != nil {
			t.Errorf("published %q: %v", pub, err)
		}
		if want := schemaProps(t, e, "ClinicSearchResult"); !slices.Equal(keys(best), want) {
			t.Errorf("schema ClinicSearchResult lists %v; the API writes %v", want, keys(best))
		}

		var empty map[string]any
		e.call("anonymous", "GET", "/api/v1/clinic/search?q=zxqv", nil).want(t, http.StatusOK, "no match").decode(t, &empty)
		if list, ok := empty["results"].([]any); !ok || len(list) != 0 {
			t.Errorf("no match: %v", empty)
		}
		for q, field := range map[string]string{"": "q", "?q=x&limit=0": "limit", "?q=x&limit=banyak": "limit", "?q=x&limit=51": "limit"} {
			p := e.call("anonymous", "GET", "/api/v1/clinic/search"+q, nil).want(t, http.StatusBadRequest, q).problem(t)
			if len(p.Errors) != 1 || p.Errors[0].Field != field {
				t.Errorf("%s: %+v", q, p)
			}
		}
	})
}

// Without the clinic the endpoints say so; and they are public in the
// document, with no 401.
func TestClinicAPIUnavailableAndPublic(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.call("anonymous", "GET", "/api/v1/clinic/search?q=kpu", nil).want(t, http.StatusServiceUnavailable, "no clinic")
		rec := httptest.NewRecorder()
		e.h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/openapi.json", nil))
		var doc struct {
			Paths map[string]map[string]struct {
				Security  []any          `json:"security"`
				Responses map[string]any `json:"responses"`
			} `json:"paths"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		for _, op := range []struct{ path, method string }{{"/api/v1/clinic/reports", "post"}, {"/api/v1/clinic/search", "get"}} {
			o := doc.Paths[op.path][op.method]
			if o.Security == nil || len(o.Security) != 0 || o.Responses["401"] != nil {
				t.Errorf("%s %s: security %v, responses %v", op.method, op.path, o.Security, keys(o.Responses))
			}
		}
		if doc.Paths["/api/v1/clinic/reports"]["post"].Responses["429"] == nil {
			t.Errorf("429 not documented")
		}
	})
}
