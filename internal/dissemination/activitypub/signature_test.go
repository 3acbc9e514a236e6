package activitypub

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"
)

func TestParseSignature(t *testing.T) {
	got, err := parseSignature(`keyId="https://a.example/u?x=1,2#main-key", algorithm="rsa-sha256",headers="(request-target) host date",signature="ab\"c=="`)
	if err != nil {
		t.Fatal(err)
	}
	if got["keyid"] != "https://a.example/u?x=1,2#main-key" || got["algorithm"] != "rsa-sha256" ||
		got["headers"] != "(request-target) host date" || got["signature"] != `ab"c==` {
		t.Fatalf("%q", got)
	}
	for _, bad := range []string{`keyId="unterminated`, `keyId`, `keyId="a" signature="b"`} {
		if _, err := parseSignature(bad); err == nil {
			t.Errorf("%s: parsed", bad)
		}
	}
}

func TestSignVerify(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	keys := func(id string) (crypto.PublicKey, error) {
		if id != "https://a.example/actor#main-key" {
			return nil, errors.New("unknown key")
		}
		return &key.PublicKey, nil
	}
	// What the server sees of a request the client signed.
	received := func(method string, body []byte, mutate func(*http.Request)) *http.Request {
		req := httptest.NewRequest(method, "https://b.example/ap/inbox?x=1", bytes.NewReader(body))
		if err := Sign(req, "https://a.example/actor#main-key", key, body); err != nil {
			t.Fatal(err)
		}
		if mutate != nil {
			mutate(req)
		}
		return req
	}
	body := []byte(`{"type":"Follow"}`)
	if _, err := Verify(received("POST", body, nil), body, keys); err != nil {
		t.Fatalf("POST: %v", err)
	}
	if _, err := Verify(received("GET", nil, nil), nil, keys); err != nil {
		t.Fatalf("GET: %v", err)
	}
	for name, c := range map[string]struct {
		mutate func(*http.Request)
		body   []byte
		want   error
	}{
		"other body": {nil, []byte(`{"type":"Undo"}`), ErrDigest},
		"other path": {func(r *http.Request) { r.URL.Path = "/ap/outbox" }, body, ErrSignature},
		"other host": {func(r *http.Request) { r.Host = "c.example" }, body, ErrSignature},
		"old date": {func(r *http.Request) {
			r.Header.Set("Date", time.Now().Add(-13*time.Hour).UTC().Format(http.TimeFormat))
		}, body, ErrDate},
		"no date":         {func(r *http.Request) { r.Header.Del("Date") }, body, ErrDate},
		"unsigned":        {func(r *http.Request) { r.Header.Del("Signature") }, body, ErrUnsigned},
		"hmac":            {func(r *http.Request) { r.Header.Set("Signature", `keyId="k",algorithm="hmac-sha256",signature="YQ=="`) }, body, ErrSignature},
		"SHA-256 missing": {func(r *http.Request) { r.Header.Set("Digest", "SHA-512=abc") }, body, ErrDigest},
	} {
		_, err := Verify(received("POST", body, c.mutate), c.body, keys)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
}

func TestDigestAmongSeveral(t *testing.T) {
	body := []byte("x")
	if !digestMatches("SHA-512=abc, sha-256="+digest(body)[len("SHA-256="):], body) {
		t.Error("SHA-256 after another algorithm not found")
	}
	if digestMatches("SHA-256=", body) || digestMatches("", body) {
		t.Error("empty digest matched")
	}
}

func TestPublicAddressesOnly(t *testing.T) {
	for addr, want := range map[string]bool{
		"203.0.113.9": true, "2001:db8::1": true, "127.0.0.1": false, "10.1.2.3": false, "192.168.1.1": false,
		"169.254.169.254": false, "100.64.0.1": false, "::1": false, "fd00::1": false, "::ffff:127.0.0.1": false, "0.0.0.0": false,
	} {
		if got := publicAddr(mustAddr(addr)); got != want {
			t.Errorf("%s: public = %v", addr, got)
		}
	}
}

func mustAddr(s string) netip.Addr { return netip.MustParseAddr(s) }
