package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/kominfo-jatim/warta/internal/api"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// TestAccess checks who gets in, and that every refusal on the way,
// including the auth middleware's, is a problem document.
func TestAccess(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		r := e.call("anonymous", "GET", "/api/v1/me", nil).want(t, http.StatusUnauthorized, "anonymous")
		if r.header.Get("WWW-Authenticate") == "" {
			t.Error("401 without WWW-Authenticate")
		}
		r = e.send(newRequest("GET", "/api/v1/me", "", "warta_bukan-token-yang-dikenal")).want(t, http.StatusUnauthorized, "unknown token")
		if !strings.Contains(r.problem(t).Detail, "tidak dikenal") {
			t.Errorf("unknown token: %q", r.problem(t).Detail)
		}
		req := newRequest("GET", "/api/v1/me", "", "")
		req.Header.Set("Authorization", "Basic dXNlcjpwYXNz")
		e.send(req).want(t, http.StatusUnauthorized, "basic auth")

		var me struct {
			Email, Role, Auth string
			Agency            *struct{ Slug string }
			Token             *struct{ Scopes []string }
		}
		e.call("reader", "GET", "/api/v1/me", nil).want(t, http.StatusOK, "read-only token reads").decode(t, &me)
		if me.Email != "reader@warta.example" || me.Auth != "token" || me.Token == nil || len(me.Token.Scopes) != 1 || me.Token.Scopes[0] != "read" || me.Agency != nil {
			t.Errorf("me with a read token: %+v", me)
		}
		e.call("contributor", "GET", "/api/v1/me", nil).want(t, http.StatusOK, "contributor").decode(t, &me)
		if me.Role != "contributor" || me.Agency == nil || me.Agency.Slug != "kpu-jatim" {
			t.Errorf("contributor's me: %+v", me)
		}
		e.call("reader", "PATCH", "/api/v1/articles/"+e.seed(e.kpu.ID, warta.StatusDraft), map[string]string{"title": "x"}).
			want(t, http.StatusForbidden, "read-only token writes")

		// A studio session works too.
		_, raw, err := e.auth.Login(ctx, "editor@warta.example", password, "", "203.0.113.9", "uji")
		if err != nil {
			t.Fatal(err)
		}
		req = httptest.NewRequest("GET", "/api/v1/me", nil)
		req.AddCookie(&http.Cookie{Name: e.auth.CookieName(), Value: raw})
		e.send(req).want(t, http.StatusOK, "session").decode(t, &me)
		if me.Auth != "session" || me.Token != nil || me.Email != "editor@warta.example" {
			t.Errorf("me with a session: %+v", me)
		}

		// Paths and methods no route takes.
		r = e.call("editor", "GET", "/api/v1/artikel", nil).want(t, http.StatusNotFound, "unknown path")
		if !strings.Contains(r.problem(t).Detail, "/api/openapi.json") {
			t.Errorf("unknown path: %q does not point to the document", r.problem(t).Detail)
		}
		e.call("anonymous", "GET", "/api/v2/articles", nil).want(t, http.StatusNotFound, "unknown version")
		id := e.seed(e.kpu.ID, warta.StatusDraft)
		r = e.call("editor", "DELETE", "/api/v1/articles/"+id, nil).want(t, http.StatusMethodNotAllowed, "DELETE")
		if r.header.Get("Allow") != "GET, HEAD, PATCH" {
			t.Errorf("Allow %q", r.header.Get("Allow"))
		}
		r = e.call("editor", "GET", "/api/v1/articles/"+id+"/publish", nil).want(t, http.StatusMethodNotAllowed, "GET publish")
		if r.header.Get("Allow") != "POST" {
			t.Errorf("Allow %q", r.header.Get("Allow"))
		}
		r = e.call("anonymous", "OPTIONS", "/api/v1/articles", nil).want(t, http.StatusNoContent, "OPTIONS")
		if r.header.Get("Allow") != "GET, HEAD, POST" {
			t.Errorf("Allow %q", r.header.Get("Allow"))
		}
		e.call("editor", "GET", "/api/v1/articles/01HZZZZZZZZZZZZZZZZZZZZZZZ", nil).want(t, http.StatusNotFound, "missing article")

		// Login throttling's refusal says when to come back.
		for i := 0; i < 3; i++ {
			_, _, err = e.auth.Login(ctx, "judge@warta.example", "kata-sandi-yang-salah", "", "", "")
		}
		if warta.ErrorCode(err) != warta.ETooMany {
			t.Fatalf("third failed login: %v, want too many", err)
		}
		rec := httptest.NewRecorder()
		req = httptest.NewRequest("POST", "/api/v1/login", nil)
		api.WriteProblem(rec, req, err)
		checkProblem(t, req, &response{code: rec.Code, header: rec.Header(), body: rec.Body.Bytes()})
		secs, _ := strconv.Atoi(rec.Header().Get("Retry-After"))
		if rec.Code != http.StatusTooManyRequests || secs < 1 || secs > 15*60 {
			t.Errorf("throttled: %d, Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
		}
	})
}

// TestInternalErrorHidden checks that a 500 tells the client nothing of
// the server's insides.
func TestInternalErrorHidden(t *testing.T) {
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(quiet()) // the error is logged; keep it out of the test output
	secret := `pq: password authentication failed for user "warta" at 10.0.0.5`
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/api/v1/articles", nil)
	api.WriteProblem(rec, req, fmt.Errorf("store: list: %w", errors.New(secret)))
	checkProblem(t, req, &response{code: rec.Code, header: rec.Header(), body: rec.Body.Bytes()})
	if rec.Code != http.StatusInternalServerError || strings.Contains(rec.Body.String(), "password") || strings.Contains(rec.Body.String(), "store") {
		t.Errorf("internal error: %d %s", rec.Code, rec.Body)
	}
}

// TestWriteStatusProblem checks the problems written for the server's own
// refusals: a cross-origin POST and a recovered panic.
func TestWriteStatusProblem(t *testing.T) {
	req := httptest.NewRequest("POST", "/api/v1/articles", nil)
	for _, c := range []struct {
		status       int
		detail, want string
	}{
		{http.StatusForbidden, "Permintaan lintas situs ditolak.", "Permintaan lintas situs ditolak."},
		{http.StatusInternalServerError, "runtime error: index out of range", "Terjadi kesalahan di server"},
	} {
		rec := httptest.NewRecorder()
		api.WriteStatusProblem(rec, req, c.status, c.detail)
		r := &response{code: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
		checkProblem(t, req, r)
		if p := r.problem(t); rec.Code != c.status || !strings.HasPrefix(p.Detail, c.want) {
			t.Errorf("%d %q: %d %+v", c.status, c.detail, rec.Code, p)
		}
	}
	rec := httptest.NewRecorder()
	api.WriteStatusProblem(rec, req, http.StatusTeapot, "")
	var p api.Problem
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.Type != "about:blank" || p.Title != "I'm a teapot" || p.Status != 418 {
		t.Errorf("status without a problem type: %+v %v", p, err)
	}
}
