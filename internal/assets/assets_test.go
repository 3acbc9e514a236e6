package assets

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func TestHashedNamesAndServing(t *testing.T) {
	fsys := fstest.MapFS{"static/app.css": {Data: []byte("body{color:#111}")}}
	s, err := Load(fsys, "static", "/static/")
	if err != nil {
		t.Fatal(err)
	}
	u := s.URL("app.css")
	if !strings.HasPrefix(u, "/static/app.") || !strings.HasSuffix(u, ".css") || len(u) != len("/static/app..css")+10 {
		t.Fatalf("url = %q", u)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /static/{name}", func(w http.ResponseWriter, r *http.Request) {
		if !s.Serve(w, r) {
			http.Error(w, "tidak ada", 404)
		}
	})
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", u, nil))
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "text/css; charset=utf-8" ||
		!strings.Contains(rec.Header().Get("Cache-Control"), "immutable") || rec.Body.String() != "body{color:#111}" {
		t.Fatalf("serve: %d %v %q", rec.Code, rec.Header(), rec.Body.String())
	}
	rec = httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/static/app.css", nil))
	if rec.Code != 404 {
		t.Fatalf("unhashed name served: %d", rec.Code)
	}
}
