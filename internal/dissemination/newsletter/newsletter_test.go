package newsletter

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	wmail "github.com/kominfo-jatim/warta/internal/mail"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// site serves the newsletter on a real port, behind the same cross-origin
// protection as the server with the bypass the package asks for.
func site(t *testing.T, db *store.DB, m wmail.Sender) (*Service, *httptest.Server) {
	mux := http.NewServeMux()
	cop := http.NewCrossOriginProtection()
	cop.AddInsecureBypassPattern(UnsubscribePattern)
	srv := httptest.NewServer(cop.Handler(mux))
	t.Cleanup(srv.Close)
	svc := newService(t, db, m, srv.URL)
	svc.Routes(mux)
	return svc, srv
}

func (s *Service) routes() *http.ServeMux {
	mux := http.NewServeMux()
	s.Routes(mux)
	return mux
}

func item(a *warta.Article) *dissemination.Item {
	return &dissemination.Item{Op: dissemination.OpCreate, Version: "1", Article: a, URL: "https://warta.example.id" + a.Path()}
}

func surabayaArticle() *warta.Article {
	return &warta.Article{ID: "01HPSBY", Slug: "tps-surabaya", Title: "8.167 TPS siap di Surabaya", Dek: "Logistik tiba H-3 & aman.",
		PublishedAt: testNow, Agency: warta.Agency{Name: "KPU Kota Surabaya"}, Regions: []warta.Region{surabaya}, Stages: []warta.Stage{kampanye}}
}

var linkRE = regexp.MustCompile(`https?://\S+`)

// The whole journey through the doors a reader and a mail provider use:
// the form, the confirmation email over SMTP, the link, an article email
// over SMTP, and the RFC 8058 one-click POST.
func TestJourneyThroughSMTP(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		smtpd := startSMTP(t)
		sender, err := wmail.NewSMTP(wmail.Config{Host: smtpd.Addr(), From: "Warta Jatim <warta@example.id>"})
		if err != nil {
			t.Fatal(err)
		}
		svc, srv := site(t, db, sender)

		// The form offers every region and the stages grouped by election.
		res, err := http.Get(srv.URL + "/langganan")
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(res.Body)
		res.Body.Close()
		html := string(page)
		if res.StatusCode != 200 || strings.Count(html, `name="wilayah"`) != 39 || !strings.Contains(html, "<legend>Pemilu 2024</legend>") ||
			!strings.Contains(html, "<legend>Pilkada Serentak 2024</legend>") || !strings.Contains(html, `name="persetujuan" value="ya"`) ||
			!strings.Contains(html, "dihapus dalam 30 hari") || !strings.Contains(html, `<html lang="id">`) {
			t.Fatalf("form: HTTP %d\n%s", res.StatusCode, html)
		}

		form := url.Values{"email": {"Warga@Contoh.id"}, "wilayah": {"kota-surabaya"}, "tahapan": {"pemilu-2024-kampanye"},
			"kiriman": {"instant"}, "persetujuan": {"ya"}}
		res, err = http.PostForm(srv.URL+"/langganan", form)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(body), "Periksa email Anda") {
			t.Fatalf("sign up: HTTP %d\n%s", res.StatusCode, body)
		}
		if st, _ := status(t, db, "warga@contoh.id"); st != statusPending {
			t.Fatalf("before confirming: %q", st)
		}
		confirmation := smtpd.to(t, "warga@contoh.id")
		if len(confirmation) != 1 || !strings.Contains(confirmation[0].Subject, "Konfirmasi") {
			t.Fatalf("confirmation mails: %d", len(confirmation))
		}
		link := linkRE.FindString(confirmation[0].Text)
		if !strings.HasPrefix(link, srv.URL+"/langganan/konfirmasi?token=") {
			t.Fatalf("confirmation link %q in\n%s", link, confirmation[0].Text)
		}
		res, err = http.Get(link)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if st, n := status(t, db, "warga@contoh.id"); res.StatusCode != 200 || st != statusActive || n != 2 {
			t.Fatalf("after the link: HTTP %d, %q with %d interests", res.StatusCode, st, n)
		}

		// Publishing a Surabaya article mails it with the unsubscribe headers.
		conn := svc.Connector()
		a := surabayaArticle()
		if _, err := conn.Deliver(context.Background(), &dissemination.Channel{Kind: "email"}, item(a), nil, progress{}); err != nil {
			t.Fatal(err)
		}
		got := smtpd.to(t, "warga@contoh.id")
		if len(got) != 2 {
			t.Fatalf("%d messages, want the article after the confirmation", len(got))
		}
		m := got[1]
		unsub := m.Header.Get("List-Unsubscribe")
		if !strings.HasPrefix(unsub, "<"+srv.URL+"/langganan/berhenti?token=") || !strings.HasSuffix(unsub, ">") {
			t.Errorf("List-Unsubscribe: %q", unsub)
		}
		if got := m.Header.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
			t.Errorf("List-Unsubscribe-Post: %q", got)
		}
		if m.Header.Get("List-Id") != "Warta Jatim <berita.127.0.0.1>" {
			t.Errorf("List-Id: %q", m.Header.Get("List-Id"))
		}
		if m.Subject != a.Title || m.ContentType != "multipart/alternative" {
			t.Errorf("subject %q, type %s", m.Subject, m.ContentType)
		}
		if !strings.Contains(m.Text, "Logistik tiba H-3 & aman.") || !strings.Contains(m.Text, "https://warta.example.id/berita/2024/02/14/tps-surabaya") ||
			!strings.Contains(m.Text, strings.Trim(unsub, "<>")) {
			t.Errorf("text part:\n%s", m.Text)
		}
		if !strings.Contains(m.HTML, "Logistik tiba H-3 &amp; aman.") || !strings.Contains(m.HTML, `href="https://warta.example.id/berita/2024/02/14/tps-surabaya"`) {
			t.Errorf("html part:\n%s", m.HTML)
		}

		// The mail provider's one-click POST: no cookie, no CSRF token, and
		// here even marked cross-site, which the bypass lets through.
		req, _ := http.NewRequest(http.MethodPost, strings.Trim(unsub, "<>"), strings.NewReader("List-Unsubscribe=One-Click"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.Header.Set("Origin", "https://mail.example.com")
		res, err = http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if st, n := status(t, db, "warga@contoh.id"); res.StatusCode != 200 || st != statusUnsubscribed || n != 0 {
			t.Fatalf("one-click: HTTP %d, %q with %d interests", res.StatusCode, st, n)
		}
		// …and the next article no longer goes to this address.
		b := surabayaArticle()
		b.ID = "01HPSBY2"
		if _, err := conn.Deliver(context.Background(), &dissemination.Channel{Kind: "email"}, item(b), nil, progress{}); err != nil {
			t.Fatal(err)
		}
		if n := len(smtpd.to(t, "warga@contoh.id")); n != 2 {
			t.Errorf("%d messages after unsubscribing, want 2", n)
		}
	})
}

// Without the bypass, the server's cross-origin protection would refuse
// a browser-marked one-click POST: the reason for the exemption.
func TestCrossOriginProtectionNeedsTheBypass(t *testing.T) {
	cop := http.NewCrossOriginProtection()
	req := httptest.NewRequest(http.MethodPost, "https://warta.example.id/langganan/berhenti?token=x", strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if cop.Check(req) == nil {
		t.Fatal("cross-site POST allowed without a bypass")
	}
	cop.AddInsecureBypassPattern(UnsubscribePattern)
	if err := cop.Check(req); err != nil {
		t.Errorf("bypass pattern does not match: %v", err)
	}
	other := httptest.NewRequest(http.MethodPost, "https://warta.example.id/langganan", nil)
	other.Header.Set("Sec-Fetch-Site", "cross-site")
	if cop.Check(other) == nil {
		t.Error("the bypass also opened the sign-up form")
	}
}

func TestFormErrors(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		mails := &fakeMail{}
		svc := newService(t, db, mails, "https://warta.example.id")
		h := svc.routes()
		for _, tc := range []struct {
			form url.Values
			want []string
		}{
			{url.Values{"email": {"warga@contoh.id"}, "wilayah": {"kota-malang", "bukan-wilayah"}, "kiriman": {"daily"}},
				[]string{"Centang persetujuan", `value="kota-malang" checked`, `value="daily" checked`, `value="warga@contoh.id"`, `aria-describedby="persetujuan-salah"`}},
			{url.Values{"email": {"bukan email"}, "persetujuan": {"ya"}}, []string{"Alamat email belum benar", `aria-invalid="true"`, `href="#email"`}},
			{url.Values{"email": {"Nama <warga@contoh.id>"}, "persetujuan": {"ya"}}, []string{"Alamat email belum benar"}},
			{url.Values{"email": {"warga@localhost"}, "persetujuan": {"ya"}}, []string{"Alamat email belum benar"}},
			{url.Values{"persetujuan": {"ya"}}, []string{"Isi alamat email Anda."}},
		} {
			w := httptest.NewRecorder()
			r := httptest.NewRequest(http.MethodPost, "/langganan", strings.NewReader(tc.form.Encode()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			h.ServeHTTP(w, r)
			if w.Code != http.StatusBadRequest {
				t.Errorf("%v: HTTP %d", tc.form, w.Code)
			}
			for _, s := range tc.want {
				if !strings.Contains(w.Body.String(), s) {
					t.Errorf("%v: page lacks %s", tc.form, s)
				}
			}
			if strings.Contains(w.Body.String(), "bukan-wilayah") {
				t.Errorf("unknown region echoed back")
			}
		}
		var n int
		db.SQL().QueryRow("SELECT COUNT(*) FROM subscribers").Scan(&n)
		if n != 0 || mails.count() != 0 {
			t.Errorf("invalid forms stored %d rows, sent %d mails", n, mails.count())
		}
		w := httptest.NewRecorder()
		r := httptest.NewRequest(http.MethodPost, "/langganan", strings.NewReader("email="+strings.Repeat("a", 70<<10)))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		h.ServeHTTP(w, r)
		if w.Code != http.StatusBadRequest {
			t.Errorf("oversized form: HTTP %d", w.Code)
		}
	})
}

func post(h http.Handler, path, body string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	h.ServeHTTP(w, r)
	return w
}

func get(h http.Handler, path string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
	return w
}

func TestSignUpCannotFloodOrHijack(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		mails := &fakeMail{}
		svc := newService(t, db, mails, "https://warta.example.id")
		h := svc.routes()
		form := "email=warga%40contoh.id&persetujuan=ya&wilayah=kota-surabaya"
		first := post(h, "/langganan", form)
		for range 3 {
			if w := post(h, "/langganan", form); w.Code != 200 || w.Body.String() != first.Body.String() {
				t.Fatalf("repeat sign-up answered differently: %d", w.Code)
			}
		}
		if got := mails.to("warga@contoh.id"); len(got) != 1 {
			t.Fatalf("%d confirmation mails for 4 sign-ups in a minute", len(got))
		}
		// An active subscription is not changed by someone typing the address.
		subscribe(t, svc, "aktif@contoh.id", DigestInstant, []string{"kota-malang"}, nil)
		w := post(h, "/langganan", "email=AKTIF%40contoh.id&persetujuan=ya&kiriman=daily")
		if w.Code != 200 || w.Body.String() != strings.ReplaceAll(first.Body.String(), "warga@contoh.id", "aktif@contoh.id") {
			t.Errorf("known address answered differently:\n%s", w.Body)
		}
		if st, n := status(t, db, "aktif@contoh.id"); st != statusActive || n != 1 {
			t.Errorf("active subscription changed: %q, %d interests", st, n)
		}
		got := mails.to("aktif@contoh.id")
		if len(got) != 1 || !strings.Contains(got[0].Text, "sudah berlangganan") || !strings.Contains(got[0].Text, "/langganan/berhenti?token=") {
			t.Errorf("notice to the active address: %+v", got)
		}
		// Confirmation pages are private.
		if w.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("sign-up answer cacheable: %q", w.Header().Get("Cache-Control"))
		}
	})
}

func TestConfirmLinks(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		mails := &fakeMail{}
		svc := newService(t, db, mails, "https://warta.example.id")
		h := svc.routes()
		ctx := context.Background()
		_, token, _ := svc.subs.signUp(ctx, request{Email: "lama@contoh.id", Digest: DigestInstant, Consent: "setuju"}, testNow.Add(-8*24*60*60e9))
		for _, path := range []string{"/langganan/konfirmasi?token=" + token, "/langganan/konfirmasi?token=salah", "/langganan/konfirmasi"} {
			if w := get(h, path); w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), "Tautan tidak berlaku") {
				t.Errorf("%s: HTTP %d", path, w.Code)
			}
		}
		if st, _ := status(t, db, "lama@contoh.id"); st != statusPending {
			t.Errorf("expired link activated: %q", st)
		}
		// Purge forgets the stale sign-up.
		if err := svc.Purge(ctx); err != nil {
			t.Fatal(err)
		}
		if st, _ := status(t, db, "lama@contoh.id"); st != "" {
			t.Errorf("unconfirmed sign-up kept after 7 days: %q", st)
		}
		_, token, _ = svc.subs.signUp(ctx, request{Email: "baru@contoh.id", Digest: DigestInstant, Consent: "setuju"}, testNow)
		if w := get(h, "/langganan/konfirmasi?token="+token); w.Code != 200 || w.Header().Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("good link: HTTP %d", w.Code)
		}
		if w := get(h, "/langganan/konfirmasi?token="+token); w.Code != http.StatusNotFound {
			t.Errorf("used link: HTTP %d", w.Code)
		}
	})
}

func TestUnsubscribePage(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		svc := newService(t, db, &fakeMail{}, "https://warta.example.id")
		h := svc.routes()
		subscribe(t, svc, "nama@contoh.id", DigestInstant, []string{"kota-surabaya"}, nil)
		subs, _ := svc.subs.active(context.Background(), DigestInstant)
		token := subs[0].Unsubscribe
		w := get(h, "/langganan/berhenti?token="+token)
		if w.Code != 200 || !strings.Contains(w.Body.String(), "n***@contoh.id") || strings.Contains(w.Body.String(), "nama@contoh.id") ||
			!strings.Contains(w.Body.String(), `method="post" action="/langganan/berhenti?token=`+token+`"`) {
			t.Errorf("confirm page: HTTP %d\n%s", w.Code, w.Body)
		}
		if st, _ := status(t, db, "nama@contoh.id"); st != statusActive {
			t.Fatalf("opening the link unsubscribed: %q", st)
		}
		// The page's button posts the same body as a one-click request.
		if w := post(h, "/langganan/berhenti?token="+token, "List-Unsubscribe=One-Click"); w.Code != 200 {
			t.Fatalf("button: HTTP %d", w.Code)
		}
		if w := post(h, "/langganan/berhenti?token="+token, ""); w.Code != 200 {
			t.Errorf("repeated POST: HTTP %d", w.Code)
		}
		if w := get(h, "/langganan/berhenti?token="+token); w.Code != 200 || !strings.Contains(w.Body.String(), "sudah berhenti") {
			t.Errorf("page after unsubscribing: %d", w.Code)
		}
		for _, path := range []string{"/langganan/berhenti?token=salah", "/langganan/berhenti"} {
			if w := post(h, path, "List-Unsubscribe=One-Click"); w.Code != http.StatusNotFound {
				t.Errorf("POST %s: HTTP %d", path, w.Code)
			}
			if w := get(h, path); w.Code != http.StatusNotFound {
				t.Errorf("GET %s: HTTP %d", path, w.Code)
			}
		}
	})
}
