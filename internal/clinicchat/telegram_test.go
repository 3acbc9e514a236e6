package clinicchat

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/dissemination"
)

const (
	tgToken  = "7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
	tgSecret = "Rahasia_webhook-2026"
	tgChat   = 555111222
)

// tgEnv is the Telegram webhook with a stand-in Bot API and a fake clinic.
type tgEnv struct {
	clinic *fakeClinic
	api    *fakeAPI
	ch     *dissemination.Channel
	chat   *Chat
	files  map[string][]byte // file_id → content, served at photos/<file_id>.jpg
}

func newTGEnv(t *testing.T) *tgEnv {
	e := &tgEnv{clinic: &fakeClinic{}, files: map[string][]byte{}}
	e.api = newFakeAPI(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		switch {
		case r.Method == http.MethodPost && r.URL.Path == "/bot"+tgToken+"/sendMessage":
			fmt.Fprintf(w, `{"ok":true,"result":{"message_id":%d,"from":{"id":7012345678,"is_bot":true,"first_name":"Klinik Hoaks"},`+
				`"chat":{"id":%v,"type":"private"},"date":%d,"text":"ok"}}`, 900+e.api.count(), body["chat_id"], testNow.Unix())
		case r.Method == http.MethodPost && r.URL.Path == "/bot"+tgToken+"/getFile":
			id, _ := body["file_id"].(string)
			if e.files[id] == nil {
				w.WriteHeader(http.StatusBadRequest)
				io.WriteString(w, `{"ok":false,"error_code":400,"description":"Bad Request: invalid file_id"}`)
				return
			}
			fmt.Fprintf(w, `{"ok":true,"result":{"file_id":%q,"file_unique_id":"AQADu7oxG","file_size":%d,"file_path":"photos/%s.jpg"}}`,
				id, len(e.files[id]), id)
		case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/file/bot"+tgToken+"/photos/"):
			id := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/file/bot"+tgToken+"/photos/"), ".jpg")
			w.Header().Set("Content-Type", "image/jpeg")
			w.Write(e.files[id])
		default:
			t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"ok":false,"error_code":404,"description":"Not Found"}`)
		}
	})
	e.ch = &dissemination.Channel{ID: "TG1", Kind: "telegram", Enabled: true,
		Settings: map[string]string{"chat_id": "@wartajatim", "api_base": e.api.srv.URL},
		Secrets:  map[string]string{"bot_token": tgToken, "webhook_secret": tgSecret}}
	e.chat = New(Config{Clinic: e.clinic, Telegram: staticChannel(e.ch), HTTP: e.api.srv.Client(), SiteName: "Warta Jatim",
		PrivacyURL: "https://warta.example/klinik", Retention: 30 * 24 * time.Hour, MaxImage: 20000, Now: func() time.Time { return testNow }})
	return e
}

func (e *tgEnv) post(body []byte, secret string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, "/webhooks/telegram", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	if secret != "" {
		r.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	w := httptest.NewRecorder()
	e.chat.ServeTelegram(w, r)
	return w
}

// sent returns the sendMessage requests.
func (e *tgEnv) sent() []request { return e.api.requests("/sendMessage") }

// tgUpdateJSON is an Update with a private message from the test chat, as
// the Bot API sends it; fields is the message's content ("text":…).
func tgUpdateJSON(updateID, messageID int, fields string) []byte {
	return []byte(fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,`+
		`"from":{"id":%d,"is_bot":false,"first_name":"Budi","last_name":"Santoso","username":"budisan","language_code":"id"},`+
		`"chat":{"id":%d,"first_name":"Budi","last_name":"Santoso","username":"budisan","type":"private"},"date":%d,%s}}`,
		updateID, messageID, tgChat, tgChat, testNow.Add(-time.Minute).Unix(), fields))
}

// tgTextJSON is a text message with Telegram's url entity for a link in it.
func tgTextJSON(updateID, messageID int, text string) []byte {
	fields := fmt.Sprintf(`"text":%q`, text)
	if u := firstURL(text); u != "" {
		i := strings.Index(text, u) // ASCII test texts: byte and UTF-16 offsets agree
		fields += fmt.Sprintf(`,"entities":[{"offset":%d,"length":%d,"type":"url"}]`, i, len(u))
	}
	return tgUpdateJSON(updateID, messageID, fields)
}

func TestTelegramSecretTokenGuardsStorage(t *testing.T) {
	e := newTGEnv(t)
	body := tgTextJSON(715263301, 17, "Katanya surat suara sudah dicoblos duluan")
	for name, secret := range map[string]string{"missing": "", "wrong": "bukan-rahasia", "other case": strings.ToLower(tgSecret),
		"prefix": tgSecret[:10], "longer": tgSecret + "x"} {
		if w := e.post(body, secret); w.Code != http.StatusUnauthorized {
			t.Errorf("%s secret: HTTP %d, want 401", name, w.Code)
		}
	}
	// Without a configured webhook_secret nothing is accepted, not even "".
	e.ch.Secrets["webhook_secret"] = ""
	if w := e.post(body, ""); w.Code != http.StatusUnauthorized {
		t.Errorf("no webhook_secret: HTTP %d", w.Code)
	}
	if e.clinic.callCount() != 0 || e.api.count() != 0 {
		t.Fatalf("unauthenticated updates: %d submissions, %d API calls", e.clinic.callCount(), e.api.count())
	}
	e.ch.Secrets["webhook_secret"] = tgSecret
	if w := e.post(body, tgSecret); w.Code != http.StatusOK || len(e.clinic.reports()) != 1 {
		t.Errorf("right secret: HTTP %d, %d reports", w.Code, len(e.clinic.reports()))
	}
}

func TestTelegramBadBodiesStoreNothing(t *testing.T) {
	e := newTGEnv(t)
	big := append(tgTextJSON(1, 1, strings.Repeat("a", MaxTelegramBody)), ' ')
	if w := e.post(big, tgSecret); w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized: HTTP %d, want 413", w.Code)
	}
	for _, body := range []string{`{"update_id":1,"message":`, `bukan json`, `{"update_id":"satu"}`,
		`{"update_id":1,"message":{"message_id":"x"}}`} {
		if w := e.post([]byte(body), tgSecret); w.Code != http.StatusBadRequest {
			t.Errorf("%s: HTTP %d, want 400", body, w.Code)
		}
	}
	// Updates that are not a private message are acknowledged and dropped.
	msg := `{"message_id":5,"from":{"id":1,"is_bot":false,"first_name":"A"},"chat":{"id":%d,"title":"Grup RT","type":"%s"},"date":1764208800,"text":"hoaks ini"}`
	for _, body := range []string{`{}`, `{"update_id":2}`,
		`{"update_id":3,"edited_message":` + fmt.Sprintf(msg, tgChat, "private") + `}`,
		`{"update_id":4,"channel_post":` + fmt.Sprintf(msg, -1001234567890, "channel") + `}`,
		`{"update_id":5,"message":` + fmt.Sprintf(msg, -1001234567890, "supergroup") + `}`,
		`{"update_id":6,"callback_query":{"id":"4382bfdwdsb323b2d9","from":{"id":1,"is_bot":false,"first_name":"A"},"data":"x","chat_instance":"1"}}`,
		`{"update_id":7,"message":{"message_id":6,"from":{"id":8,"is_bot":true,"first_name":"Bot"},"chat":{"id":8,"type":"private"},"date":1764208800,"text":"spam"}}`,
		`{"update_id":8,"message":{"message_id":7,"from":{"id":1,"is_bot":false,"first_name":"A"},"chat":{"id":1,"type":"private"},"date":1764208800,"pinned_message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"}}}}`,
	} {
		if w := e.post([]byte(body), tgSecret); w.Code != http.StatusOK {
			t.Errorf("%.50s: HTTP %d, want 200", body, w.Code)
		}
	}
	if e.clinic.callCount() != 0 || e.api.count() != 0 {
		t.Errorf("bad or foreign updates: %d submissions, %d API calls", e.clinic.callCount(), e.api.count())
	}
	w := httptest.NewRecorder()
	e.chat.ServeTelegram(w, httptest.NewRequest(http.MethodGet, "/webhooks/telegram", nil))
	if w.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET: HTTP %d", w.Code)
	}
}

func TestTelegramTextReportIsStoredAndAnswered(t *testing.T) {
	e := newTGEnv(t)
	text := "Sebarkan! KPU Jatim hapus 2 juta pemilih https://bit.ly/3xYzKPU"
	if w := e.post(tgTextJSON(715263301, 17, text), tgSecret); w.Code != http.StatusOK {
		t.Fatalf("HTTP %d %s", w.Code, w.Body)
	}
	got := e.clinic.reports()
	if len(got) != 1 {
		t.Fatalf("%d reports", len(got))
	}
	s := got[0]
	if s.Channel != clinic.ChannelTelegram || s.ExternalID != "555111222:17" || s.Text != text || s.URL != "https://bit.ly/3xYzKPU" ||
		s.Contact == nil || *s.Contact != (clinic.ContactInput{Kind: "telegram", Address: "555111222"}) || !s.Consent ||
		!s.ReceivedAt.Equal(testNow.Add(-time.Minute).Truncate(time.Second)) {
		t.Errorf("submission %+v", s)
	}
	checkConsent(t, s.ConsentText, "ID obrolan Telegram Anda")
	sent := e.sent()
	if len(sent) != 1 {
		t.Fatalf("%d replies", len(sent))
	}
	b := sent[0].Body
	rp, _ := b["reply_parameters"].(map[string]any)
	if sent[0].Path != "/bot"+tgToken+"/sendMessage" || b["chat_id"] != "555111222" || rp["message_id"] != float64(17) ||
		!strings.HasPrefix(b["text"].(string), "Terima kasih, laporan Anda kami terima dengan nomor tiket KH-2026-000001.") ||
		!strings.HasSuffix(b["text"].(string), s.ConsentText) {
		t.Errorf("sendMessage %v", b)
	}
}

func TestTelegramLinksFromEntities(t *testing.T) {
	e := newTGEnv(t)
	// A text_link hides its address behind words; offsets count UTF-16
	// units, so the emoji before it counts twice.
	body := tgUpdateJSON(20, 30, `"text":"😱 Lihat berita ini soal TPS","entities":[{"offset":3,"length":17,"type":"text_link","url":"https://contoh-hoaks.example/tps"}]`)
	if w := e.post(body, tgSecret); w.Code != http.StatusOK {
		t.Fatalf("HTTP %d", w.Code)
	}
	body = tgUpdateJSON(21, 31, `"text":"😱😱 cek detik.com/berita/123 sekarang","entities":[{"offset":9,"length":20,"type":"url"}]`)
	if w := e.post(body, tgSecret); w.Code != http.StatusOK {
		t.Fatalf("HTTP %d", w.Code)
	}
	got := e.clinic.reports()
	if len(got) != 2 || got[0].URL != "https://contoh-hoaks.example/tps" || got[1].URL != "https://detik.com/berita/123" {
		t.Errorf("reports %+v", got)
	}
}

func TestTelegramPhotoTakesTheLargestSizeUnderTheCap(t *testing.T) {
	e := newTGEnv(t)
	shot := []byte("\xff\xd8\xff\xe0 foto ukuran sedang")
	e.files["AgACAgUAAxkBAAM-medium"] = shot
	body := tgUpdateJSON(715263302, 18, `"photo":[`+
		`{"file_id":"AgACAgUAAxkBAAM-small","file_unique_id":"AQADs","file_size":1250,"width":90,"height":51},`+
		`{"file_id":"AgACAgUAAxkBAAM-medium","file_unique_id":"AQADm","file_size":15000,"width":320,"height":180},`+
		`{"file_id":"AgACAgUAAxkBAAM-large","file_unique_id":"AQADl","file_size":90000,"width":1280,"height":720}],`+
		`"caption":"Benarkah foto ini?"`)
	if w := e.post(body, tgSecret); w.Code != http.StatusOK {
		t.Fatalf("HTTP %d %s", w.Code, w.Body)
	}
	got := e.clinic.reports()
	if len(got) != 1 || !bytes.Equal(got[0].Image, shot) || got[0].Text != "Benarkah foto ini?" || got[0].ExternalID != "555111222:18" {
		t.Fatalf("reports %+v", got)
	}
	if gf := e.api.requests("/getFile"); len(gf) != 1 || gf[0].Body["file_id"] != "AgACAgUAAxkBAAM-medium" {
		t.Errorf("getFile %+v", gf)
	}
	if dl := e.api.requests("/photos/AgACAgUAAxkBAAM-medium.jpg"); len(dl) != 1 || dl[0].Method != http.MethodGet {
		t.Errorf("download %+v", dl)
	}
	if len(e.sent()) != 1 {
		t.Errorf("%d replies", len(e.sent()))
	}

	// Only sizes over the cap: answered with the limit, nothing stored.
	body = tgUpdateJSON(715263303, 19, `"photo":[{"file_id":"AgAC-huge","file_unique_id":"AQADh","file_size":900000,"width":2560,"height":1440}]`)
	if w := e.post(body, tgSecret); w.Code != http.StatusOK {
		t.Fatalf("HTTP %d", w.Code)
	}
	if s := e.sent(); len(s) != 2 || !strings.Contains(s[1].Body["text"].(string), "terlalu besar") || len(e.clinic.reports()) != 1 {
		t.Errorf("oversized photo: %d reports, reply %v", len(e.clinic.reports()), s[len(s)-1].Body)
	}
}

func TestTelegramReplayIsStoredAndAnsweredOnce(t *testing.T) {
	e := newTGEnv(t)
	body := tgTextJSON(715263310, 40, "Beredar pesan berantai soal serangan fajar di Jember")
	for range 3 {
		if w := e.post(body, tgSecret); w.Code != http.StatusOK {
			t.Fatalf("HTTP %d", w.Code)
		}
	}
	if n := len(e.clinic.reports()); n != 1 || len(e.sent()) != 1 {
		t.Errorf("3 deliveries: %d reports, %d replies", n, len(e.sent()))
	}

	// Storage fails: 503 so that Telegram delivers again, and no answer.
	e.clinic.fail = []error{errors.New("database is locked")}
	body = tgTextJSON(715263311, 41, "Kabar kotak suara dibakar di Madura")
	if w := e.post(body, tgSecret); w.Code != http.StatusServiceUnavailable || len(e.sent()) != 1 {
		t.Fatalf("failed store: HTTP %d, %d replies", w.Code, len(e.sent()))
	}
	if w := e.post(body, tgSecret); w.Code != http.StatusOK || len(e.clinic.reports()) != 2 || len(e.sent()) != 2 {
		t.Errorf("retry: HTTP %d, %d reports, %d replies", w.Code, len(e.clinic.reports()), len(e.sent()))
	}
}

func TestTelegramCommandsAndOtherContent(t *testing.T) {
	e := newTGEnv(t)
	for i, fields := range []string{
		`"text":"/start","entities":[{"offset":0,"length":6,"type":"bot_command"}]`,
		`"text":"/help@KlinikHoaksJatimBot","entities":[{"offset":0,"length":24,"type":"bot_command"}]`,
		`"text":"Halo"`,
		`"sticker":{"file_id":"CAACAgIAAxkBAAM","file_unique_id":"AgADx","type":"regular","width":512,"height":512,"is_animated":false,"is_video":false}`,
	} {
		if w := e.post(tgUpdateJSON(100+i, 200+i, fields), tgSecret); w.Code != http.StatusOK {
			t.Fatalf("%s: HTTP %d", fields, w.Code)
		}
	}
	s := e.sent()
	if len(s) != 4 {
		t.Fatalf("%d replies", len(s))
	}
	for i := range 3 {
		if text := s[i].Body["text"].(string); !strings.Contains(text, "Selamat datang di Klinik Hoaks Warta Jatim") ||
			!strings.Contains(text, "1×24 jam") || strings.Contains(text, "DAFTAR") {
			t.Errorf("welcome %d: %q", i, text)
		}
	}
	if text := s[3].Body["text"].(string); !strings.Contains(text, "teks, tautan, dan gambar") {
		t.Errorf("sticker reply %q", text)
	}
	if e.clinic.callCount() != 0 {
		t.Errorf("%d submissions", e.clinic.callCount())
	}
	// A command followed by a claim reports the claim.
	body := tgUpdateJSON(110, 210, `"text":"/lapor Video KPU menghapus suara","entities":[{"offset":0,"length":6,"type":"bot_command"}]`)
	if w := e.post(body, tgSecret); w.Code != http.StatusOK {
		t.Fatalf("HTTP %d", w.Code)
	}
	if got := e.clinic.reports(); len(got) != 1 || got[0].Text != "Video KPU menghapus suara" {
		t.Errorf("reports %+v", got)
	}
}
