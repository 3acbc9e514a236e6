package clinicchat

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"golang.org/x/net/html"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/clinicweb"
	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/htmltest"
	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/newsroom"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

const (
	linkKey = "kunci-rahasia-uji-tautan-telegram-yang-cukup-panjang"
	botName = "KlinikHoaksJatimBot"
)

// linkClock is the site's settable clock.
type linkClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *linkClock) now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *linkClock) advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// linkSite is the clinic's web pages and Telegram webhook over one
// database with the real clinic service, a newsroom whose River client
// works the clinic's reply jobs, and a stand-in Bot API.
type linkSite struct {
	t       *testing.T
	ctx     context.Context
	db      *store.DB
	svc     *clinic.Service
	nr      *newsroom.Service
	api     *fakeAPI
	ch      *dissemination.Channel
	clock   *linkClock
	url     string
	browser *http.Client // the reporter's browser, with its cookies
	checker *warta.User
}

func newLinkSite(t *testing.T, db *store.DB, settings map[string]string) *linkSite {
	t.Helper()
	s := &linkSite{t: t, ctx: context.Background(), db: db, clock: &linkClock{t: testNow}}
	s.api = newFakeAPI(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		if r.Method != http.MethodPost || r.URL.Path != "/bot"+tgToken+"/sendMessage" {
			t.Errorf("unexpected Bot API request %s %s", r.Method, r.URL.Path)
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"ok":false,"error_code":404,"description":"Not Found"}`)
			return
		}
		fmt.Fprintf(w, `{"ok":true,"result":{"message_id":%d,"chat":{"id":%v,"type":"private"},"date":%d,"text":"ok"}}`,
			900+s.api.count(), body["chat_id"], testNow.Unix())
	})
	s.ch = &dissemination.Channel{ID: "TG1", Kind: "telegram", Enabled: true,
		Settings: map[string]string{"chat_id": "@wartajatim", "api_base": s.api.srv.URL},
		Secrets:  map[string]string{"bot_token": tgToken, "webhook_secret": tgSecret}}
	for k, v := range settings {
		s.ch.Settings[k] = v
	}
	channel := staticChannel(s.ch)
	quiet := slog.New(slog.DiscardHandler)
	s.checker = &warta.User{Email: "pemeriksa@warta.example", Name: "Uji Pemeriksa", Role: warta.RoleFactChecker}
	agency := warta.Agency{Slug: "diskominfo-jatim", Name: "Dinas Komunikasi dan Informatika Provinsi Jawa Timur", ShortName: "Diskominfo Jatim"}
	if err := db.CreateAgency(s.ctx, &agency); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateUser(s.ctx, s.checker, "kata-sandi-staf-uji"); err != nil {
		t.Fatal(err)
	}
	var err error
	s.nr, err = newsroom.New(newsroom.Config{DB: db, Logger: quiet, Now: s.clock.now, Jobs: []newsroom.Jobs{{
		Queues: (*clinic.Service)(nil).Queues(),
		Add:    func(w *river.Workers) { s.svc.AddWorkers(w) },
	}}})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	s.url = srv.URL
	s.svc, err = clinic.New(clinic.Config{DB: db, Media: media.New(t.TempDir()), Newsroom: s.nr, SecretKey: linkKey,
		Repliers: Repliers(staticChannel(nil), channel, s.api.srv.Client()),
		BaseURL:  srv.URL, SiteName: "Warta Jatim", Retention: 30 * 24 * time.Hour, Now: s.clock.now, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	web, err := clinicweb.New(clinicweb.Config{Clinic: s.svc, Site: clinic.Site{Name: "Warta Jatim", BaseURL: srv.URL},
		TelegramBot: BotUsername(channel), SecretKey: linkKey, Retention: 30 * 24 * time.Hour, Now: s.clock.now, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	web.ReportRoutes(mux)
	chat := New(Config{Clinic: s.svc, Telegram: channel, HTTP: s.api.srv.Client(), SiteName: "Warta Jatim",
		PrivacyURL: srv.URL + "/klinik", Retention: 30 * 24 * time.Hour, Now: s.clock.now, Logger: quiet})
	mux.HandleFunc("POST /webhooks/telegram", chat.ServeTelegram)
	jar, _ := cookiejar.New(nil)
	s.browser = &http.Client{Jar: jar}
	return s
}

// linkPage is a page as a browser got it.
type linkPage struct {
	t    *testing.T
	body string
	doc  *html.Node
}

func (s *linkSite) get(c *http.Client, path string) *linkPage {
	s.t.Helper()
	resp, err := c.Get(s.url + path)
	if err != nil {
		s.t.Fatal(err)
	}
	return s.page(resp)
}

func (s *linkSite) page(resp *http.Response) *linkPage {
	s.t.Helper()
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		s.t.Fatalf("%s: HTTP %d: %s", resp.Request.URL.Path, resp.StatusCode, body)
	}
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		s.t.Fatal(err)
	}
	return &linkPage{t: s.t, body: string(body), doc: doc}
}

func (p *linkPage) text(selector string) string {
	if n := htmltest.QueryAll(p.t, p.doc, selector); len(n) > 0 {
		return strings.Join(strings.Fields(htmltest.Text(n[0])), " ")
	}
	return ""
}

func (p *linkPage) attr(selector, name string) string {
	if n := htmltest.QueryAll(p.t, p.doc, selector); len(n) > 0 {
		return htmltest.Attr(n[0], name)
	}
	return ""
}

// report sends the report form from the reporter's browser as a person
// does: opens it, takes a while, sends it.
func (s *linkSite) report(fields url.Values) *linkPage {
	s.t.Helper()
	form := s.get(s.browser, "/klinik")
	fields.Set("token", form.attr(`input[name="token"]`, "value"))
	s.clock.advance(20 * time.Second)
	resp, err := s.browser.PostForm(s.url+"/klinik", fields)
	if err != nil {
		s.t.Fatal(err)
	}
	return s.page(resp)
}

// start sends the webhook the update Telegram sends when the person
// presses Start on a deep link: "/start <payload>" with its bot_command
// entity.
func (s *linkSite) start(updateID, messageID int, payload string) {
	s.t.Helper()
	body := tgUpdateJSON(updateID, messageID, fmt.Sprintf(`"text":"/start %s","entities":[{"offset":0,"length":6,"type":"bot_command"}]`, payload))
	req, _ := http.NewRequest(http.MethodPost, s.url+"/webhooks/telegram", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", tgSecret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		s.t.Fatalf("webhook: HTTP %d", resp.StatusCode)
	}
}

func (s *linkSite) count(q string, args ...any) int {
	s.t.Helper()
	var n int
	if err := s.db.SQL().QueryRowContext(s.ctx, s.db.Rebind(q), args...).Scan(&n); err != nil {
		s.t.Fatal(err)
	}
	return n
}

// sent returns the sendMessage requests.
func (s *linkSite) sent() []request { return s.api.requests("/sendMessage") }

var deepLink = regexp.MustCompile(`^https://t\.me/` + botName + `\?start=([A-Za-z0-9_-]{1,64})$`)

const linkHoax = "Pesan berantai: warga yang belum menerima undangan C6 dicoret dari DPT dan tidak bisa mencoblos di TPS mana pun"

// The journey: a web reporter chooses Telegram, presses the receipt's
// link, Telegram sends "/start <payload>", the chat is linked, and the
// verdict published later reaches that chat through the reply job.
func TestWebReporterGetsTheVerdictOnTelegram(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		s := newLinkSite(t, db, map[string]string{"bot_username": "@" + botName})
		form := s.get(s.browser, "/klinik")
		if form.attr(`input[name="contact_kind"][value="telegram"]`, "type") != "radio" {
			t.Fatal("the form offers no Telegram choice")
		}
		if strings.Contains(form.body, "ID chat") || strings.Contains(form.body, "ID Telegram") {
			t.Error("the form still asks for a Telegram chat id")
		}

		rc := s.report(url.Values{"text": {linkHoax}, "contact_kind": {"telegram"}})
		ticket := rc.text(".tiket-kode")
		link := rc.attr(".telegram a", "href")
		m := deepLink.FindStringSubmatch(link)
		if m == nil {
			t.Fatalf("receipt link %q; receipt: %s", link, rc.text("main"))
		}
		payload := m[1]
		if digits := strings.ReplaceAll(strings.TrimPrefix(ticket, "KH-"), "-", ""); strings.Contains(payload, digits) {
			t.Errorf("payload %q carries the ticket number", payload)
		}
		if !strings.Contains(rc.text(".telegram"), "Satu langkah lagi") {
			t.Errorf("receipt does not tell the last step: %q", rc.text(".telegram"))
		}

		// The ticket page offers the link to the reporter's browser only.
		if got := s.get(s.browser, "/klinik/tiket/"+ticket).attr(".telegram a", "href"); !deepLink.MatchString(got) {
			t.Errorf("reporter's ticket page link %q", got)
		}
		if stranger := s.get(http.DefaultClient, "/klinik/tiket/"+ticket); strings.Contains(stranger.body, "t.me/") {
			t.Error("a stranger's ticket page shows the deep link")
		}

		s.start(715263400, 41, payload)
		sent := s.sent()
		if len(sent) != 1 {
			t.Fatalf("%d messages after /start", len(sent))
		}
		want := "Laporan " + ticket + " terhubung. Jawaban akan dikirim ke sini."
		reply, _ := sent[0].Body["text"].(string)
		rp, _ := sent[0].Body["reply_parameters"].(map[string]any)
		if sent[0].Body["chat_id"] != fmt.Sprint(tgChat) || !strings.HasPrefix(reply, want) || rp["message_id"] != float64(41) {
			t.Fatalf("confirmation %+v", sent[0].Body)
		}
		consent := strings.TrimSpace(strings.TrimPrefix(reply, want))
		if !strings.Contains(consent, "ID obrolan Telegram") || !strings.Contains(consent, "30 hari") {
			t.Errorf("no consent in the confirmation: %q", reply)
		}
		if n := s.count("SELECT COUNT(*) FROM clinic_contacts WHERE kind = 'telegram' AND consent_text = ?", consent); n != 1 {
			t.Errorf("%d contacts keep the consent shown in the reply", n)
		}

		// Telegram delivers the same update again: nothing new is stored.
		s.start(715263400, 41, payload)
		if sent = s.sent(); len(sent) != 2 || !strings.Contains(sent[1].Body["text"].(string), "sudah terhubung") {
			t.Fatalf("replay answered %+v", sent[len(sent)-1].Body)
		}
		if n := s.count("SELECT COUNT(*) FROM clinic_contacts"); n != 1 {
			t.Errorf("%d contacts after a replay", n)
		}

		// The reporter sees the link made; no page shows the chat id.
		tk := s.get(s.browser, "/klinik/tiket/"+ticket)
		if !strings.Contains(tk.text(".telegram"), "sudah terhubung dengan Telegram") || strings.Contains(tk.body, "t.me/") {
			t.Errorf("linked ticket page: %q", tk.text(".telegram"))
		}
		for _, p := range []*linkPage{tk, s.get(http.DefaultClient, "/klinik/tiket/"+ticket)} {
			if strings.Contains(p.body, fmt.Sprint(tgChat)) {
				t.Error("the ticket page shows the chat id")
			}
		}

		// A verdict published later reaches the chat through River.
		var claimID string
		if err := db.SQL().QueryRowContext(s.ctx, db.Rebind("SELECT claim_id FROM clinic_reports WHERE ticket = ?"), ticket).Scan(&claimID); err != nil {
			t.Fatal(err)
		}
		v, err := s.svc.PublishVerdict(s.ctx, s.checker, claimID, clinic.VerdictInput{
			Title:         "Warga Tanpa Undangan C6 Dicoret dari DPT dan Tidak Bisa Mencoblos",
			ClaimReviewed: "Warga yang belum menerima undangan C6 dicoret dari DPT.", Label: "hoaks", Type: "fabricated",
			Explanation: "KPU Jawa Timur menegaskan pemilih yang terdaftar di DPT tetap dapat mencoblos dengan KTP-el meskipun tidak menerima undangan C6.",
			References:  []string{"https://kpu.example/siaran-pers/c6"}})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.nr.Start(s.ctx); err != nil {
			t.Fatal(err)
		}
		defer func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			s.nr.Stop(ctx)
		}()
		for deadline := time.Now().Add(30 * time.Second); len(s.sent()) < 3; time.Sleep(50 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("the verdict did not reach the Telegram chat within 30 s")
			}
		}
		got := s.sent()[2]
		keys := make([]string, 0, len(got.Body))
		for k := range got.Body {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		text, _ := got.Body["text"].(string)
		if got.Method != http.MethodPost || got.Path != "/bot"+tgToken+"/sendMessage" || strings.Join(keys, ",") != "chat_id,text" ||
			got.Body["chat_id"] != fmt.Sprint(tgChat) {
			t.Fatalf("verdict request %s %s %+v", got.Method, got.Path, got.Body)
		}
		for _, want := range []string{ticket, v.Heading(), v.URL} {
			if !strings.Contains(text, want) {
				t.Errorf("verdict message %q lacks %q", text, want)
			}
		}
	})
}

// A payload that is not ours, or expired, gets a polite answer and stores
// nothing; a bare /start still gets the welcome.
func TestTelegramStartWithBadPayload(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		s := newLinkSite(t, db, map[string]string{"bot_username": botName})
		payload := deepLink.FindStringSubmatch(s.report(url.Values{"text": {linkHoax}, "contact_kind": {"telegram"}}).attr(".telegram a", "href"))[1]
		forged := []byte(payload)
		if forged[5] = 'A'; payload[5] == 'A' {
			forged[5] = 'B'
		}
		s.start(1, 51, string(forged))
		s.start(2, 52, "abc")
		s.clock.advance(clinic.TelegramLinkTTL + time.Hour)
		s.start(3, 53, payload)
		body := tgUpdateJSON(4, 54, `"text":"/start","entities":[{"offset":0,"length":6,"type":"bot_command"}]`)
		req, _ := http.NewRequest(http.MethodPost, s.url+"/webhooks/telegram", bytes.NewReader(body))
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", tgSecret)
		if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("bare /start: %v", err)
		}
		sent := s.sent()
		if len(sent) != 4 {
			t.Fatalf("%d answers, want 4", len(sent))
		}
		for i, want := range []string{"tidak kami kenali", "tidak kami kenali", "kedaluwarsa", "Selamat datang di Klinik Hoaks"} {
			if text := sent[i].Body["text"].(string); !strings.Contains(text, want) || (i < 3 && !strings.HasPrefix(text, "Maaf")) {
				t.Errorf("answer %d %q, want it to contain %q", i, text, want)
			}
		}
		if n := s.count("SELECT COUNT(*) FROM clinic_contacts"); n != 0 {
			t.Errorf("%d contacts stored by refused links", n)
		}
		if n := s.count("SELECT COUNT(*) FROM clinic_reports WHERE contact_id IS NOT NULL"); n != 0 {
			t.Errorf("%d reports linked", n)
		}
	})
}

// Without a valid bot username, or without the webhook secret the bot
// needs to hear /start, neither the form, the receipt nor the ticket page
// offers Telegram; once the channel has them, the next page does.
func TestTelegramOfferedOnlyWhenConfigured(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		s := newLinkSite(t, db, nil)
		for i, change := range []func(){
			func() {},
			func() { s.ch.Settings["bot_username"] = "klinik hoaks" },
			func() { s.ch.Settings["bot_username"] = botName; delete(s.ch.Secrets, "webhook_secret") },
		} {
			change()
			if form := s.get(s.browser, "/klinik"); strings.Contains(form.body, `value="telegram"`) {
				t.Errorf("setup %d: the form offers Telegram", i)
			}
			rc := s.report(url.Values{"text": {fmt.Sprintf("%s (%d)", linkHoax, i)}, "contact_kind": {"telegram"}})
			if strings.Contains(rc.body, "t.me/") || rc.text(".telegram") != "" {
				t.Errorf("setup %d: the receipt offers Telegram", i)
			}
			if !strings.Contains(rc.text(".jawaban"), "Jawabannya tampil di halaman tiket") {
				t.Errorf("setup %d: receipt promises a contact: %q", i, rc.text(".jawaban"))
			}
			if strings.Contains(s.get(s.browser, "/klinik/tiket/"+rc.text(".tiket-kode")).body, "t.me/") {
				t.Errorf("setup %d: the ticket page offers Telegram", i)
			}
		}
		s.ch.Secrets["webhook_secret"] = tgSecret
		rc := s.report(url.Values{"text": {linkHoax}})
		if !deepLink.MatchString(rc.attr(".telegram a", "href")) || strings.Contains(rc.text(".telegram"), "Satu langkah lagi") {
			t.Errorf("configured, no contact chosen: %q", rc.text(".telegram"))
		}
	})
}

// Choosing Telegram takes no address: a chat id typed into an old form is
// not stored (it could be anyone's), and Bawaslu referrals need a contact
// officers can reach.
func TestTelegramChoiceTakesNoAddress(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		s := newLinkSite(t, db, map[string]string{"bot_username": botName})
		form := s.get(s.browser, "/klinik")
		fields := url.Values{"token": {form.attr(`input[name="token"]`, "value")}, "text": {linkHoax},
			"contact_kind": {"telegram"}, "contact_address": {"123456789"}, "consent": {"setuju"},
			"referral_consent": {"setuju"}, "contact_name": {"Budi Santoso"}, "home_address": {"Jl. Darmo 1, Surabaya"}}
		s.clock.advance(20 * time.Second)
		resp, err := s.browser.PostForm(s.url+"/klinik", fields)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "pilih WhatsApp atau email") {
			t.Fatalf("referral by Telegram: HTTP %d", resp.StatusCode)
		}
		rc := s.report(url.Values{"text": {linkHoax}, "contact_kind": {"telegram"}, "contact_address": {"123456789"}, "consent": {"setuju"}})
		if !deepLink.MatchString(rc.attr(".telegram a", "href")) {
			t.Errorf("no deep link on the receipt: %s", rc.text("main"))
		}
		if n := s.count("SELECT COUNT(*) FROM clinic_contacts"); n != 0 {
			t.Errorf("%d contacts stored from a typed chat id", n)
		}
	})
}

// linkingClinic is a fake clinic that also links chats.
type linkingClinic struct {
	*fakeClinic
	fail    error
	reqs    []clinic.TelegramLinkRequest
	answers []string
}

func (l *linkingClinic) LinkTelegram(_ context.Context, req clinic.TelegramLinkRequest) (*clinic.TelegramLinked, error) {
	l.reqs = append(l.reqs, req)
	if err := l.fail; err != nil {
		l.fail = nil
		return nil, err
	}
	return &clinic.TelegramLinked{ReportID: "01JDEMO", Ticket: "KH-2026-000007", Answer: true}, nil
}

func (l *linkingClinic) SendAnswer(_ context.Context, reportID string) error {
	l.answers = append(l.answers, reportID)
	return nil
}

// A failure to store answers 503, so that Telegram delivers the /start
// again; the retry links, confirms, and then sends the verdict due.
func TestTelegramStartRetriedAfterStorageFailure(t *testing.T) {
	e := newTGEnv(t)
	l := &linkingClinic{fakeClinic: e.clinic, fail: fmt.Errorf("clinic: link: %w", context.DeadlineExceeded)}
	e.chat.cfg.Clinic = l
	body := tgUpdateJSON(9, 61, `"text":"/start QWxhZGRpbjpvcGVuIHNlc2FtZQ","entities":[{"offset":0,"length":6,"type":"bot_command"}]`)
	if w := e.post(body, tgSecret); w.Code != http.StatusServiceUnavailable || len(e.sent()) != 0 || len(l.answers) != 0 {
		t.Fatalf("failed link: HTTP %d, %d messages", w.Code, len(e.sent()))
	}
	if w := e.post(body, tgSecret); w.Code != http.StatusOK {
		t.Fatalf("retry: HTTP %d", w.Code)
	}
	if len(l.reqs) != 2 || l.reqs[1].Payload != "QWxhZGRpbjpvcGVuIHNlc2FtZQ" || l.reqs[1].ChatID != fmt.Sprint(tgChat) ||
		!strings.Contains(l.reqs[1].ConsentText, "ID obrolan Telegram") {
		t.Fatalf("link requests %+v", l.reqs)
	}
	if s := e.sent(); len(s) != 1 || !strings.HasPrefix(s[0].Body["text"].(string), "Laporan KH-2026-000007 terhubung.") ||
		!strings.Contains(s[0].Body["text"].(string), l.reqs[1].ConsentText) {
		t.Errorf("confirmation %+v", s)
	}
	if len(l.answers) != 1 || l.answers[0] != "01JDEMO" {
		t.Errorf("verdict sends %v", l.answers)
	}
	if e.clinic.callCount() != 0 {
		t.Errorf("/start with a payload became a report")
	}
}
