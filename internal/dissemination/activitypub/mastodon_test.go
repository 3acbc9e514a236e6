package activitypub_test

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// mastodon is a fediverse server as the site meets it: it has its own
// users, key pairs and actor documents; it signs what it sends and checks
// what it receives the way Mastodon's SignatureVerification does — its own
// code, deliberately not the package's Sign and Verify.
type mastodon struct {
	t      *testing.T
	srv    *httptest.Server
	client *http.Client
	shared bool // serves a shared inbox at /inbox

	mu       sync.Mutex
	keys     map[string]*rsa.PrivateKey // username → key
	got      []received
	status   []int // answers for the next inbox POSTs; 202 when empty
	gone     map[string]bool
	fetchLog []string
}

// received is one POST to an inbox of this server.
type received struct {
	Path     string
	Activity map[string]any
	Err      error // nil when the signature verified as Mastodon would
}

var testKeys = struct {
	once sync.Once
	keys []*rsa.PrivateKey
}{}

// testKey returns one of a few 2048-bit keys made once per test binary.
func testKey(i int) *rsa.PrivateKey {
	testKeys.once.Do(func() {
		for range 3 {
			k, err := rsa.GenerateKey(rand.Reader, 2048)
			if err != nil {
				panic(err)
			}
			testKeys.keys = append(testKeys.keys, k)
		}
	})
	return testKeys.keys[i]
}

func newMastodon(t *testing.T, shared bool, users ...string) *mastodon {
	m := &mastodon{t: t, shared: shared, keys: map[string]*rsa.PrivateKey{}, gone: map[string]bool{},
		client: &http.Client{Timeout: 5 * time.Second}}
	for i, u := range users {
		m.keys[u] = testKey(i % 3)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /users/{name}", m.serveActor)
	mux.HandleFunc("POST /users/{name}/inbox", m.serveInbox)
	mux.HandleFunc("POST /inbox", m.serveInbox)
	m.srv = httptest.NewServer(mux)
	t.Cleanup(m.srv.Close)
	return m
}

func (m *mastodon) actorURL(user string) string { return m.srv.URL + "/users/" + user }
func (m *mastodon) keyID(user string) string    { return m.actorURL(user) + "#main-key" }
func (m *mastodon) sharedInbox() string         { return m.srv.URL + "/inbox" }

func (m *mastodon) serveActor(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	m.mu.Lock()
	key, gone := m.keys[name], m.gone[name]
	m.fetchLog = append(m.fetchLog, name)
	m.mu.Unlock()
	if gone {
		http.Error(w, "gone", http.StatusGone)
		return
	}
	if key == nil {
		http.NotFound(w, r)
		return
	}
	der, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	doc := map[string]any{
		"@context":          []string{"https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"},
		"id":                m.actorURL(name),
		"type":              "Person",
		"preferredUsername": name,
		"inbox":             m.actorURL(name) + "/inbox",
		"publicKey": map[string]string{
			"id": m.keyID(name), "owner": m.actorURL(name),
			"publicKeyPem": string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})),
		},
	}
	if m.shared {
		doc["endpoints"] = map[string]string{"sharedInbox": m.sharedInbox()}
	}
	w.Header().Set("Content-Type", "application/activity+json; charset=utf-8")
	json.NewEncoder(w).Encode(doc)
}

func (m *mastodon) serveInbox(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec := received{Path: r.URL.Path, Err: m.verify(r, body)}
	json.Unmarshal(body, &rec.Activity)
	m.mu.Lock()
	m.got = append(m.got, rec)
	status := http.StatusAccepted
	if len(m.status) > 0 {
		status, m.status = m.status[0], m.status[1:]
	}
	m.mu.Unlock()
	w.WriteHeader(status)
}

// answer makes the next inbox POSTs answer these statuses.
func (m *mastodon) answer(statuses ...int) {
	m.mu.Lock()
	m.status = append(m.status, statuses...)
	m.mu.Unlock()
}

// received returns what the inboxes received so far.
func (m *mastodon) received() []received {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]received(nil), m.got...)
}

// waitFor waits until the inboxes received n POSTs.
func (m *mastodon) waitFor(n int) []received {
	m.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if got := m.received(); len(got) >= n {
			return got
		}
		time.Sleep(10 * time.Millisecond)
	}
	m.t.Fatalf("%s: waited for %d inbox POSTs, got %d", m.srv.URL, n, len(m.received()))
	return nil
}

var sigParam = regexp.MustCompile(`([a-zA-Z]+)="([^"]*)"`)

// verify checks an inbound request as Mastodon does: Date within 12 hours,
// the signed header list covering (request-target), host, date and digest,
// the Digest of the body, then the signature with the public key fetched
// from the keyId's actor document, which must be the activity's actor.
func (m *mastodon) verify(r *http.Request, body []byte) error {
	params := map[string]string{}
	for _, p := range sigParam.FindAllStringSubmatch(r.Header.Get("Signature"), -1) {
		params[p[1]] = p[2]
	}
	if params["keyId"] == "" || params["signature"] == "" {
		return errors.New("request not signed")
	}
	if a := params["algorithm"]; a != "rsa-sha256" && a != "hs2019" {
		return fmt.Errorf("algorithm %q", a)
	}
	date, err := time.Parse(http.TimeFormat, r.Header.Get("Date"))
	if err != nil || time.Since(date).Abs() > 12*time.Hour {
		return fmt.Errorf("date %q outside the window", r.Header.Get("Date"))
	}
	signed := strings.Fields(params["headers"])
	for _, need := range []string{"(request-target)", "host", "date", "digest"} {
		if !strings.Contains(" "+params["headers"]+" ", " "+need+" ") {
			return fmt.Errorf("%s not signed", need)
		}
	}
	sum := sha256.Sum256(body)
	if want := "SHA-256=" + base64.StdEncoding.EncodeToString(sum[:]); r.Header.Get("Digest") != want {
		return errors.New("digest mismatch")
	}
	var lines []string
	for _, h := range signed {
		switch h {
		case "(request-target)":
			lines = append(lines, "(request-target): "+strings.ToLower(r.Method)+" "+r.URL.Path)
		case "host":
			lines = append(lines, "host: "+r.Host)
		default:
			lines = append(lines, h+": "+r.Header.Get(h))
		}
	}
	owner, pub, err := m.fetchKey(params["keyId"])
	if err != nil {
		return err
	}
	var act struct {
		Actor string `json:"actor"`
	}
	json.Unmarshal(body, &act)
	if act.Actor != owner {
		return fmt.Errorf("actor %s is not the key owner %s", act.Actor, owner)
	}
	sig, err := base64.StdEncoding.DecodeString(params["signature"])
	if err != nil {
		return err
	}
	digest := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], sig)
}

// fetchKey fetches the keyId's actor document, as Mastodon's
// FetchRemoteKeyService does.
func (m *mastodon) fetchKey(keyID string) (owner string, pub *rsa.PublicKey, err error) {
	u, err := url.Parse(keyID)
	if err != nil {
		return "", nil, err
	}
	u.Fragment = ""
	var doc struct {
		ID        string `json:"id"`
		PublicKey struct {
			ID           string `json:"id"`
			Owner        string `json:"owner"`
			PublicKeyPem string `json:"publicKeyPem"`
		} `json:"publicKey"`
	}
	if err := m.getJSON(u.String(), &doc); err != nil {
		return "", nil, err
	}
	if doc.PublicKey.ID != keyID || doc.PublicKey.Owner != doc.ID {
		return "", nil, fmt.Errorf("key %s not published by %s", keyID, doc.ID)
	}
	block, _ := pem.Decode([]byte(doc.PublicKey.PublicKeyPem))
	if block == nil {
		return "", nil, errors.New("publicKeyPem is not PEM")
	}
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return "", nil, err
	}
	rsaKey, ok := k.(*rsa.PublicKey)
	if !ok || rsaKey.N.BitLen() < 2048 {
		return "", nil, errors.New("not a 2048-bit RSA key")
	}
	return doc.ID, rsaKey, nil
}

func (m *mastodon) getJSON(u string, v any) error {
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("Accept", `application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"`)
	res, err := m.client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: HTTP %d", u, res.StatusCode)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/activity+json") &&
		!strings.HasPrefix(ct, "application/ld+json") && !strings.HasPrefix(ct, "application/jrd+json") {
		return fmt.Errorf("GET %s: content type %q", u, ct)
	}
	return json.NewDecoder(res.Body).Decode(v)
}

// webfinger resolves @user@host to the actor URL, as Mastodon's search does.
func (m *mastodon) webfinger(siteURL, handle string) (string, error) {
	var jrd struct {
		Subject string `json:"subject"`
		Links   []struct {
			Rel, Type, Href string
		} `json:"links"`
	}
	u := siteURL + "/.well-known/webfinger?resource=" + url.QueryEscape("acct:"+handle)
	if err := m.getJSON(u, &jrd); err != nil {
		return "", err
	}
	if jrd.Subject != "acct:"+handle {
		return "", fmt.Errorf("subject %q", jrd.Subject)
	}
	for _, l := range jrd.Links {
		if l.Rel == "self" && l.Type == "application/activity+json" {
			return l.Href, nil
		}
	}
	return "", errors.New("no self link")
}

// signOpts spoil a signature in the ways the site must refuse.
type signOpts struct {
	date        time.Time // zero: now
	key         *rsa.PrivateKey
	headers     string // default "(request-target) host date digest"
	tamperBody  bool   // change the body after computing the Digest
	noSignature bool
}

// post sends activity from user to inbox, signed as Mastodon signs.
func (m *mastodon) post(inbox, user string, activity any, o signOpts) *http.Response {
	m.t.Helper()
	body, ok := activity.([]byte)
	if !ok {
		body, _ = json.Marshal(activity)
	}
	req, err := http.NewRequest(http.MethodPost, inbox, bytes.NewReader(body))
	if err != nil {
		m.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/activity+json")
	if o.date.IsZero() {
		o.date = time.Now()
	}
	req.Header.Set("Date", o.date.UTC().Format(http.TimeFormat))
	sum := sha256.Sum256(body)
	req.Header.Set("Digest", "SHA-256="+base64.StdEncoding.EncodeToString(sum[:]))
	if o.headers == "" {
		o.headers = "(request-target) host date digest"
	}
	if o.key == nil {
		o.key = m.keys[user]
	}
	var lines []string
	for _, h := range strings.Fields(o.headers) {
		switch h {
		case "(request-target)":
			lines = append(lines, "(request-target): post "+req.URL.Path)
		case "host":
			lines = append(lines, "host: "+req.URL.Host)
		default:
			lines = append(lines, h+": "+req.Header.Get(h))
		}
	}
	digest := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	sig, err := rsa.SignPKCS1v15(rand.Reader, o.key, crypto.SHA256, digest[:])
	if err != nil {
		m.t.Fatal(err)
	}
	if !o.noSignature {
		req.Header.Set("Signature", fmt.Sprintf(`keyId="%s",algorithm="rsa-sha256",headers="%s",signature="%s"`,
			m.keyID(user), o.headers, base64.StdEncoding.EncodeToString(sig)))
	}
	if o.tamperBody {
		tampered := bytes.Replace(body, []byte("Follow"), []byte("Folloz"), 1)
		req.Body = io.NopCloser(bytes.NewReader(tampered))
		req.ContentLength = int64(len(tampered))
	}
	res, err := m.client.Do(req)
	if err != nil {
		m.t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}
