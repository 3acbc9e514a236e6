package x

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/dissemination"
)

// The worked example of X's "Creating a signature" page, whose values many
// OAuth libraries test against.
func TestOAuth1DocumentedSignature(t *testing.T) {
	o := &oauth1{
		consumerKey: "xvz1evFS4wEEPTGEFPHBog", consumerSecret: "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
		token: "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", tokenSecret: "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE",
		now:   func() time.Time { return time.Unix(1318622958, 0) },
		nonce: func() string { return "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg" },
	}
	form := url.Values{"status": {"Hello Ladies + Gentlemen, a signed OAuth request!"}}
	h, err := o.header("POST", "https://api.twitter.com/1.1/statuses/update.json?include_entities=true", form)
	if err != nil {
		t.Fatal(err)
	}
	want := `OAuth oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog", oauth_nonce="kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", ` +
		`oauth_signature="hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1318622958", ` +
		`oauth_token="370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", oauth_version="1.0"`
	if h != want {
		t.Errorf("header\n got %s\nwant %s", h, want)
	}
	u, _ := url.Parse("https://api.twitter.com/1.1/statuses/update.json?include_entities=true")
	params := url.Values{"status": form["status"], "include_entities": {"true"}, "oauth_consumer_key": {o.consumerKey},
		"oauth_nonce": {o.nonce()}, "oauth_signature_method": {"HMAC-SHA1"}, "oauth_timestamp": {"1318622958"},
		"oauth_token": {o.token}, "oauth_version": {"1.0"}}
	wantBase := "POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521"
	if got := baseString("POST", u, params); got != wantBase {
		t.Errorf("base string\n got %s\nwant %s", got, wantBase)
	}
}

// A key that is a prefix of another sorts first, and equal keys sort by
// value, whatever characters follow.
func TestOAuth1ParameterOrder(t *testing.T) {
	u, _ := url.Parse("https://api.x.com/2/x")
	got := baseString("get", u, url.Values{"a1": {"x"}, "a": {"z", "y"}, "a-b": {"1"}})
	want := "GET&https%3A%2F%2Fapi.x.com%2F2%2Fx&" + percent("a=y&a=z&a-b=1&a1=x")
	if got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

func oauth1Channel(base string) *dissemination.Channel {
	return &dissemination.Channel{ID: "x1", Kind: "x", Settings: map[string]string{"api_base": base}, Secrets: map[string]string{
		"api_key": "ck-warta", "api_key_secret": "cs/rahasia+1", "access_token": "1234-tok", "access_token_secret": "ts rahasia"}}
}

// With the four OAuth 1.0a keys the post is signed for the user, and the
// signature checks out against the secrets.
func TestCreateSignsWithOAuth1(t *testing.T) {
	var seen atomic.Bool
	var srvURL string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Get("Authorization")
		fields, ok := parseOAuthHeader(h)
		if !ok {
			t.Errorf("Authorization = %q", h)
			http.Error(w, "unauthorized", 401)
			return
		}
		if fields["oauth_consumer_key"] != "ck-warta" || fields["oauth_token"] != "1234-tok" || fields["oauth_signature_method"] != "HMAC-SHA1" || fields["oauth_version"] != "1.0" {
			t.Errorf("oauth fields %v", fields)
		}
		sig := fields["oauth_signature"]
		params := url.Values{}
		for k, v := range fields {
			if k != "oauth_signature" {
				params.Set(k, v)
			}
		}
		u, _ := url.Parse(srvURL + r.URL.Path)
		o := &oauth1{consumerSecret: "cs/rahasia+1", tokenSecret: "ts rahasia"}
		if want := o.sign(baseString(r.Method, u, params)); sig != want {
			t.Errorf("signature %q, want %q", sig, want)
		}
		seen.Store(true)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"data":{"id":"1445880548472328192","text":"…"}}`))
	}))
	defer srv.Close()
	srvURL = srv.URL
	rem, err := New().Deliver(context.Background(), oauth1Channel(srv.URL), item(dissemination.OpCreate, nil), sender(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !seen.Load() || rem.ID != "1445880548472328192" {
		t.Errorf("remote %+v, request seen %v", rem, seen.Load())
	}
}

func parseOAuthHeader(h string) (map[string]string, bool) {
	rest, ok := strings.CutPrefix(h, "OAuth ")
	if !ok {
		return nil, false
	}
	out := map[string]string{}
	for _, part := range strings.Split(rest, ", ") {
		k, v, ok := strings.Cut(part, "=")
		if !ok || len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
			return nil, false
		}
		dv, err := url.PathUnescape(v[1 : len(v)-1])
		if err != nil {
			return nil, false
		}
		out[k] = dv
	}
	return out, true
}

// Half a set of OAuth 1.0a keys is a mistake the editor must fix: nothing
// is sent, and the message names what is missing.
func TestIncompleteOAuth1KeysArePermanent(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1) }))
	defer srv.Close()
	ch := oauth1Channel(srv.URL)
	delete(ch.Secrets, "access_token_secret")
	_, err := New().Deliver(context.Background(), ch, item(dissemination.OpCreate, nil), sender(), nil)
	var de *dissemination.Error
	if !errors.As(err, &de) || de.Retryable || !strings.Contains(err.Error(), "access_token_secret") {
		t.Fatalf("err = %v", err)
	}
	if err := New().Check(context.Background(), ch, sender()); err == nil || !strings.Contains(err.Error(), "access_token_secret") {
		t.Errorf("check err = %v", err)
	}
	if calls.Load() != 0 {
		t.Errorf("%d requests sent with incomplete keys", calls.Load())
	}
}
