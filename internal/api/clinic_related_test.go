package api_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/kominfo-jatim/warta/internal/newsroom"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// A report about an official announcement gets the announcement in the
// receipt; one about nothing published gets an empty list.
func TestClinicReceiptOffersRelatedArticles(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		const title = "KPU Jatim: TPS Dibuka Pukul 07.00 WIB pada Hari Pemungutan Suara"
		var art *warta.Article
		e := clinicEnvWith(t, db, func(e *env) {
			ctx := context.Background()
			nr, err := newsroom.New(newsroom.Config{DB: db, Logger: quiet()})
			if err != nil {
				t.Fatal(err)
			}
			art = &warta.Article{Title: title, Dek: "Pemilih diminta datang membawa undangan dan KTP-el; TPS ditutup pukul 13.00 WIB.",
				Body: "Isi pengumuman.", AgencyID: e.kpu.ID}
			if err := nr.Create(ctx, e.users["editor"], art); err != nil {
				t.Fatal(err)
			}
			sa, err := nr.Publish(ctx, e.users["editor"], art.ID)
			if err != nil {
				t.Fatal(err)
			}
			art = sa.Article
		})
		const key = "0d9c4a52-5b7e-4f0e-9d7b-1e2f3a4b5c6d"
		body := map[string]any{"text": "benarkah TPS dibuka pukul 7 pagi pada hari pemungutan suara? katanya jam 9"}
		r := e.report(key, "203.0.113.20", body).want(t, http.StatusCreated, "related")
		got := r.object(t)
		url := "https://warta.example" + art.Path()
		related, _ := got["related"].([]any)
		if got["decision"] != "new" || got["verdict"] != nil || len(related) != 1 {
			t.Fatalf("receipt %v, want a new claim with one related article", got)
		}
		ra, _ := related[0].(map[string]any)
		if ra["title"] != title || ra["url"] != url || !strings.HasSuffix(ra["published"].(string), "+07:00") {
			t.Errorf("related %v, want %q at %s published in WIB", ra, title, url)
		}
		if s, _ := ra["score"].(float64); s < 0.5 || s > 1 {
			t.Errorf("score %v", ra["score"])
		}
		if !strings.Contains(got["reply"].(string), "Sambil menunggu, baca informasi resmi terkait:\n• "+title+" — "+url) {
			t.Errorf("reply %q lacks the article", got["reply"])
		}
		if want := schemaProps(t, e, "ClinicRelatedArticle"); !slices.Equal(keys(ra), want) {
			t.Errorf("schema ClinicRelatedArticle lists %v; the API writes %v", want, keys(ra))
		}
		// A resend with the same key answers the same.
		again := e.report(key, "203.0.113.20", body).want(t, http.StatusCreated, "resend").object(t)
		if again["reply"] != got["reply"] || len(again["related"].([]any)) != 1 {
			t.Errorf("resend %v, first %v", again, got)
		}

		none := e.report("", "203.0.113.20", map[string]any{"text": "Ada pesan berantai tentang pembagian beras di balai desa"}).
			want(t, http.StatusCreated, "unrelated").object(t)
		if rel, ok := none["related"].([]any); !ok || len(rel) != 0 || strings.Contains(none["reply"].(string), "informasi resmi") {
			t.Errorf("unrelated report: related %#v, reply %q", none["related"], none["reply"])
		}
	})
}
