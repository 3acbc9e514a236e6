package dissemination_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/dissemination/uji"
	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/newsroom"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

const token = "token-uji-rahasia"

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// env is a running node's dissemination on one database: the engine, the
// newsroom it hears from, an editor, an agency, and a uji API server.
type env struct {
	t      *testing.T
	db     *store.DB
	eng    *dissemination.Engine
	nr     *newsroom.Service
	api    *uji.Server
	apiURL string
	editor *warta.User
	kpu    warta.Agency
	n      int
}

// each runs fn on every database with a fresh, started env.
func each(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			fn(t, newEnv(t, d, dissemination.Config{}))
		})
	}
}

// newEnv starts an engine with quick retries (cfg's zero fields filled
// in) on a new database of dialect d.
func newEnv(t *testing.T, d store.Dialect, cfg dissemination.Config) *env {
	t.Helper()
	e := buildEnv(t, d, cfg)
	e.start()
	return e
}

// buildEnv is newEnv without starting the engine and the newsroom.
func buildEnv(t *testing.T, d store.Dialect, cfg dissemination.Config) *env {
	t.Helper()
	ctx := context.Background()
	url := storetest.URL(t, d)
	db, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, db: db, api: uji.NewServer(token), editor: &warta.User{ID: "U-editor", Name: "Redaktur", Role: warta.RoleEditor}}
	srv := httptest.NewServer(e.api)
	t.Cleanup(srv.Close)
	e.apiURL = srv.URL
	e.kpu = warta.Agency{Slug: "kpu-jatim", Name: "KPU Provinsi Jawa Timur", ShortName: "KPU Jatim"}
	if err := db.CreateAgency(ctx, &e.kpu); err != nil {
		t.Fatal(err)
	}
	// The engine's jobs run on the newsroom's River client, as in the
	// app; River's tables come with the newsroom, so the engine starts
	// after the newsroom is built.
	cfg.DB = db
	cfg.Registry = dissemination.Registry{}
	cfg.Registry.Register(uji.New())
	cfg.Site = dissemination.Site{Name: "Warta Jatim", BaseURL: "https://warta.example"}
	cfg.Logger = quiet()
	cfg.MediaURL = media.URL
	if cfg.SecretKey == "" {
		cfg.SecretKey = "kunci-rahasia-uji"
	}
	if cfg.RetryBase == 0 {
		cfg.RetryBase = 300 * time.Millisecond
	}
	if cfg.RetryMax == 0 {
		cfg.RetryMax = 3 * time.Second
	}
	if cfg.MaxAttempts == 0 {
		cfg.MaxAttempts = 4
	}
	e.eng, err = dissemination.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	e.nr, err = newsroom.New(newsroom.Config{DB: db, Logger: quiet(), DatabaseURL: url, Disseminator: e.eng,
		Jobs: []newsroom.Jobs{{Queues: e.eng.Queues(), Add: e.eng.AddWorkers}}})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// start starts the engine and then the newsroom, as the app does.
func (e *env) start() {
	e.t.Helper()
	ctx := context.Background()
	if err := e.eng.Start(ctx); err != nil {
		e.t.Fatal(err)
	}
	if err := e.nr.Start(ctx); err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		e.nr.Stop(ctx)
		e.eng.Stop(ctx)
	})
}

// channel adds a uji channel pointing at the env's server; opts are
// key=value settings, and "secret:" before a key makes it a secret. The
// token is added unless "notoken" is given.
func (e *env) channel(name string, def bool, opts ...string) *dissemination.Channel {
	e.t.Helper()
	ch := &dissemination.Channel{Kind: uji.Kind, Name: name, Enabled: true, Default: def,
		Settings: map[string]string{"api_base": e.apiURL}, Secrets: map[string]string{"token": token}}
	for _, o := range opts {
		if o == "notoken" {
			delete(ch.Secrets, "token")
			continue
		}
		k, v, _ := strings.Cut(o, "=")
		if sk, ok := strings.CutPrefix(k, "secret:"); ok {
			ch.Secrets[sk] = v
		} else {
			ch.Settings[k] = v
		}
	}
	if err := e.eng.AddChannel(context.Background(), ch); err != nil {
		e.t.Fatal(err)
	}
	return ch
}

// draft writes a new draft as the editor.
func (e *env) draft() *warta.Article {
	e.t.Helper()
	e.n++
	a := &warta.Article{Title: fmt.Sprintf("KPU Jatim tetapkan DPT tahap %d", e.n), Dek: "Rapat pleno terbuka di Surabaya.",
		Body: "Isi berita.", AgencyID: e.kpu.ID}
	if err := e.nr.Create(context.Background(), e.editor, a); err != nil {
		e.t.Fatal(err)
	}
	return a
}

// publish writes and publishes an article, to the given channels when any
// are given, to the defaults otherwise.
func (e *env) publish(channels ...*dissemination.Channel) *warta.Article {
	e.t.Helper()
	a := e.draft()
	if len(channels) > 0 {
		ids := make([]string, len(channels))
		for i, c := range channels {
			ids[i] = c.ID
		}
		if err := e.eng.SetArticleChannels(context.Background(), a.ID, ids); err != nil {
			e.t.Fatal(err)
		}
	}
	e.do(warta.ActionPublish, a.ID)
	return a
}

// do takes a workflow step as the editor.
func (e *env) do(action warta.Action, id string) {
	e.t.Helper()
	ctx := context.Background()
	var err error
	switch action {
	case warta.ActionPublish:
		_, err = e.nr.Publish(ctx, e.editor, id)
	case warta.ActionUnpublish:
		_, err = e.nr.Unpublish(ctx, e.editor, id)
	case warta.ActionCorrect:
		_, err = e.nr.Correct(ctx, e.editor, id, "Jumlah pemilih diperbaiki.")
	default:
		e.t.Fatalf("no such step %s", action)
	}
	if err != nil {
		e.t.Fatal(err)
	}
}

// deliveries lists an article's deliveries, oldest first.
func (e *env) deliveries(articleID string) []dissemination.Delivery {
	e.t.Helper()
	ds, err := e.eng.Deliveries(context.Background(), dissemination.Filter{ArticleID: articleID})
	if err != nil {
		e.t.Fatal(err)
	}
	slices.Reverse(ds)
	return ds
}

// settled waits until the article has n deliveries, all final, and
// returns them oldest first.
func (e *env) settled(articleID string, n int) []dissemination.Delivery {
	e.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ds := e.deliveries(articleID)
		done := len(ds) == n
		for _, d := range ds {
			done = done && d.Status.Final()
		}
		if done {
			return ds
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("deliveries of %s not settled after 30 s: %s", articleID, describe(ds))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func describe(ds []dissemination.Delivery) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "\n  %s %s %s attempts=%d remote=%q error=%q", d.Channel.Name, d.Op, d.Status, d.Attempts, d.Remote.ID, d.LastError)
	}
	if b.Len() == 0 {
		return "none"
	}
	return b.String()
}

// requests returns the server's requests to path ("" for any).
func (e *env) requests(method, path string) []uji.Request {
	var out []uji.Request
	for _, r := range e.api.Requests() {
		if r.Method == method && (path == "" || r.Path == path) {
			out = append(out, r)
		}
	}
	return out
}
