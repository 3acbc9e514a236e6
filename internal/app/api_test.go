package app_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/kominfo-jatim/warta/internal/app"
	"github.com/kominfo-jatim/warta/internal/config"
	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// TestAPIPublishesToPortal drives the newsroom API of a real node with a
// bearer token: an editor creates and publishes a story, and readers see it
// on the (cached) portal at once. Errors come back as problem+json.
func TestAPIPublishesToPortal(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			a := start(t, d, false)
			ctx := context.Background()
			ag := warta.Agency{Slug: "kpu-jatim", Name: "KPU Provinsi Jawa Timur", ShortName: "KPU Jatim"}
			if err := a.DB.CreateAgency(ctx, &ag); err != nil {
				t.Fatal(err)
			}
			ed := &warta.User{Email: "redaktur@warta.example", Name: "Redaktur", Role: warta.RoleEditor}
			if err := a.DB.CreateUser(ctx, ed, "kata-sandi-yang-panjang"); err != nil {
				t.Fatal(err)
			}
			token, _, err := a.Auth.CreateToken(ctx, ed.ID, "uji", a.Config().Now()().AddDate(0, 0, 1), warta.ScopeRead, warta.ScopeWrite)
			if err != nil {
				t.Fatal(err)
			}
			call := func(method, path, body string) (int, map[string]any, http.Header) {
				req, _ := http.NewRequest(method, a.URL()+path, strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+token)
				if body != "" {
					req.Header.Set("Content-Type", "application/json")
				}
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer res.Body.Close()
				var out map[string]any
				b, _ := io.ReadAll(res.Body)
				json.Unmarshal(b, &out)
				return res.StatusCode, out, res.Header
			}
			get(t, a.URL()+"/") // warm the page cache
			status, art, _ := call("POST", "/api/v1/articles", `{"title":"Rekapitulasi Suara Tingkat Provinsi Dimulai","body":"Rapat pleno terbuka digelar di Surabaya.","agency":"kpu-jatim","regions":["jawa-timur"]}`)
			if status != 201 {
				t.Fatalf("create: %d %v", status, art)
			}
			id, _ := art["id"].(string)
			if status, out, _ := call("POST", "/api/v1/articles/"+id+"/publish", ""); status != 200 {
				t.Fatalf("publish: %d %v", status, out)
			}
			if home := get(t, a.URL()+"/"); !strings.Contains(home.body, "Rekapitulasi Suara Tingkat Provinsi Dimulai") {
				t.Fatal("published story not on the home page")
			}
			status, prob, hdr := call("POST", "/api/v1/articles", `{"title":"","agency":"kpu-jatim"}`)
			if status != 400 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/problem+json") {
				t.Fatalf("validation: %d %s", status, hdr.Get("Content-Type"))
			}
			if errs, _ := prob["errors"].([]any); len(errs) == 0 || errs[0].(map[string]any)["field"] != "title" {
				t.Fatalf("validation error does not name the field: %v", prob)
			}
			res, err := http.Get(a.URL() + "/api/v1/me")
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != 401 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/problem+json") {
				t.Fatalf("anonymous: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
			}
			if doc := get(t, a.URL()+"/api/openapi.json"); doc.status != 200 || !strings.Contains(doc.body, `"openapi": "3.1`) && !strings.Contains(doc.body, `"openapi":"3.1`) {
				t.Fatalf("openapi: %d", doc.status)
			}
		})
	}
}

// TestFeedsAnnounceWebSubHub checks that a configured WebSub channel's hub
// is announced in the feeds after a restart, so subscribers get pushes.
func TestFeedsAnnounceWebSubHub(t *testing.T) {
	cfg := config.Default()
	cfg.Addr = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx := context.Background()
	a, err := app.New(ctx, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Dissemination.AddChannel(ctx, &dissemination.Channel{Kind: "websub", Name: "hub",
		Settings: map[string]string{"hub": "https://hub.example.id/"}, Enabled: true}); err != nil {
		t.Fatal(err)
	}
	a.Close()
	b, err := app.New(ctx, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	b.Start(ctx)
	defer b.Close()
	if f := get(t, b.URL()+"/feed.xml"); !strings.Contains(f.body, `href="https://hub.example.id/"`) || !strings.Contains(f.body, `rel="hub"`) {
		t.Fatalf("feed does not announce the hub:\n%.600s", f.body)
	}
}
