package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func newTest(ready error) *Server {
	s := New(Config{
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Ready:  func(context.Context) error { return ready },
		Error: func(w http.ResponseWriter, r *http.Request, status int, msg string) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(status)
			io.WriteString(w, "<html>halaman galat "+msg+"</html>")
		},
	})
	s.Mux.HandleFunc("GET /panik", func(http.ResponseWriter, *http.Request) { panic("rusak") })
	s.Mux.HandleFunc("POST /kirim", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "diterima") })
	return s
}

func do(h http.Handler, method, path string, hdr map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestServerPagesAndProtection(t *testing.T) {
	h := newTest(nil).Handler()
	if r := do(h, "GET", "/tidak-ada", nil); r.Code != 404 || !strings.Contains(r.Body.String(), "halaman galat") {
		t.Fatalf("unknown route: %d %q", r.Code, r.Body.String())
	}
	if r := do(h, "GET", "/panik", nil); r.Code != 500 || strings.Contains(r.Body.String(), "rusak") {
		t.Fatalf("panic: %d %q", r.Code, r.Body.String())
	}
	if r := do(h, "POST", "/kirim", map[string]string{"Sec-Fetch-Site": "cross-site"}); r.Code != 403 {
		t.Fatalf("cross-site POST: %d", r.Code)
	}
	if r := do(h, "POST", "/kirim", map[string]string{"Sec-Fetch-Site": "same-origin"}); r.Code != 200 {
		t.Fatalf("same-origin POST: %d", r.Code)
	}
	if r := do(h, "GET", "/healthz", nil); r.Code != 200 || r.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("healthz: %d %v", r.Code, r.Header())
	}
	m := do(h, "GET", "/metrics", nil).Body.String()
	if !strings.Contains(m, `warta_http_requests_total{code="5xx",route="GET /panik"} 1`) {
		t.Fatalf("metrics lack the panic route:\n%s", m)
	}
}

func TestReadyz(t *testing.T) {
	if r := do(newTest(nil).Handler(), "GET", "/readyz", nil); r.Code != 200 {
		t.Fatalf("ready: %d", r.Code)
	}
	if r := do(newTest(errors.New("db down")).Handler(), "GET", "/readyz", nil); r.Code != 503 {
		t.Fatalf("not ready: %d", r.Code)
	}
}
