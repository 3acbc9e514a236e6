package whatsapp

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/store"
)

const (
	phoneID     = "1098765432"
	accessToken = "EAAtoken"
	appSecret   = "rahasia-aplikasi"
	verifyToken = "token-verifikasi"
)

// cloudAPI is a stand-in for graph.facebook.com that checks requests the
// way the Cloud API does and can fail on demand.
type cloudAPI struct {
	t   *testing.T
	mu  sync.Mutex
	got []sent
	// fail maps a recipient (digits) to the answers to give it, in order,
	// before succeeding: HTTP status and Cloud API error code.
	fail map[string][]apiFailure
	n    int
}

type apiFailure struct {
	status, code int
}

// sent is one accepted message request.
type sent struct {
	To   string
	Type string
	Body map[string]any
	Raw  string
}

func newCloudAPI(t *testing.T) (*cloudAPI, *httptest.Server) {
	api := &cloudAPI{t: t, fail: map[string][]apiFailure{}}
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	return api, srv
}

func (a *cloudAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if r.Header.Get("Authorization") != "Bearer "+accessToken {
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"error":{"message":"Invalid OAuth access token.","type":"OAuthException","code":190}}`)
		return
	}
	if r.Method == http.MethodGet && r.URL.Path == "/v21.0/"+phoneID {
		io.WriteString(w, `{"display_phone_number":"+62 31 555 0100","verified_name":"Warta Jatim","id":"`+phoneID+`"}`)
		return
	}
	if r.Method != http.MethodPost || r.URL.Path != "/v21.0/"+phoneID+"/messages" || r.Header.Get("Content-Type") != "application/json" {
		a.t.Errorf("unexpected request %s %s (%s)", r.Method, r.URL.Path, r.Header.Get("Content-Type"))
		w.WriteHeader(http.StatusNotFound)
		return
	}
	raw, _ := io.ReadAll(r.Body)
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil || m["messaging_product"] != "whatsapp" {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"error":{"message":"(#100) Invalid parameter","code":100}}`)
		return
	}
	to, _ := m["to"].(string)
	if f := a.fail[to]; len(f) > 0 {
		a.fail[to] = f[1:]
		w.WriteHeader(f[0].status)
		fmt.Fprintf(w, `{"error":{"message":"failure %d","type":"OAuthException","code":%d,"error_data":{"messaging_product":"whatsapp","details":"on demand"}}}`,
			f[0].code, f[0].code)
		return
	}
	a.n++
	typ, _ := m["type"].(string)
	a.got = append(a.got, sent{To: to, Type: typ, Body: m, Raw: string(raw)})
	fmt.Fprintf(w, `{"messaging_product":"whatsapp","contacts":[{"input":%q,"wa_id":%q}],"messages":[{"id":"wamid.%d"}]}`, to, to, a.n)
}

// sentTo returns the messages each recipient got.
func (a *cloudAPI) sentTo() map[string][]sent {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := map[string][]sent{}
	for _, s := range a.got {
		out[s.To] = append(out[s.To], s)
	}
	return out
}

func (a *cloudAPI) reset() {
	a.mu.Lock()
	a.got = nil
	a.mu.Unlock()
}

func testChannel(apiBase string) *dissemination.Channel {
	return &dissemination.Channel{
		ID: "WA1", Kind: "whatsapp", Enabled: true,
		Settings: map[string]string{"api_base": apiBase + "/v21.0", "phone_number_id": phoneID, "template_name": "berita_baru"},
		Secrets:  map[string]string{"access_token": accessToken, "app_secret": appSecret, "verify_token": verifyToken},
	}
}

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// env is a webhook and a connector on one database and one Cloud API.
type env struct {
	db      *store.DB
	api     *cloudAPI
	ch      *dissemination.Channel
	h       *Handler
	conn    *Connector
	clock   *clock
	inbound []InboundMessage
	mu      sync.Mutex
}

func newEnv(t *testing.T, db *store.DB) *env {
	api, srv := newCloudAPI(t)
	e := &env{db: db, api: api, ch: testChannel(srv.URL), clock: &clock{t: time.Date(2024, 2, 10, 9, 0, 0, 0, time.UTC)}}
	e.h = NewHandler(HandlerConfig{
		DB:       db,
		Channel:  func(context.Context) (*dissemination.Channel, error) { return e.ch, nil },
		HTTP:     srv.Client(),
		SiteName: "Warta Jatim",
		Now:      e.clock.Now,
		Inbound: func(_ context.Context, _ *Client, m InboundMessage) (string, error) {
			e.mu.Lock()
			e.inbound = append(e.inbound, m)
			e.mu.Unlock()
			return "", nil
		},
	})
	e.conn = New(db)
	e.conn.now = e.clock.Now
	return e
}

// textMessage is a webhook notification carrying one text message.
func textMessage(from, id, text string, at time.Time) []byte {
	return notificationWith(map[string]any{"from": from, "id": id, "timestamp": fmt.Sprint(at.Unix()), "type": "text",
		"text": map[string]any{"body": text}})
}

// notificationWith wraps messages the way Meta does, with a statuses
// change in the same batch for good measure.
func notificationWith(msgs ...map[string]any) []byte {
	value := map[string]any{
		"messaging_product": "whatsapp",
		"metadata":          map[string]any{"display_phone_number": "62315550100", "phone_number_id": phoneID},
		"contacts":          []any{map[string]any{"profile": map[string]any{"name": "Warga"}, "wa_id": "6281200000000"}},
		"messages":          msgs,
	}
	status := map[string]any{"messaging_product": "whatsapp", "metadata": map[string]any{"phone_number_id": phoneID},
		"statuses": []any{map[string]any{"id": "wamid.status", "status": "delivered", "timestamp": "1707555600", "recipient_id": "6281299999999"}}}
	b, _ := json.Marshal(map[string]any{"object": "whatsapp_business_account", "entry": []any{map[string]any{
		"id": "WABA1", "changes": []any{map[string]any{"field": "messages", "value": value}, map[string]any{"field": "messages", "value": status}}}}})
	return b
}

func signature(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// post sends a notification signed with sig ("" for none) to the webhook.
func (e *env) post(body []byte, sig string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, "/webhooks/whatsapp", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	if sig != "" {
		r.Header.Set("X-Hub-Signature-256", sig)
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	return w
}

// say delivers a signed text message from a number at the clock's time
// minus ago, and fails the test unless the webhook answers 200.
func (e *env) say(t *testing.T, from, id, text string, ago time.Duration) {
	t.Helper()
	body := textMessage(from, id, text, e.clock.Now().Add(-ago))
	if w := e.post(body, signature(appSecret, body)); w.Code != http.StatusOK {
		t.Fatalf("%s %q: HTTP %d %s", from, text, w.Code, w.Body)
	}
}

// status returns a number's subscription status and regions, "" when the
// number is unknown.
func (e *env) status(t *testing.T, phone string) (string, []string) {
	t.Helper()
	s, err := subscribers{e.db}.byPhone(context.Background(), phone)
	if err != nil {
		t.Fatal(err)
	}
	if s == nil {
		return "", nil
	}
	return s.Status, s.Regions
}

// replies returns the text bodies sent to a number.
func (e *env) replies(to string) []string {
	var out []string
	for _, s := range e.api.sentTo()[to] {
		if txt, ok := s.Body["text"].(map[string]any); ok {
			out = append(out, txt["body"].(string))
		}
	}
	return out
}

type progress struct {
	mu sync.Mutex
	m  map[string]string
}

func (p *progress) Step(k string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.m[k]
}

func (p *progress) SaveStep(_ context.Context, k, v string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.m == nil {
		p.m = map[string]string{}
	}
	p.m[k] = v
	return nil
}

func joined(s []string) string { return strings.Join(s, ",") }

type staticChannel struct{ ch *dissemination.Channel }

func (s *staticChannel) get(context.Context) (*dissemination.Channel, error) { return s.ch, nil }
