package api_test

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/kominfo-jatim/warta/internal/api"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

type schema struct {
	Properties map[string]json.RawMessage `json:"properties"`
	Required   []string                   `json:"required"`
}

type document struct {
	OpenAPI    string                                `json:"openapi"`
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas         map[string]schema         `json:"schemas"`
		SecuritySchemes map[string]map[string]any `json:"securitySchemes"`
	} `json:"components"`
}

// TestOpenAPI checks the document against the API: every operation it
// describes is served by the route it names, every route is described,
// every reference resolves, and the schemas list exactly the fields the
// API writes and reads.
func TestOpenAPI(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		r := e.call("anonymous", "GET", "/api/openapi.json", nil).want(t, http.StatusOK, "document")
		if ct := r.header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("document served as %q", ct)
		}
		var doc document
		r.decode(t, &doc)
		if doc.OpenAPI != "3.1.0" || doc.Components.SecuritySchemes["bearer"]["scheme"] != "bearer" {
			t.Errorf("openapi %q, security schemes %v", doc.OpenAPI, doc.Components.SecuritySchemes)
		}

		// Every documented operation is a registered route that answers.
		id := e.seed(e.kpu.ID, warta.StatusDraft)
		documented := map[string]bool{}
		ops := map[string]bool{}
		for path, item := range doc.Paths {
			for method, raw := range item {
				m := strings.ToUpper(method)
				documented[m+" "+path] = true
				var op struct {
					OperationID string                     `json:"operationId"`
					Responses   map[string]json.RawMessage `json:"responses"`
					Security    *[]json.RawMessage         `json:"security"`
				}
				if err := json.Unmarshal(raw, &op); err != nil {
					t.Fatal(err)
				}
				// A public operation (security: []) needs no token and so
				// never answers 401; every other one may.
				public := op.Security != nil && len(*op.Security) == 0
				if op.OperationID == "" || ops[op.OperationID] || (op.Responses["401"] == nil) != public {
					t.Errorf("%s %s: operationId %q (unique?), responses %v", m, path, op.OperationID, slices.Collect(maps.Keys(op.Responses)))
				}
				ops[op.OperationID] = true
				concrete := strings.ReplaceAll(path, "{id}", id)
				if _, pattern := e.mux.Handler(httptest.NewRequest(m, concrete, nil)); pattern != m+" "+path {
					t.Errorf("documented %s %s is served by pattern %q", m, path, pattern)
				}
				if res := e.call("admin", m, concrete, nil); res.code == http.StatusNotFound || res.code == http.StatusMethodNotAllowed {
					t.Errorf("documented %s %s answers %d\n%s", m, path, res.code, res.body)
				}
			}
		}
		// Every route is documented.
		for _, p := range api.RoutePatterns(e.api) {
			if !documented[p] {
				t.Errorf("route %s is not in the document", p)
			}
		}
		if len(documented) != len(api.RoutePatterns(e.api)) {
			t.Errorf("%d documented operations, %d routes", len(documented), len(api.RoutePatterns(e.api)))
		}

		// Every $ref points at something.
		var whole map[string]any
		r.decode(t, &whole)
		walkRefs(whole, func(ref string) {
			var node any = whole
			for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
				m, _ := node.(map[string]any)
				node = m[part]
			}
			if node == nil {
				t.Errorf("$ref %s resolves to nothing", ref)
			}
		})

		// The schemas describe what the API writes: an article with every
		// part filled in, its list, revisions, history, the account and a
		// problem.
		sch := doc.Components.Schemas
		img := &warta.Media{Key: "2024/02/foto.jpg", MIME: "image/jpeg", Width: 1600, Height: 900, Alt: "Petugas KPPS", Variants: []int{640}}
		if err := db.CreateMedia(context.Background(), img); err != nil {
			t.Fatal(err)
		}
		full := e.call("editor", "POST", "/api/v1/articles", map[string]any{"title": "Lengkap", "agency": "kpu-jatim",
			"regions": []string{"kota-surabaya"}, "stages": []string{"pemilu-2024-kampanye"}, "tags": []string{"KPPS"}, "lead_image_id": img.ID}).
			want(t, http.StatusCreated, "create a full article").article(t)
		path := "/api/v1/articles/" + full.ID
		e.call("editor", "POST", path+"/publish", nil).want(t, http.StatusOK, "publish")
		e.call("editor", "PATCH", path, map[string]string{"correction": "Foto diganti."}).want(t, http.StatusOK, "correct")
		art := e.call("editor", "GET", path, nil).want(t, http.StatusOK, "get").object(t)
		check := func(name string, v any, complete bool) {
			t.Helper()
			m, ok := v.(map[string]any)
			if !ok {
				t.Errorf("%s: %T is not an object", name, v)
				return
			}
			got := slices.Sorted(maps.Keys(m))
			props := slices.Sorted(maps.Keys(sch[name].Properties))
			if complete && !slices.Equal(got, props) || !complete && !subset(got, props) {
				t.Errorf("schema %s lists %v; the API writes %v", name, props, got)
			}
			if req := slices.Sorted(slices.Values(sch[name].Required)); complete && !slices.Equal(req, props) {
				t.Errorf("schema %s requires %v of %v", name, req, props)
			}
		}
		check("Article", art, true)
		check("Agency", art["agency"], true)
		check("Region", first(art["regions"]), true)
		check("Stage", first(art["stages"]), true)
		check("Tag", first(art["tags"]), true)
		check("Media", art["lead_image"], true)
		check("Correction", first(art["corrections"]), true)
		check("ArticleList", e.call("editor", "GET", "/api/v1/articles?limit=1", nil).object(t), true)
		revs := e.call("editor", "GET", path+"/revisions", nil).object(t)
		check("RevisionList", revs, true)
		check("Revision", first(revs["revisions"]), true)
		events := e.call("editor", "GET", path+"/history", nil).object(t)
		check("EventList", events, true)
		check("Event", first(events["events"]), true)
		me := e.call("reader", "GET", "/api/v1/me", nil).object(t)
		check("Me", me, true)
		check("Token", me["token"], true)
		prob := e.call("editor", "POST", "/api/v1/articles", map[string]string{"title": ""}).object(t)
		check("Problem", prob, false)
		check("FieldError", first(prob["errors"]), true)

		// The request schemas list exactly the fields the API accepts.
		for name, accepted := range api.RequestFields() {
			if props := slices.Sorted(maps.Keys(sch[name].Properties)); !slices.Equal(props, accepted) {
				t.Errorf("schema %s lists %v; the API accepts %v", name, props, accepted)
			}
		}
	})
}

func first(v any) any {
	if list, ok := v.([]any); ok && len(list) > 0 {
		return list[0]
	}
	return nil
}

func subset(a, b []string) bool {
	for _, s := range a {
		if !slices.Contains(b, s) {
			return false
		}
	}
	return true
}

func walkRefs(v any, fn func(string)) {
	switch v := v.(type) {
	case map[string]any:
		for k, c := range v {
			if s, ok := c.(string); ok && k == "$ref" {
				fn(s)
			}
			walkRefs(c, fn)
		}
	case []any:
		for _, c := range v {
			walkRefs(c, fn)
		}
	}
}
