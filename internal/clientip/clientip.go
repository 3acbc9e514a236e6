// Package clientip tells which address a request came from. Rate limits
// (clinic reports, contest votes, logins) and the audit log key on it, so
// behind a reverse proxy it must be the citizen's address, not the
// proxy's — and it must not be whatever a client writes into
// X-Forwarded-For itself. Only proxies listed as trusted are believed.
package clientip

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Of returns the host part of the request's RemoteAddr: the client's
// address once Trusted.Middleware has run.
func Of(r *http.Request) string {
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}

// Trusted lists the networks of reverse proxies whose X-Forwarded-For
// Warta believes.
type Trusted []netip.Prefix

// Parse reads a comma-separated list of addresses and CIDR networks
// ("127.0.0.1, 10.0.0.0/8, ::1"). An empty list trusts nobody.
func Parse(list string) (Trusted, error) {
	var t Trusted
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			t = append(t, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("clientip: %q bukan alamat IP atau jaringan CIDR (mis. 10.0.0.0/8)", f)
		}
		t = append(t, netip.PrefixFrom(a, a.BitLen()))
	}
	return t, nil
}

func (t Trusted) contains(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range t {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// Client returns the client's address for a request that arrived from
// peer with the given X-Forwarded-For values: walking the chain from the
// nearest hop, the first address that is not a trusted proxy. A peer that
// is not trusted is the client, whatever it claims.
func (t Trusted) Client(peer string, forwarded []string) string {
	a, err := netip.ParseAddr(peer)
	if err != nil || !t.contains(a) {
		return peer
	}
	var hops []string
	for _, v := range forwarded {
		hops = append(hops, strings.Split(v, ",")...)
	}
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		h, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // a malformed hop: stop at the last address we can vouch for
		}
		client = h.Unmap().String()
		if !t.contains(h) {
			break
		}
	}
	return client
}

// Middleware rewrites RemoteAddr to the client's address when the request
// came through trusted proxies, so every handler's Of sees the citizen.
func (t Trusted) Middleware(next http.Handler) http.Handler {
	if len(t) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fwd := r.Header.Values("X-Forwarded-For")
		if len(fwd) == 0 {
			next.ServeHTTP(w, r)
			return
		}
		peer := Of(r)
		if client := t.Client(peer, fwd); client != peer {
			r2 := *r
			r2.RemoteAddr = net.JoinHostPort(client, "0")
			r = &r2
		}
		next.ServeHTTP(w, r)
	})
}
