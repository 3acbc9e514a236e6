package studio_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/kominfo-jatim/warta/internal/auth"
	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/dissemination/uji"
	"github.com/kominfo-jatim/warta/internal/mail"
	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/newsroom"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/studio"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// ujiToken is the test channel API's token: it must never appear in a page.
const ujiToken = "token-uji-sangat-rahasia-7f3a"

// newDissemEnv is newEnv with the delivery engine wired as the app wires
// it: the newsroom tells the engine of publications inside their
// transactions, the engine's jobs run on the newsroom's River client, and
// the test channel kind (uji) is registered.
func newDissemEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{t: t, db: db}
	e.kpu = warta.Agency{Slug: "kpu-jatim", Name: "KPU Provinsi Jawa Timur", ShortName: "KPU Jatim"}
	e.bws = warta.Agency{Slug: "bawaslu-jatim", Name: "Bawaslu Provinsi Jawa Timur", ShortName: "Bawaslu Jatim"}
	for _, ag := range []*warta.Agency{&e.kpu, &e.bws} {
		if err := db.CreateAgency(ctx, ag); err != nil {
			t.Fatal(err)
		}
	}
	reg := dissemination.Registry{}
	reg.Register(uji.New())
	eng, err := dissemination.New(dissemination.Config{DB: db, Registry: reg, SecretKey: "kunci-rahasia-uji-studio",
		Site: dissemination.Site{Name: "Warta Jatim", BaseURL: "http://warta.test"}, Logger: quiet(), MediaURL: media.URL,
		RetryBase: 200 * time.Millisecond, RetryMax: time.Second, MaxAttempts: 3})
	if err != nil {
		t.Fatal(err)
	}
	if e.nr, err = newsroom.New(newsroom.Config{DB: db, Logger: quiet(), Disseminator: eng,
		Jobs: []newsroom.Jobs{{Queues: eng.Queues(), Add: eng.AddWorkers}}}); err != nil {
		t.Fatal(err)
	}
	if err := eng.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := e.nr.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		e.nr.Stop(ctx)
		eng.Stop(ctx)
	})
	outbox := mail.NewOutbox(db)
	e.auth = auth.New(auth.Config{DB: db, Mailer: outbox, BaseURL: "http://warta.test", Logger: quiet(),
		Audit: func(ctx context.Context, actor, action, objectType, objectID, detail, ip string) {
			if err := e.nr.RecordAudit(ctx, actor, action, objectType, objectID, detail, ip); err != nil {
				t.Errorf("audit: %v", err)
			}
		}})
	e.lib = media.New(t.TempDir())
	st, err := studio.New(studio.Config{Newsroom: e.nr, Auth: e.auth, DB: db, Media: e.lib, Outbox: outbox,
		Logger: quiet(), SiteName: "Warta Jatim", BaseURL: "http://warta.test", Dissemination: eng})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	st.Routes(mux)
	h := e.auth.Middleware(e.auth.CrossOrigin(auth.CSP(e.auth.EnrolGate("/studio/2fa", mux, "/studio/logout", "/studio/static/"))))
	e.srv = httptest.NewServer(h)
	t.Cleanup(e.srv.Close)
	return e
}

// ujiAPI starts a test channel API server.
func ujiAPI(t *testing.T) (*uji.Server, string) {
	t.Helper()
	api := uji.NewServer(ujiToken)
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	return api, srv.URL
}

// addChannel adds a uji channel through the channels page and returns its
// ID.
func addChannel(t *testing.T, admin *client, name, apiBase string, withToken, isDefault bool) string {
	t.Helper()
	v := url.Values{"kind": {uji.Kind}, "name": {name}, "settings": {"api_base=" + apiBase}, "aktif": {"1"},
		"rahasia_nama": {"", "", ""}, "rahasia_nilai": {"", "", ""}}
	if withToken {
		v["rahasia_nama"][0], v["rahasia_nilai"][0] = "token", ujiToken
	}
	if isDefault {
		v.Set("bawaan", "1")
	}
	p := admin.post("/studio/kanal", v)
	if p.status != http.StatusSeeOther {
		t.Fatalf("add channel %s: %d %q", name, p.status, p.text("main"))
	}
	list := admin.follow(p)
	for _, a := range queryAll(t, list.doc, "table.channels tbody td a") {
		if text(a) == name {
			return strings.TrimPrefix(attr(a, "href"), "/studio/kanal/")
		}
	}
	t.Fatalf("channel %s not listed:\n%s", name, list.text("table.channels"))
	return ""
}

// row returns the text of the first row of the table matching selector
// that mentions name.
func row(t *testing.T, p *page, selector, name string) *html.Node {
	t.Helper()
	for _, tr := range queryAll(t, p.doc, selector+" tbody tr") {
		if strings.Contains(text(tr), name) {
			return tr
		}
	}
	t.Fatalf("no row for %q in %s:\n%s", name, selector, p.text(selector))
	return nil
}

// noSecret fails the test when a page shows the channel's token.
func noSecret(t *testing.T, p *page, where string) {
	t.Helper()
	if strings.Contains(p.body, ujiToken) {
		t.Errorf("%s renders the channel's token", where)
	}
}

// waitFor polls the page at path until ok says it shows what the test waits
// for.
func waitFor(t *testing.T, c *client, path, what string, ok func(*page) bool) *page {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		p := c.get(path)
		if ok(p) {
			return p
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not after 30 s:\n%s", what, p.text("main"))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestChannelAdministration(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newDissemEnv(t, db)
		e.user("sari@kominfo.example", warta.RoleAdmin, nil)
		e.user("rina@kominfo.example", warta.RoleEditor, nil)
		e.user("andi@kpu.example", warta.RoleContributor, &e.kpu)
		admin := e.login("sari@kominfo.example")
		api, apiURL := ujiAPI(t)

		// Only admins reach the channels; contributors not the deliveries.
		editor, writer := e.login("rina@kominfo.example"), e.login("andi@kpu.example")
		for _, c := range []*client{editor, writer} {
			if p := c.get("/studio/kanal"); p.status != http.StatusForbidden {
				t.Errorf("channels page for a non-admin: %d", p.status)
			}
			if p := c.post("/studio/kanal", url.Values{"kind": {uji.Kind}, "name": {"Siluman"}}); p.status != http.StatusForbidden {
				t.Errorf("adding a channel as a non-admin: %d", p.status)
			}
		}
		if p := writer.get("/studio/diseminasi"); p.status != http.StatusForbidden {
			t.Errorf("deliveries for a contributor: %d", p.status)
		}
		if p := editor.get("/studio/diseminasi"); p.status != http.StatusOK || editor.get("/studio/").count(`nav a[href="/studio/kanal"]`) != 0 {
			t.Errorf("deliveries for an editor: %d, or the channels link shown", p.status)
		}

		// A mistake comes back beside its field, with the input kept but
		// the credential's value dropped.
		p := admin.post("/studio/kanal", url.Values{"kind": {uji.Kind}, "name": {"Uji Satu"}, "settings": {"api_base " + apiURL},
			"rahasia_nama": {"token"}, "rahasia_nilai": {ujiToken}})
		if p.status != http.StatusBadRequest || !strings.Contains(p.text("#settings-err"), "kunci=nilai") ||
			p.value("name") != "Uji Satu" || p.value("rahasia-nama-1") != "token" || p.value("rahasia-nilai-1") != "" {
			t.Errorf("bad settings: %d %q name %q", p.status, p.text("#settings-err"), p.value("name"))
		}
		noSecret(t, p, "the add form after an error")
		p = admin.post("/studio/kanal", url.Values{"kind": {uji.Kind}, "name": {"Uji Satu"}})
		if p.status != http.StatusBadRequest || !strings.Contains(p.text("#settings-err"), "api_base") {
			t.Errorf("missing required setting: %d %q", p.status, p.text(".error-summary"))
		}

		// A channel with its token sends; one without runs dry and says
		// what it lacks.
		id := addChannel(t, admin, "Uji Satu", apiURL, true, true)
		dry := addChannel(t, admin, "Uji Kering", apiURL, false, false)
		list := admin.get("/studio/kanal")
		noSecret(t, list, "the channels page")
		if got := text(row(t, list, "table.channels", "Uji Satu")); !strings.Contains(got, "mengirim") || !strings.Contains(got, "Bawaan") {
			t.Errorf("sending channel: %q", got)
		}
		if got := text(row(t, list, "table.channels", "Uji Kering")); !strings.Contains(got, "berjalan kering: lengkapi token") {
			t.Errorf("dry channel: %q", got)
		}

		// The test button answers in Indonesian.
		p = admin.post("/studio/kanal/"+id+"/uji", nil)
		if p.status != http.StatusOK || !strings.Contains(p.text("#hasil-uji"), "berhasil") {
			t.Errorf("test: %d %q", p.status, p.text("#hasil-uji"))
		}
		api.Fail(uji.Failure{Status: http.StatusUnauthorized, Body: `{"error":"The access token is invalid"}`})
		if got := admin.post("/studio/kanal/"+id+"/uji", nil).text("#hasil-uji"); !strings.Contains(got, "gagal") || !strings.Contains(got, "ditolak atau kedaluwarsa") {
			t.Errorf("test against 401: %q", got)
		}
		if got := admin.post("/studio/kanal/"+dry+"/uji", nil).text("#hasil-uji"); !strings.Contains(got, "berjalan kering") {
			t.Errorf("test of a dry channel: %q", got)
		}

		// Editing shows every credential as an empty password field; left
		// blank, the stored one is kept.
		edit := admin.get("/studio/kanal/" + id)
		noSecret(t, edit, "the edit form")
		if in := query(t, edit.doc, "#rahasia-token"); attr(in, "type") != "password" || attr(in, "value") != "" {
			t.Errorf("token field: type %q value %q", attr(in, "type"), attr(in, "value"))
		}
		v := url.Values{"name": {"Uji Utama"}, "settings": {edit.value("settings")}, "aktif": {"1"}, "bawaan": {"1"}, "rahasia.token": {""}}
		if p := admin.post("/studio/kanal/"+id, v); p.status != http.StatusSeeOther {
			t.Fatalf("save channel: %d %q", p.status, p.text("main"))
		}
		if got := admin.post("/studio/kanal/"+id+"/uji", nil).text("#hasil-uji"); !strings.Contains(got, "Uji Utama") || !strings.Contains(got, "berhasil") {
			t.Errorf("the token was not kept: %q", got)
		}
		if n := len(api.Requests()); n != 3 {
			t.Errorf("%d requests to the channel API, want 3 tests", n)
		}

		// Switching off and on, making it no default.
		if p := admin.post("/studio/kanal/"+dry+"/status", url.Values{"aktif": {"0"}}); p.status != http.StatusSeeOther {
			t.Fatalf("disable: %d %q", p.status, p.text("main"))
		}
		admin.post("/studio/kanal/"+id+"/status", url.Values{"bawaan": {"0"}})
		list = admin.get("/studio/kanal")
		if tr := row(t, list, "table.channels", "Uji Kering"); !hasClass(tr, "off") || !strings.Contains(text(tr), "Nonaktif") {
			t.Errorf("disabled channel: %q", text(tr))
		}
		if got := text(row(t, list, "table.channels", "Uji Utama")); strings.Contains(got, "Bukan bawaan") {
			t.Errorf("still a default: %q", got)
		}

		// An agency's defaults.
		if list.count(`#ag-kanal-`+id+`[checked]`) != 0 {
			t.Error("KPU's defaults tick a channel that is no default")
		}
		p = admin.post("/studio/instansi/"+e.kpu.ID+"/kanal", url.Values{"pilih": {"1"}, "kanal": {id}})
		if p.status != http.StatusSeeOther {
			t.Fatalf("agency defaults: %d %q", p.status, p.text("main"))
		}
		if admin.follow(p).count(`#ag-kanal-`+id+`[checked]`) != 1 {
			t.Error("KPU's default channel not ticked")
		}
		if admin.get("/studio/kanal?instansi="+e.bws.ID).count(`#ag-kanal-`+id+`[checked]`) != 0 {
			t.Error("Bawaslu got KPU's defaults")
		}

		// Removing needs a tick.
		if p := admin.post("/studio/kanal/"+dry+"/hapus", nil); p.status != http.StatusBadRequest || p.text("#hapus-yakin-err") == "" {
			t.Errorf("remove without confirming: %d", p.status)
		}
		if p := admin.post("/studio/kanal/"+dry+"/hapus", url.Values{"yakin": {"1"}}); p.status != http.StatusSeeOther {
			t.Fatalf("remove: %d %q", p.status, p.text("main"))
		}
		if strings.Contains(admin.get("/studio/kanal").text("table.channels"), "Uji Kering") {
			t.Error("removed channel still listed")
		}

		// Every change is in the audit log, without the token.
		audit := admin.get("/studio/audit?objek=channel")
		noSecret(t, audit, "the audit log")
		for _, a := range []string{"channel.create", "channel.update", "channel.disable", "channel.default_off", "channel.remove"} {
			if !strings.Contains(audit.text("table.audit"), a) {
				t.Errorf("audit log lacks %s", a)
			}
		}
		if !strings.Contains(admin.get("/studio/audit?aksi=agency.channels").text("table.audit"), "Uji Utama") {
			t.Error("audit log lacks the agency's defaults")
		}
	})
}

func TestArticleDissemination(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newDissemEnv(t, db)
		e.user("sari@kominfo.example", warta.RoleAdmin, nil)
		e.user("rina@kominfo.example", warta.RoleEditor, nil)
		e.user("andi@kpu.example", warta.RoleContributor, &e.kpu)
		admin, editor, writer := e.login("sari@kominfo.example"), e.login("rina@kominfo.example"), e.login("andi@kpu.example")
		primary, mainURL := ujiAPI(t)
		backup, backupURL := ujiAPI(t)
		mainID := addChannel(t, admin, "Uji Utama", mainURL, true, true)
		backupID := addChannel(t, admin, "Uji Cadangan", backupURL, true, true)

		// A draft shows what each channel would post, both ticked by
		// default.
		v := draft("KPU Jatim tetapkan rekapitulasi provinsi")
		v.Set("agency", e.kpu.ID)
		id := articleID(t, editor.post("/studio/artikel", v))
		path := "/studio/artikel/" + id + "/diseminasi"
		p := editor.get(path)
		if p.status != http.StatusOK {
			t.Fatalf("dissemination page: %d %q", p.status, p.text("main"))
		}
		noSecret(t, p, "the article's dissemination page")
		for _, ch := range []string{mainID, backupID} {
			pv := query(t, p.doc, "#pratinjau-"+ch)
			if got := text(query(t, pv, ".post-text")); !strings.Contains(got, "KPU Jatim tetapkan rekapitulasi provinsi") ||
				!strings.Contains(got, "http://warta.test/berita/") {
				t.Errorf("preview text: %q", got)
			}
			if got := text(query(t, pv, ".post-length")); !strings.Contains(got, "dari batas 500") {
				t.Errorf("preview length: %q", got)
			}
			if _, ok := attrOK(query(t, pv, "#kanal-"+ch), "checked"); !ok {
				t.Errorf("channel %s not ticked by default", ch)
			}
		}

		// The editor takes the main channel off, then puts it back.
		if p := editor.post(path, url.Values{"pilih": {"1"}, "kanal": {backupID}}); p.status != http.StatusSeeOther {
			t.Fatalf("choose: %d %q", p.status, p.text("main"))
		}
		p = editor.get(path)
		if _, ok := attrOK(query(t, p.doc, "#kanal-"+mainID), "checked"); ok {
			t.Error("deselected channel still ticked")
		}
		editor.post(path, url.Values{"pilih": {"1"}, "kanal": {backupID, mainID}})

		// The contributor sees the previews but cannot choose.
		wp := writer.get(path)
		if wp.status != http.StatusOK || wp.count(`input[name="kanal"]`) != 0 || wp.count(".post-text") != 2 ||
			!strings.Contains(wp.text("#pratinjau-"+mainID), "Dikirim ke kanal ini") {
			t.Errorf("contributor's view: %d, %d checkboxes", wp.status, wp.count(`input[name="kanal"]`))
		}
		if p := writer.post(path, url.Values{"pilih": {"1"}}); p.status != http.StatusForbidden {
			t.Errorf("contributor chooses channels: %d", p.status)
		}

		// Publishing: the main channel has it; the backup's API refuses
		// the token, and the editor reads why.
		backup.Fail(uji.Failure{Status: http.StatusUnauthorized, Body: `{"error":"The access token is invalid"}`})
		if p := editor.post("/studio/artikel/"+id+"/terbitkan", nil); p.status != http.StatusSeeOther {
			t.Fatalf("publish: %d %q", p.status, p.text("main"))
		}
		settled := func(want string) func(*page) bool {
			return func(p *page) bool {
				var got []string
				for _, tr := range queryAll(t, p.doc, "table.deliveries tbody tr") {
					if st := queryAll(t, tr, ".delivery-status"); len(st) == 1 {
						got = append(got, text(query(t, tr, "td"))+"="+text(st[0])+";")
					}
				}
				slices.Sort(got)
				return strings.Join(got, "") == want
			}
		}
		p = waitFor(t, editor, path, "deliveries settled", settled("Uji Cadangan (uji)=gagal;Uji Utama (uji)=terkirim;"))
		noSecret(t, p, "the deliveries")
		ok := row(t, p, "table.deliveries", "Uji Utama")
		posts := primary.Posts()
		if len(posts) != 1 || len(queryAll(t, ok, `a.remote-url[href="https://uji.example/@warta/`+posts[0].ID+`"]`)) != 1 {
			t.Errorf("delivered row lacks the post's link: %q (%d posts)", text(ok), len(posts))
		}
		failed := row(t, p, "table.deliveries", "Uji Cadangan")
		if got := text(query(t, failed, ".delivery-error")); !strings.Contains(got, "Token Kanal uji ditolak atau kedaluwarsa") {
			t.Errorf("failed delivery's error: %q", got)
		}
		if p.count("form.retry") != 1 || len(queryAll(t, failed, "form.retry")) != 1 {
			t.Errorf("%d retry buttons, want one on the failed row", p.count("form.retry"))
		}
		retry := attr(query(t, failed, "form.retry"), "action")

		// The deliveries view filters by status and channel.
		dl := editor.get("/studio/diseminasi?status=failed")
		if dl.count("table.deliveries tbody tr") != 1 || !strings.Contains(dl.text("table.deliveries tbody"), "Uji Cadangan") ||
			!strings.Contains(dl.text("table.deliveries tbody"), "KPU Jatim tetapkan rekapitulasi provinsi") || dl.count("form.retry") != 1 {
			t.Errorf("failed deliveries:\n%s", dl.text("table.deliveries"))
		}
		dl = editor.get("/studio/diseminasi?kanal=" + mainID)
		if dl.count("table.deliveries tbody tr") != 1 || !strings.Contains(dl.text("table.deliveries tbody"), "terkirim") || dl.count("form.retry") != 0 {
			t.Errorf("main channel's deliveries:\n%s", dl.text("table.deliveries"))
		}

		// Contributors see no retry button, and cannot press one.
		if wp := writer.get(path); wp.count("form.retry") != 0 || !strings.Contains(wp.text("table.deliveries"), "gagal") {
			t.Errorf("contributor's deliveries: %d retry buttons", wp.count("form.retry"))
		}
		if p := writer.post(retry, url.Values{"kembali": {path}}); p.status != http.StatusForbidden {
			t.Errorf("contributor retries: %d", p.status)
		}

		// Once the API takes the token again, the retry delivers.
		p = editor.post(retry, url.Values{"kembali": {path}})
		if p.status != http.StatusSeeOther || !strings.HasPrefix(p.location(), path+"?") {
			t.Fatalf("retry: %d %q", p.status, p.location())
		}
		p = waitFor(t, editor, path, "retried delivery", settled("Uji Cadangan (uji)=terkirim;Uji Utama (uji)=terkirim;"))
		if len(backup.Posts()) != 1 || len(primary.Posts()) != 1 || p.count("form.retry") != 0 {
			t.Errorf("posts: main %d, backup %d; retry buttons %d", len(primary.Posts()), len(backup.Posts()), p.count("form.retry"))
		}
		// A second press changes nothing and says so.
		if p := editor.post(retry, url.Values{"kembali": {"https://jahat.example/"}}); p.status != http.StatusSeeOther ||
			!strings.HasPrefix(p.location(), "/studio/diseminasi?pesan=ulang-batal") {
			t.Errorf("retry of a delivered one: %d %q", p.status, p.location())
		}
		if !strings.Contains(admin.get("/studio/audit?aksi=delivery.retry").text("table.audit"), "Uji Cadangan") ||
			!strings.Contains(admin.get("/studio/audit?aksi=article.channels").text("table.audit"), "Uji Utama") {
			t.Error("audit log lacks the retry or the choice of channels")
		}
	})
}
