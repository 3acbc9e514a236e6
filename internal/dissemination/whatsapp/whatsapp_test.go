package whatsapp

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

var (
	surabaya = warta.Region{Code: "35.78", Slug: "kota-surabaya", Name: "Kota Surabaya", Kind: warta.RegionKota}
	jatim    = warta.Region{Code: "35", Slug: "jawa-timur", Name: "Provinsi Jawa Timur", Kind: warta.RegionProvinsi}
	kampanye = warta.Stage{Slug: "pemilu-2024-kampanye", Name: "Kampanye"}
)

func article(regions ...warta.Region) *dissemination.Item {
	return &dissemination.Item{Op: dissemination.OpCreate, Version: "1",
		URL: "https://warta.example.id/berita/2024/02/10/jadwal-tps",
		Article: &warta.Article{ID: "01HPART", Title: "Jadwal TPS\tdi Surabaya  diumumkan", Dek: "Buka pukul 07.00 WIB.",
			Agency: warta.Agency{Name: "KPU Kota Surabaya"}, Regions: regions, Stages: []warta.Stage{kampanye}}}
}

func TestTemplateRequestShape(t *testing.T) {
	api, srv := newCloudAPI(t)
	c := NewClient(testChannel(srv.URL), srv.Client())
	id, err := c.SendTemplate(context.Background(), "+6281234567890", Template{Name: "berita_baru", Language: "id",
		Body: []string{"Jadwal TPS\tdi Surabaya  diumumkan", "https://warta.example.id/b"}})
	if err != nil || id != "wamid.1" {
		t.Fatalf("send: %q %v", id, err)
	}
	want := `{"messaging_product":"whatsapp","recipient_type":"individual","to":"6281234567890","type":"template",` +
		`"template":{"name":"berita_baru","language":{"code":"id"},"components":[{"type":"body","parameters":[` +
		`{"type":"text","text":"Jadwal TPS di Surabaya diumumkan"},{"type":"text","text":"https://warta.example.id/b"}]}]}}`
	if api.got[0].Raw != want {
		t.Errorf("template request\n got %s\nwant %s", api.got[0].Raw, want)
	}
	if _, err := c.SendText(context.Background(), "6281234567890", "Halo https://warta.example.id"); err != nil {
		t.Fatal(err)
	}
	want = `{"messaging_product":"whatsapp","recipient_type":"individual","to":"6281234567890","type":"text",` +
		`"text":{"preview_url":true,"body":"Halo https://warta.example.id"}}`
	if api.got[1].Raw != want {
		t.Errorf("text request\n got %s\nwant %s", api.got[1].Raw, want)
	}
}

func TestClientErrors(t *testing.T) {
	api, srv := newCloudAPI(t)
	c := NewClient(testChannel(srv.URL), srv.Client())
	for _, tc := range []struct {
		f         apiFailure
		retryable bool
		recipient bool
	}{
		{apiFailure{400, CodeReengagement}, false, true},
		{apiFailure{400, CodeUndeliverable}, false, true},
		{apiFailure{400, 132001}, false, false}, // template does not exist
		{apiFailure{400, 130429}, true, false},  // throughput
		{apiFailure{500, 131000}, true, false},
		{apiFailure{401, 190}, false, false},
	} {
		api.fail["6281200000001"] = []apiFailure{tc.f}
		_, err := c.SendText(context.Background(), "+6281200000001", "x")
		var de *dissemination.Error
		var ae *APIError
		if !errors.As(err, &de) || !errors.As(err, &ae) {
			t.Fatalf("%+v: %v", tc.f, err)
		}
		if de.Retryable != tc.retryable || ae.Recipient() != tc.recipient || ae.Code != tc.f.code || de.Message == "" {
			t.Errorf("%+v: retryable %v recipient %v code %d (%s)", tc.f, de.Retryable, ae.Recipient(), ae.Code, de.Message)
		}
	}
	bad := testChannel(srv.URL)
	bad.Secrets["access_token"] = "salah"
	err := New(nil).Check(context.Background(), bad, srv.Client())
	if de := dissemination.AsError(err); err == nil || de.Retryable || !strings.Contains(de.Message, "access_token") {
		t.Errorf("check with a bad token: %v", err)
	}
	if err := New(nil).Check(context.Background(), testChannel(srv.URL), srv.Client()); err != nil {
		t.Errorf("check: %v", err)
	}
}

func TestDeliverToMatchingSubscribers(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.say(t, "6281100000001", "w1", "DAFTAR SURABAYA", time.Hour)         // in window: text
		e.say(t, "6281100000002", "w2", "DAFTAR MALANG", 25*time.Hour)        // other region
		e.say(t, "6281100000003", "w3", "DAFTAR", 30*time.Hour)               // everything, window closed: template
		e.say(t, "6281100000004", "w4", "DAFTAR SIDOARJO", 2*time.Hour)       // other region
		e.say(t, "6281100000005", "w5", "DAFTAR SURABAYA", 3*time.Hour)       // stops below
		e.say(t, "6281100000005", "w6", "BERHENTI", 3*time.Hour)              //
		e.say(t, "6281100000006", "w7", "DAFTAR KOTA SURABAYA", 48*time.Hour) // template
		e.api.reset()

		it := article(surabaya)
		remote, err := e.conn.Deliver(context.Background(), e.ch, it, http.DefaultClient, &progress{})
		if err != nil {
			t.Fatal(err)
		}
		got := e.api.sentTo()
		if len(got) != 3 || len(got["6281100000001"]) != 1 || len(got["6281100000003"]) != 1 || len(got["6281100000006"]) != 1 {
			t.Fatalf("recipients: %v", keys(got))
		}
		if remote == nil || remote.ID != "3 terkirim, 0 gagal" {
			t.Errorf("remote %+v", remote)
		}
		txt := got["6281100000001"][0]
		if txt.Type != "text" {
			t.Fatalf("inside the window: %s", txt.Raw)
		}
		body := txt.Body["text"].(map[string]any)["body"].(string)
		for _, want := range []string{"*Jadwal TPS", "Buka pukul 07.00 WIB.", it.URL, "Sumber resmi: KPU Kota Surabaya", "BERHENTI"} {
			if !strings.Contains(body, want) {
				t.Errorf("text lacks %q:\n%s", want, body)
			}
		}
		for _, to := range []string{"6281100000003", "6281100000006"} {
			m := got[to][0]
			var tm struct {
				Template struct {
					Name       string
					Language   struct{ Code string }
					Components []struct {
						Type       string
						Parameters []struct{ Type, Text string }
					}
				}
			}
			json.Unmarshal([]byte(m.Raw), &tm)
			p := tm.Template.Components
			if m.Type != "template" || tm.Template.Name != "berita_baru" || tm.Template.Language.Code != "id" || len(p) != 1 ||
				len(p[0].Parameters) != 2 || p[0].Parameters[0].Text != "Jadwal TPS di Surabaya diumumkan" || p[0].Parameters[1].Text != it.URL {
				t.Errorf("outside the window, %s got %s", to, m.Raw)
			}
		}

		// Province-wide news reaches every active subscriber.
		e.api.reset()
		if _, err := e.conn.Deliver(context.Background(), e.ch, article(jatim), http.DefaultClient, &progress{}); err != nil {
			t.Fatal(err)
		}
		if got := e.api.sentTo(); len(got) != 5 || got["6281100000005"] != nil {
			t.Errorf("province-wide recipients: %v", keys(got))
		}
		// Corrections are not re-sent.
		e.api.reset()
		upd := article(surabaya)
		upd.Op = dissemination.OpUpdate
		if _, err := e.conn.Deliver(context.Background(), e.ch, upd, http.DefaultClient, &progress{}); err != nil || len(e.api.got) != 0 {
			t.Errorf("update sent %d messages (%v)", len(e.api.got), err)
		}
	})
}

func TestWantsInterests(t *testing.T) {
	malang := warta.Region{Slug: "kota-malang", Kind: warta.RegionKota}
	pemungutan := warta.Stage{Slug: "pemilu-2024-pemungutan"}
	a := func(r []warta.Region, s []warta.Stage) *warta.Article { return &warta.Article{Regions: r, Stages: s} }
	for _, tc := range []struct {
		name            string
		regions, stages []string
		a               *warta.Article
		want            bool
	}{
		{"no interests", nil, nil, a([]warta.Region{malang}, nil), true},
		{"region match", []string{"kota-malang"}, nil, a([]warta.Region{surabaya, malang}, nil), true},
		{"region miss", []string{"kota-batu"}, nil, a([]warta.Region{malang}, nil), false},
		{"province-wide", []string{"kota-batu"}, nil, a([]warta.Region{jatim}, nil), true},
		{"no region on article", []string{"kota-batu"}, nil, a(nil, nil), true},
		{"stage match", nil, []string{"pemilu-2024-kampanye"}, a(nil, []warta.Stage{kampanye}), true},
		{"stage miss", nil, []string{"pemilu-2024-kampanye"}, a(nil, []warta.Stage{pemungutan}), false},
		{"stage chosen, article has none", nil, []string{"pemilu-2024-kampanye"}, a(nil, nil), false},
		{"both must match", []string{"kota-malang"}, []string{"pemilu-2024-kampanye"}, a([]warta.Region{malang}, []warta.Stage{pemungutan}), false},
		{"both match", []string{"kota-malang"}, []string{"pemilu-2024-kampanye"}, a([]warta.Region{malang}, []warta.Stage{kampanye}), true},
	} {
		if got := wants(tc.regions, tc.stages, tc.a); got != tc.want {
			t.Errorf("%s: %v", tc.name, got)
		}
	}
}

func TestRetryNeverMessagesTwice(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		for i, n := range []string{"6281300000001", "6281300000002", "6281300000003", "6281300000004", "6281300000005"} {
			e.say(t, n, "r"+n, "DAFTAR", time.Duration(30+i)*time.Hour)
		}
		e.api.reset()
		// The third subscriber (by id order) meets a 503, the fourth has a
		// number WhatsApp cannot reach.
		subs, _ := subscribers{db}.active(context.Background())
		third, fourth := strings.TrimPrefix(subs[2].Phone, "+"), strings.TrimPrefix(subs[3].Phone, "+")
		e.api.fail[third] = []apiFailure{{503, 131000}}
		e.api.fail[fourth] = []apiFailure{{400, CodeUndeliverable}}
		p := &progress{}
		it := article(surabaya)
		_, err := e.conn.Deliver(context.Background(), e.ch, it, http.DefaultClient, p)
		var de *dissemination.Error
		if !errors.As(err, &de) || !de.Retryable {
			t.Fatalf("first attempt: %v, want a retryable error", err)
		}
		if n := len(e.api.got); n != 2 {
			t.Fatalf("first attempt sent %d, want 2 before the failure", n)
		}
		remote, err := e.conn.Deliver(context.Background(), e.ch, it, http.DefaultClient, p)
		if err != nil {
			t.Fatal(err)
		}
		if remote.ID != "4 terkirim, 1 gagal" {
			t.Errorf("remote %q", remote.ID)
		}
		// A third run — say the engine lost the outcome — sends nothing.
		if _, err := e.conn.Deliver(context.Background(), e.ch, it, http.DefaultClient, p); err != nil {
			t.Fatal(err)
		}
		got := e.api.sentTo()
		for _, s := range subs {
			n := strings.TrimPrefix(s.Phone, "+")
			want := 1
			if n == fourth {
				want = 0
			}
			if len(got[n]) != want {
				t.Errorf("%s got %d messages, want %d", n, len(got[n]), want)
			}
		}
		if !strings.HasPrefix(p.Step("sub:"+subs[3].ID), "failed:131026") {
			t.Errorf("unreachable number recorded as %q", p.Step("sub:"+subs[3].ID))
		}
		// A crash mid-call leaves "sending": that person is not messaged
		// again rather than risk a duplicate.
		e.api.reset()
		crashed := &progress{m: map[string]string{"sub:" + subs[0].ID: stepSending}}
		if _, err := e.conn.Deliver(context.Background(), e.ch, article(jatim), http.DefaultClient, crashed); err != nil {
			t.Fatal(err)
		}
		if got := e.api.sentTo(); len(got) != 4 || got[strings.TrimPrefix(subs[0].Phone, "+")] != nil {
			t.Errorf("after a crash: %v", keys(got))
		}
	})
}

func TestWindowClosedEarlyFallsBackToTemplate(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.say(t, "6281400000001", "x1", "DAFTAR", time.Hour)
		e.api.reset()
		e.api.fail["6281400000001"] = []apiFailure{{400, CodeReengagement}}
		if _, err := e.conn.Deliver(context.Background(), e.ch, article(surabaya), http.DefaultClient, &progress{}); err != nil {
			t.Fatal(err)
		}
		if got := e.api.sentTo()["6281400000001"]; len(got) != 1 || got[0].Type != "template" {
			t.Errorf("after 131047: %+v", got)
		}
	})
}

func TestRenderAndSettings(t *testing.T) {
	c := New(nil)
	ch := testChannel("http://api")
	r, err := c.Render(ch, article(surabaya))
	if err != nil || !strings.Contains(r.Text, "*Jadwal TPS") || r.Limit != TextLimit || len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], `"berita_baru"`) {
		t.Errorf("render: %+v %v", r, err)
	}
	ch.Settings["template_name"] = ""
	if _, err := c.Deliver(context.Background(), ch, article(surabaya), http.DefaultClient, nil); err == nil || dissemination.AsError(err).Retryable {
		t.Errorf("without template: %v", err)
	}
	settings, secrets := c.Required()
	if joined(settings) != "phone_number_id,template_name" || joined(secrets) != "access_token,app_secret,verify_token" {
		t.Errorf("required %v %v", settings, secrets)
	}
}

func keys(m map[string][]sent) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
