package clientip

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestClientBehindTrustedProxies(t *testing.T) {
	trusted, err := Parse("127.0.0.1, 10.0.0.0/8, ::1")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		peer string
		fwd  []string
		want string
	}{
		{"127.0.0.1", nil, "127.0.0.1"},
		{"127.0.0.1", []string{"203.0.113.7"}, "203.0.113.7"},
		// A client's own forged entry sits left of the real one.
		{"127.0.0.1", []string{"1.2.3.4, 203.0.113.7"}, "203.0.113.7"},
		{"127.0.0.1", []string{"1.2.3.4", "203.0.113.7, 10.1.2.3"}, "203.0.113.7"},
		// Not through a trusted proxy: the header is ignored.
		{"198.51.100.9", []string{"203.0.113.7"}, "198.51.100.9"},
		{"127.0.0.1", []string{"bukan-ip, 203.0.113.7"}, "203.0.113.7"},
		{"127.0.0.1", []string{"203.0.113.7, bukan-ip"}, "127.0.0.1"},
		{"::1", []string{"2001:db8::5"}, "2001:db8::5"},
		{"127.0.0.1", []string{"10.0.0.2, 10.0.0.3"}, "10.0.0.2"},
	} {
		if got := trusted.Client(c.peer, c.fwd); got != c.want {
			t.Errorf("Client(%s, %q) = %s, want %s", c.peer, c.fwd, got, c.want)
		}
	}
	if _, err := Parse("10.0.0.0/8, proksi"); err == nil {
		t.Error("a bad entry was accepted")
	}
}

func TestMiddlewareRewritesRemoteAddr(t *testing.T) {
	var seen string
	h := func(tr Trusted) http.Handler {
		return tr.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen = Of(r) }))
	}
	trusted, _ := Parse("192.0.2.1")
	req := httptest.NewRequest("GET", "/klinik", nil)
	req.RemoteAddr = "192.0.2.1:41000"
	req.Header.Set("X-Forwarded-For", "203.0.113.7")
	h(trusted).ServeHTTP(httptest.NewRecorder(), req)
	if seen != "203.0.113.7" {
		t.Fatalf("behind the proxy: %s", seen)
	}
	h(nil).ServeHTTP(httptest.NewRecorder(), req)
	if seen != "192.0.2.1" {
		t.Fatalf("with no trusted proxy the header counted: %s", seen)
	}
}
