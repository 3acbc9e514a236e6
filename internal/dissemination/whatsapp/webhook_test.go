package whatsapp

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
)

func TestVerification(t *testing.T) {
	e := &env{}
	e.ch = testChannel("http://unused")
	e.h = NewHandler(HandlerConfig{Channel: (&staticChannel{e.ch}).get})
	for _, tc := range []struct {
		query string
		code  int
		body  string
	}{
		{"hub.mode=subscribe&hub.verify_token=" + verifyToken + "&hub.challenge=1158201444", 200, "1158201444"},
		{"hub.mode=subscribe&hub.verify_token=salah&hub.challenge=1158201444", 403, ""},
		{"hub.mode=subscribe&hub.challenge=1158201444", 403, ""},
		{"hub.mode=unsubscribe&hub.verify_token=" + verifyToken + "&hub.challenge=1", 403, ""},
	} {
		w := httptest.NewRecorder()
		e.h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/webhooks/whatsapp?"+tc.query, nil))
		if w.Code != tc.code || tc.body != "" && w.Body.String() != tc.body {
			t.Errorf("%s: HTTP %d %q, want %d %q", tc.query, w.Code, w.Body, tc.code, tc.body)
		}
	}
	// Without a configured verify_token nothing verifies, not even "".
	e.ch.Secrets["verify_token"] = ""
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=&hub.challenge=1", nil))
	if w.Code != http.StatusForbidden {
		t.Errorf("empty token: HTTP %d", w.Code)
	}
}

func TestSignatureGuardsStorage(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		body := textMessage("6281211110001", "wamid.A1", "DAFTAR SURABAYA", e.clock.Now())
		other := textMessage("6281211110001", "wamid.A1", "DAFTAR MALANG", e.clock.Now())
		for name, sig := range map[string]string{
			"missing":        "",
			"wrong secret":   signature("bukan-rahasia", body),
			"other body":     signature(appSecret, other),
			"no prefix":      strings.TrimPrefix(signature(appSecret, body), "sha256="),
			"sha1 style":     "sha1=" + strings.TrimPrefix(signature(appSecret, body), "sha256="),
			"not hex":        "sha256=zzzz",
			"truncated":      signature(appSecret, body)[:40],
			"uppercase name": "SHA256=" + strings.TrimPrefix(signature(appSecret, body), "sha256="),
		} {
			if w := e.post(body, sig); w.Code != http.StatusUnauthorized {
				t.Errorf("%s signature: HTTP %d, want 401", name, w.Code)
			}
			if st, _ := e.status(t, "+6281211110001"); st != "" {
				t.Fatalf("%s signature: subscriber stored (%s)", name, st)
			}
		}
		if len(e.api.got) != 0 || len(e.inbound) != 0 {
			t.Fatalf("unsigned notifications caused %d sends, %d inbound", len(e.api.got), len(e.inbound))
		}
		// The same body correctly signed is taken.
		if w := e.post(body, signature(appSecret, body)); w.Code != http.StatusOK {
			t.Fatalf("good signature: HTTP %d %s", w.Code, w.Body)
		}
		if st, regions := e.status(t, "+6281211110001"); st != statusActive || joined(regions) != "kota-surabaya" {
			t.Errorf("after DAFTAR SURABAYA: %q %v", st, regions)
		}
		// No app secret configured: nothing can be verified.
		e.ch.Secrets["app_secret"] = ""
		if w := e.post(body, signature("", body)); w.Code != http.StatusUnauthorized {
			t.Errorf("without app_secret: HTTP %d", w.Code)
		}
	})
}

func TestBadBodies(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		big := bytes.Repeat([]byte(" "), MaxBody+1)
		if w := e.post(big, signature(appSecret, big)); w.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("oversized: HTTP %d, want 413", w.Code)
		}
		for _, body := range []string{`{"object":`, `not json`, `[1,2]`, `{"entry":"x"}`, `{"entry":[{"changes":[{"value":{"messages":[{"from":5}]}}]}]}`} {
			w := e.post([]byte(body), signature(appSecret, []byte(body)))
			if w.Code != http.StatusBadRequest {
				t.Errorf("%s: HTTP %d, want 400", body, w.Code)
			}
		}
		// Well-formed but odd: no sender, a sender that is no number, only
		// statuses. Acknowledged, nothing done.
		for _, body := range []string{`{}`, `{"object":"whatsapp_business_account","entry":[]}`,
			string(notificationWith(map[string]any{"id": "wamid.X", "type": "text", "text": map[string]any{"body": "DAFTAR"}})),
			string(notificationWith(map[string]any{"from": "bukan-nomor", "id": "wamid.Y", "type": "text", "text": map[string]any{"body": "DAFTAR"}})),
			string(notificationWith())} {
			if w := e.post([]byte(body), signature(appSecret, []byte(body))); w.Code != http.StatusOK {
				t.Errorf("%.60s: HTTP %d, want 200", body, w.Code)
			}
		}
		if len(e.api.got) != 0 || len(e.inbound) != 0 {
			t.Errorf("odd notifications caused %d sends, %d inbound", len(e.api.got), len(e.inbound))
		}
		w := httptest.NewRecorder()
		e.h.ServeHTTP(w, httptest.NewRequest(http.MethodPut, "/webhooks/whatsapp", nil))
		if w.Code != http.StatusMethodNotAllowed {
			t.Errorf("PUT: HTTP %d", w.Code)
		}
	})
}

func TestSubscribeAndStop(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const num, phone = "6281233334444", "+6281233334444"
		e.say(t, num, "wamid.1", "daftar Malang, kota batu", time.Minute)
		st, regions := e.status(t, phone)
		if st != statusActive || joined(regions) != "kabupaten-malang,kota-batu,kota-malang" {
			t.Fatalf("after DAFTAR: %q %v", st, regions)
		}
		r := e.replies(num)
		if len(r) != 1 || !strings.Contains(r[0], "Kabupaten Malang, Kota Malang, Kota Batu") || !strings.Contains(r[0], "BERHENTI") {
			t.Fatalf("confirmation: %q", r)
		}
		var consent string
		db.SQL().QueryRow(db.Rebind("SELECT consent_text FROM subscribers WHERE address = ?"), phone).Scan(&consent)
		if !strings.Contains(consent, `"daftar Malang, kota batu"`) || !strings.Contains(consent, "nomor WhatsApp dan pilihan wilayah") {
			t.Errorf("consent recorded: %q", consent)
		}

		// DAFTAR again changes the regions; DAFTAR alone means all.
		e.say(t, num, "wamid.2", "DAFTAR", time.Minute)
		if st, regions := e.status(t, phone); st != statusActive || len(regions) != 0 {
			t.Errorf("after plain DAFTAR: %q %v", st, regions)
		}
		if r := e.replies(num); len(r) != 2 || !strings.Contains(r[1], "diperbarui: seluruh Jawa Timur") {
			t.Errorf("update reply: %q", r[len(r)-1])
		}

		e.say(t, num, "wamid.3", "  Berhenti! ", time.Minute)
		if st, regions := e.status(t, phone); st != statusUnsubscribed || len(regions) != 0 {
			t.Errorf("after BERHENTI: %q %v", st, regions)
		}
		if r := e.replies(num); len(r) != 3 || !strings.Contains(r[2], "telah berhenti berlangganan") {
			t.Errorf("stop reply: %q", r)
		}
		// BERHENTI from a stranger stores nothing.
		e.say(t, "6281255556666", "wamid.4", "STOP", time.Minute)
		if st, _ := e.status(t, "+6281255556666"); st != "" {
			t.Errorf("stranger's STOP stored %q", st)
		}
		if r := e.replies("6281255556666"); len(r) != 1 || !strings.Contains(r[0], "tidak sedang berlangganan") {
			t.Errorf("stranger's STOP reply: %q", r)
		}
		if len(e.inbound) != 0 {
			t.Errorf("keywords reached the inbound hook: %+v", e.inbound)
		}
	})
}

func TestOtherMessagesGoToInbound(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const num = "6281277778888"
		e.say(t, num, "wamid.s", "DAFTAR SIDOARJO", 30*time.Hour)
		before := e.replies(num)
		e.say(t, num, "wamid.t", "Daftar pemilih tetap di Surabaya dicoret, benarkah?", time.Hour)
		body := notificationWith(map[string]any{"from": num, "id": "wamid.img", "timestamp": "1707552000", "type": "image",
			"image": map[string]any{"id": "MEDIA123", "mime_type": "image/jpeg", "caption": "hoaks?"}})
		if w := e.post(body, signature(appSecret, body)); w.Code != http.StatusOK {
			t.Fatalf("image: HTTP %d", w.Code)
		}
		if len(e.inbound) != 2 {
			t.Fatalf("inbound got %+v", e.inbound)
		}
		m := e.inbound[0]
		if m.From != "+"+num || m.ID != "wamid.t" || m.Type != "text" || !strings.HasPrefix(m.Text, "Daftar pemilih") ||
			!m.Timestamp.Equal(e.clock.Now().Add(-time.Hour).Truncate(time.Second)) {
			t.Errorf("text message: %+v", m)
		}
		if m := e.inbound[1]; m.Type != "image" || m.MediaID != "MEDIA123" || m.Text != "hoaks?" || m.Timestamp.Unix() != 1707552000 {
			t.Errorf("image message: %+v", m)
		}
		if st, regions := e.status(t, "+"+num); st != statusActive || joined(regions) != "kabupaten-sidoarjo" {
			t.Errorf("a report changed the subscription: %q %v", st, regions)
		}
		if r := e.replies(num); len(r) != len(before) {
			t.Errorf("webhook answered reports itself: %q", r[len(before):])
		}
		// The report opened the 24-hour window.
		s, _ := subscribers{db}.byPhone(t.Context(), "+"+num)
		if got := e.clock.Now().Sub(s.LastInbound); got > time.Hour+time.Second {
			t.Errorf("last inbound %v ago, want 1h", got)
		}
	})
}

func TestReplayHandledOnce(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		body := textMessage("6281200001111", "wamid.R", "Ada video coblos ulang, benar?", e.clock.Now())
		for range 3 {
			if w := e.post(body, signature(appSecret, body)); w.Code != http.StatusOK {
				t.Fatalf("HTTP %d", w.Code)
			}
		}
		if len(e.inbound) != 1 {
			t.Errorf("replayed message handed on %d times", len(e.inbound))
		}
		join := textMessage("6281200002222", "wamid.J", "DAFTAR", e.clock.Now())
		for range 2 {
			e.post(join, signature(appSecret, join))
		}
		if r := e.replies("6281200002222"); len(r) != 1 {
			t.Errorf("replayed DAFTAR answered %d times", len(r))
		}
	})
}

func TestWithoutInboundHookExplains(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.h.cfg.Inbound = nil
		e.say(t, "6281200003333", "wamid.H", "halo", 0)
		if r := e.replies("6281200003333"); len(r) != 1 || !strings.Contains(r[0], "DAFTAR SURABAYA SIDOARJO") {
			t.Errorf("help reply: %q", r)
		}
	})
}

func TestPurge(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.say(t, "6281200004444", "wamid.P1", "DAFTAR", 0)
		e.say(t, "6281200004444", "wamid.P2", "BERHENTI", 0)
		e.say(t, "6281200005555", "wamid.P3", "DAFTAR", 0)
		if err := Purge(t.Context(), db, e.clock.Now().Add(31*24*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if st, _ := e.status(t, "+6281200004444"); st != "" {
			t.Errorf("opted-out number kept: %q", st)
		}
		if st, _ := e.status(t, "+6281200005555"); st != statusActive {
			t.Errorf("active subscriber purged: %q", st)
		}
		var n int
		db.SQL().QueryRow("SELECT COUNT(*) FROM whatsapp_inbound").Scan(&n)
		if n != 0 {
			t.Errorf("%d old message ids kept", n)
		}
	})
}
