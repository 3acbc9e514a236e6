package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/api"
	"github.com/kominfo-jatim/warta/internal/auth"
	"github.com/kominfo-jatim/warta/internal/newsroom"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

const password = "kata-sandi-uji-yang-panjang"

// env is the API on one database, behind the auth middleware as the app
// mounts it, with two agencies and a token for each kind of caller:
// admin, editor, contributor (of KPU), contributor-bawaslu, factchecker,
// judge, and reader (an editor's read-only token). "anonymous" sends none.
type env struct {
	t        *testing.T
	db       *store.DB
	auth     *auth.Service
	api      *api.API
	mux      *http.ServeMux
	h        http.Handler
	kpu, bws warta.Agency
	users    map[string]*warta.User
	tokens   map[string]string
	n        int
}

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{t: t, db: db, users: map[string]*warta.User{}, tokens: map[string]string{}}
	e.kpu = warta.Agency{Slug: "kpu-jatim", Name: "KPU Provinsi Jawa Timur", ShortName: "KPU Jatim"}
	e.bws = warta.Agency{Slug: "bawaslu-jatim", Name: "Bawaslu Provinsi Jawa Timur", ShortName: "Bawaslu Jatim"}
	for _, ag := range []*warta.Agency{&e.kpu, &e.bws} {
		if err := db.CreateAgency(ctx, ag); err != nil {
			t.Fatal(err)
		}
	}
	e.auth = auth.New(auth.Config{DB: db, Logger: quiet(), OnError: api.WriteProblem,
		Limits: auth.Limits{AccountFailures: 2}})
	add := func(key string, role warta.Role, agency string, scopes ...string) {
		u := &warta.User{Email: key + "@warta.example", Name: "Uji " + key, Role: role, AgencyID: agency}
		if err := db.CreateUser(ctx, u, password); err != nil {
			t.Fatal(err)
		}
		raw, _, err := e.auth.CreateToken(ctx, u.ID, "uji "+key, time.Time{}, scopes...)
		if err != nil {
			t.Fatal(err)
		}
		e.users[key], e.tokens[key] = u, raw
	}
	add("admin", warta.RoleAdmin, "")
	add("editor", warta.RoleEditor, e.kpu.ID)
	add("contributor", warta.RoleContributor, e.kpu.ID)
	add("contributor-bawaslu", warta.RoleContributor, e.bws.ID)
	add("factchecker", warta.RoleFactChecker, "")
	add("judge", warta.RoleJudge, "")
	add("reader", warta.RoleEditor, "", warta.ScopeRead)

	nr, err := newsroom.New(newsroom.Config{DB: db, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	e.api = api.New(api.Config{Newsroom: nr, Auth: e.auth, DB: db, Logger: quiet(), BaseURL: "https://warta.example"})
	e.mux = http.NewServeMux()
	e.api.Routes(e.mux)
	e.h = e.auth.Middleware(e.auth.CrossOrigin(e.mux))
	return e
}

// seed stores an article of the agency directly in the given status.
func (e *env) seed(agencyID string, st warta.ArticleStatus) string {
	e.t.Helper()
	e.n++
	a := &warta.Article{Title: fmt.Sprintf("Rapat pleno rekapitulasi nomor %d", e.n), Body: "Rapat berjalan lancar.",
		AgencyID: agencyID, Status: st}
	if st == warta.StatusPublished || st == warta.StatusUnpublished {
		a.PublishedAt = time.Now().Add(-time.Hour).Truncate(time.Second)
	}
	if err := e.db.CreateArticle(context.Background(), a); err != nil {
		e.t.Fatal(err)
	}
	return a.ID
}

func (e *env) status(id string) warta.ArticleStatus {
	e.t.Helper()
	sa, err := e.db.StaffArticle(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return sa.Status
}

// response is an API answer.
type response struct {
	code   int
	header http.Header
	body   []byte
}

// decode reads the body into v.
func (r *response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("response %d is not JSON: %v\n%s", r.code, err, r.body)
	}
}

// object is the body as a generic JSON object.
func (r *response) object(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	r.decode(t, &m)
	return m
}

func (r *response) problem(t *testing.T) api.Problem {
	t.Helper()
	var p api.Problem
	r.decode(t, &p)
	return p
}

// call sends a request as who ("anonymous" for no token) and checks that
// every error is a problem document: application/problem+json, the status
// repeated, a type, a title and a detail a person can act on. body is
// sent as is when it is a string, as JSON otherwise; nil sends none.
func (e *env) call(who, method, path string, body any) *response {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req := httptest.NewRequest(method, path, rd)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if who != "anonymous" {
		tok, ok := e.tokens[who]
		if !ok {
			e.t.Fatalf("no caller %q", who)
		}
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	return e.send(req)
}

// send serves req and checks the problem document of an error.
func (e *env) send(req *http.Request) *response {
	e.t.Helper()
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	r := &response{code: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	if r.code >= 400 {
		checkProblem(e.t, req, r)
	}
	return r
}

func checkProblem(t *testing.T, req *http.Request, r *response) {
	t.Helper()
	where := req.Method + " " + req.URL.Path
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("%s: %d with Content-Type %q, want application/problem+json\n%s", where, r.code, ct, r.body)
		return
	}
	p := r.problem(t)
	if p.Status != r.code || !strings.HasPrefix(p.Type, api.ProblemTypeBase) || p.Title == "" || p.Detail == "" || p.Instance != req.URL.Path {
		t.Errorf("%s: incomplete problem for %d: %+v", where, r.code, p)
	}
	for _, f := range p.Errors {
		if f.Field == "" || f.Detail == "" {
			t.Errorf("%s: field error without field or detail: %+v", where, p.Errors)
		}
	}
}

// want fails the test unless the response has the status.
func (r *response) want(t *testing.T, code int, what string) *response {
	t.Helper()
	if r.code != code {
		t.Fatalf("%s: status %d, want %d\n%s", what, r.code, code, r.body)
	}
	return r
}

// article is the parts of an article response the tests look at.
type article struct {
	ID          string   `json:"id"`
	Slug        string   `json:"slug"`
	URL         *string  `json:"url"`
	Title       string   `json:"title"`
	Body        string   `json:"body"`
	BodyHTML    string   `json:"body_html"`
	Dateline    string   `json:"dateline"`
	Status      string   `json:"status"`
	Headline    bool     `json:"headline"`
	ScheduledAt *string  `json:"scheduled_at"`
	PublishedAt *string  `json:"published_at"`
	CreatedAt   string   `json:"created_at"`
	Actions     []string `json:"actions"`
	Agency      struct {
		Slug string `json:"slug"`
	} `json:"agency"`
	Regions []struct {
		Slug, Name string
	} `json:"regions"`
	Stages []struct {
		Slug, Name string
	} `json:"stages"`
	Tags []struct {
		Slug, Name string
	} `json:"tags"`
	Corrections []struct {
		Note string `json:"note"`
	} `json:"corrections"`
}

func (r *response) article(t *testing.T) article {
	t.Helper()
	var a article
	r.decode(t, &a)
	return a
}
