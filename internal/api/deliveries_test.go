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
	"time"

	"github.com/kominfo-jatim/warta/internal/api"
	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/dissemination/uji"
	"github.com/kominfo-jatim/warta/internal/newsroom"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
)

// withDeliveries rebuilds e's API on a newsroom that disseminates through
// a started engine, with two default uji channels: one with its token, one
// without (it runs dry).
func withDeliveries(t *testing.T, e *env, server *uji.Server) *dissemination.Engine {
	t.Helper()
	ctx := context.Background()
	srv := httptest.NewServer(server)
	t.Cleanup(srv.Close)
	reg := dissemination.Registry{}
	reg.Register(uji.New())
	eng, err := dissemination.New(dissemination.Config{DB: e.db, Registry: reg, SecretKey: "kunci", Logger: quiet(),
		Site: dissemination.Site{Name: "Warta", BaseURL: "https://warta.example"}, RetryBase: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	nr, err := newsroom.New(newsroom.Config{DB: e.db, Logger: quiet(), Disseminator: eng,
		Jobs: []newsroom.Jobs{{Queues: eng.Queues(), Add: eng.AddWorkers}}})
	if err != nil {
		t.Fatal(err)
	}
	for name, secrets := range map[string]map[string]string{"uji": {"token": "rahasia"}, "uji-kering": nil} {
		if err := eng.AddChannel(ctx, &dissemination.Channel{Kind: uji.Kind, Name: name, Enabled: true, Default: true,
			Settings: map[string]string{"api_base": srv.URL}, Secrets: secrets}); err != nil {
			t.Fatal(err)
		}
	}
	if err := eng.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := nr.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		nr.Stop(ctx)
		eng.Stop(ctx)
	})
	e.api = api.New(api.Config{Newsroom: nr, Auth: e.auth, DB: e.db, Logger: quiet(), BaseURL: "https://warta.example", Deliveries: eng})
	e.mux = http.NewServeMux()
	e.api.Routes(e.mux)
	e.h = e.auth.Middleware(e.auth.CrossOrigin(e.mux))
	return eng
}

type deliveryOut struct {
	ID      string `json:"id"`
	Channel struct {
		Name string `json:"name"`
	} `json:"channel"`
	Status    string  `json:"status"`
	Attempts  int     `json:"attempts"`
	RemoteURL *string `json:"remote_url"`
	LastError *string `json:"last_error"`
	CanRetry  bool    `json:"can_retry"`
	Rendering *struct {
		Text string `json:"text"`
	} `json:"rendering"`
	Requests []struct {
		Method string `json:"method"`
		URL    string `json:"url"`
	} `json:"requests"`
}

// TestDeliveriesAPI publishes through the API to a channel whose token is
// refused and to one without a token: the editor reads why the first
// failed and what the second would have sent, retries the first once the
// channel accepts, and cannot send it twice. Contributors read their own
// agency's deliveries but retry nothing.
func TestDeliveriesAPI(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		server := uji.NewServer("rahasia")
		server.Fail(uji.Failure{Status: http.StatusUnauthorized, Body: `{"error":"invalid token"}`})
		withDeliveries(t, e, server)
		art := e.call("editor", "POST", "/api/v1/articles", map[string]any{"title": "Jadwal debat kandidat", "agency": "kpu-jatim"}).
			want(t, http.StatusCreated, "create").article(t)
		e.call("editor", "POST", "/api/v1/articles/"+art.ID+"/publish", nil).want(t, http.StatusOK, "publish")
		path := "/api/v1/articles/" + art.ID + "/deliveries"

		list := func(who string) map[string]deliveryOut {
			t.Helper()
			var out struct{ Deliveries []deliveryOut }
			e.call(who, "GET", path, nil).want(t, http.StatusOK, "list deliveries as "+who).decode(t, &out)
			byName := map[string]deliveryOut{}
			for _, d := range out.Deliveries {
				byName[d.Channel.Name] = d
			}
			return byName
		}
		settled := func(want map[string]string) map[string]deliveryOut {
			t.Helper()
			deadline := time.Now().Add(20 * time.Second)
			for {
				got := list("editor")
				done := len(got) == len(want)
				for name, st := range want {
					done = done && got[name].Status == st
				}
				if done {
					return got
				}
				if time.Now().After(deadline) {
					t.Fatalf("deliveries %+v, want statuses %v", got, want)
				}
				time.Sleep(50 * time.Millisecond)
			}
		}
		got := settled(map[string]string{"uji": "failed", "uji-kering": "dry_run"})
		failed, dry := got["uji"], got["uji-kering"]
		if failed.Attempts != 1 || failed.LastError == nil || !strings.Contains(*failed.LastError, "Perbarui kredensial kanal") ||
			!failed.CanRetry || failed.RemoteURL != nil || failed.Rendering == nil || !strings.Contains(failed.Rendering.Text, "Jadwal debat kandidat") {
			t.Errorf("failed delivery %+v", failed)
		}
		if len(dry.Requests) != 1 || dry.Requests[0].Method != "POST" || !strings.HasSuffix(dry.Requests[0].URL, "/posts") {
			t.Errorf("dry run %+v", dry)
		}
		if c := list("contributor")["uji"]; c.Status != "failed" || c.CanRetry {
			t.Errorf("as the contributor: %+v", c)
		}
		e.call("contributor-bawaslu", "GET", path, nil).want(t, http.StatusNotFound, "another agency's contributor")
		e.call("editor", "GET", path+"?status=hilang", nil).want(t, http.StatusBadRequest, "unknown status")
		if got := list("editor"); len(got) != 2 {
			t.Errorf("list %+v", got)
		}

		retry := "/api/v1/deliveries/" + failed.ID + "/retry"
		e.call("contributor", "POST", retry, nil).want(t, http.StatusForbidden, "contributor retries")
		e.call("factchecker", "POST", retry, nil).want(t, http.StatusForbidden, "fact-checker retries")
		e.call("contributor-bawaslu", "POST", retry, nil).want(t, http.StatusNotFound, "another agency's contributor retries")
		e.call("editor", "POST", "/api/v1/deliveries/01HZZZZZZZZZZZZZZZZZZZZZZZ/retry", nil).want(t, http.StatusNotFound, "unknown delivery")
		e.call("editor", "POST", retry, nil).want(t, http.StatusOK, "retry")
		got = settled(map[string]string{"uji": "delivered", "uji-kering": "dry_run"})
		if d := got["uji"]; d.RemoteURL == nil || !strings.HasPrefix(*d.RemoteURL, "https://uji.example/") || d.LastError != nil || d.CanRetry {
			t.Errorf("after retry %+v", d)
		}
		if p := e.call("editor", "POST", retry, nil).want(t, http.StatusConflict, "retry a delivered one").problem(t); !strings.Contains(p.Detail, "terkirim") {
			t.Errorf("problem %+v", p)
		}
		if posts := server.Posts(); len(posts) != 1 {
			t.Errorf("posts %+v", posts)
		}

		// The OpenAPI schemas list exactly what the API writes.
		var doc document
		e.call("anonymous", "GET", "/api/openapi.json", nil).decode(t, &doc)
		raw := e.call("editor", "GET", path, nil).object(t)
		check := func(name string, v any) {
			t.Helper()
			m, _ := v.(map[string]any)
			got := slices.Sorted(maps.Keys(m))
			props := slices.Sorted(maps.Keys(doc.Components.Schemas[name].Properties))
			if !slices.Equal(got, props) {
				t.Errorf("schema %s lists %v; the API writes %v", name, props, got)
			}
		}
		check("DeliveryList", raw)
		for _, d := range raw["deliveries"].([]any) {
			dm := d.(map[string]any)
			check("Delivery", dm)
			check("DeliveryChannel", dm["channel"])
			check("Rendering", dm["rendering"])
			if reqs := dm["requests"].([]any); len(reqs) > 0 {
				check("RecordedRequest", reqs[0])
			}
		}
		var op map[string]any
		json.Unmarshal(doc.Paths["/api/v1/deliveries/{id}/retry"]["post"], &op)
		if params, _ := json.Marshal(op["parameters"]); !strings.Contains(string(params), "DeliveryID") {
			t.Errorf("retry's id parameter: %s", params)
		}
	})
}
