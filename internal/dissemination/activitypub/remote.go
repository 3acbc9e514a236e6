package activitypub

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Remote actors: fetched to learn the key that signed an inbox request and
// where to send the Accept and later deliveries.

const (
	fetchTimeout = 5 * time.Second
	keyCacheTTL  = time.Hour
	keyCacheMax  = 4096
	maxDocument  = 1 << 20
)

// errActorGone means the signer's actor answered 410 Gone: the account was
// deleted, and its own Delete cannot be verified any more.
var errActorGone = errors.New("signer's actor is gone")

// remoteActor is what the site needs to know about a signer.
type remoteActor struct {
	ID          string
	Inbox       string
	SharedInbox string
	Key         *rsa.PublicKey
}

type cachedKey struct {
	actor   *remoteActor // nil when gone
	fetched time.Time
}

type keyCache struct {
	mu sync.Mutex
	m  map[string]*cachedKey
}

// signer returns the actor owning keyID, from the cache unless fresh is
// set; age is how long ago it was fetched.
func (a *Actor) signer(ctx context.Context, keyID string, fresh bool) (ra *remoteActor, age time.Duration, err error) {
	now := a.now()
	a.keys.mu.Lock()
	c := a.keys.m[keyID]
	a.keys.mu.Unlock()
	if c != nil && !fresh && now.Sub(c.fetched) < keyCacheTTL {
		if c.actor == nil {
			return nil, now.Sub(c.fetched), errActorGone
		}
		return c.actor, now.Sub(c.fetched), nil
	}
	ra, err = a.fetchSigner(ctx, keyID)
	if err != nil && !errors.Is(err, errActorGone) {
		return nil, 0, err
	}
	a.keys.mu.Lock()
	if len(a.keys.m) >= keyCacheMax {
		clear(a.keys.m) // rare; simpler than LRU and bounded
	}
	a.keys.m[keyID] = &cachedKey{actor: ra, fetched: now}
	a.keys.mu.Unlock()
	return ra, 0, err
}

// actorDoc is the part of an actor (or key) document the site reads.
type actorDoc struct {
	ID        string          `json:"id"`
	Type      string          `json:"type"`
	Inbox     string          `json:"inbox"`
	PublicKey json.RawMessage `json:"publicKey"`
	Endpoints struct {
		SharedInbox string `json:"sharedInbox"`
	} `json:"endpoints"`
	// Set when the keyId names a key document of its own (GoToSocial).
	Owner        string `json:"owner"`
	PublicKeyPem string `json:"publicKeyPem"`
}

type keyDoc struct {
	ID           string `json:"id"`
	Owner        string `json:"owner"`
	PublicKeyPem string `json:"publicKeyPem"`
}

// fetchSigner fetches the document keyID points to. Mastodon's keyIds are
// the actor URL with #main-key; some servers name a separate key document
// whose owner is the actor. The key must be on the same host as the actor
// and the actor must claim it.
func (a *Actor) fetchSigner(ctx context.Context, keyID string) (*remoteActor, error) {
	doc, err := a.fetchDoc(ctx, keyID)
	if err != nil {
		return nil, err
	}
	var pemText string
	if doc.Inbox == "" && doc.Owner != "" {
		// A key document: the actor is its owner.
		owner := doc.Owner
		pemText = doc.PublicKeyPem
		if doc.ID != keyID {
			return nil, fmt.Errorf("%w: key document %s is not %s", ErrSignature, doc.ID, keyID)
		}
		if doc, err = a.fetchDoc(ctx, owner); err != nil {
			return nil, err
		}
		if doc.ID != owner {
			return nil, fmt.Errorf("%w: key owner %s answered as %s", ErrSignature, owner, doc.ID)
		}
	}
	if doc.ID == "" || doc.Inbox == "" {
		return nil, fmt.Errorf("%w: %s is not an actor", ErrSignature, keyID)
	}
	if !sameHost(doc.ID, keyID) {
		return nil, fmt.Errorf("%w: key %s does not belong to %s", ErrSignature, keyID, doc.ID)
	}
	if p, owner, ok := findKey(doc.PublicKey, keyID); ok {
		if owner != "" && owner != doc.ID {
			return nil, fmt.Errorf("%w: key %s is owned by %s, not %s", ErrSignature, keyID, owner, doc.ID)
		}
		pemText = p
	}
	if pemText == "" {
		return nil, fmt.Errorf("%w: %s publishes no key %s", ErrSignature, doc.ID, keyID)
	}
	key, err := parsePublicKey(pemText)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSignature, err)
	}
	return &remoteActor{ID: doc.ID, Inbox: doc.Inbox, SharedInbox: doc.Endpoints.SharedInbox, Key: key}, nil
}

// findKey looks for keyID in an actor's publicKey, which is one object or
// a list of them.
func findKey(raw json.RawMessage, keyID string) (pemText, owner string, ok bool) {
	var keys []keyDoc
	var one keyDoc
	if json.Unmarshal(raw, &one) == nil && one.ID != "" {
		keys = []keyDoc{one}
	} else {
		json.Unmarshal(raw, &keys)
	}
	for _, k := range keys {
		if k.ID == keyID {
			return k.PublicKeyPem, k.Owner, true
		}
	}
	return "", "", false
}

// fetchDoc GETs an ActivityPub document, signed with the site's key so that
// servers in secure mode (authorized fetch) answer.
func (a *Actor) fetchDoc(ctx context.Context, rawURL string) (*actorDoc, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("%w: keyId %q is not an http(s) URL", ErrSignature, rawURL)
	}
	u.Fragment = ""
	ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", acceptHeader)
	req.Header.Set("User-Agent", a.userAgent())
	if err := Sign(req, a.KeyID(), a.key, nil); err != nil {
		return nil, err
	}
	res, err := a.cfg.Client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("activitypub: fetch %s: %w", u, err)
	}
	defer res.Body.Close()
	if res.StatusCode == http.StatusGone {
		return nil, errActorGone
	}
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("activitypub: fetch %s: HTTP %d", u, res.StatusCode)
	}
	var doc actorDoc
	if err := json.NewDecoder(io.LimitReader(res.Body, maxDocument)).Decode(&doc); err != nil {
		return nil, fmt.Errorf("activitypub: fetch %s: %w", u, err)
	}
	return &doc, nil
}

func parsePublicKey(s string) (*rsa.PublicKey, error) {
	block, _ := pem.Decode([]byte(s))
	if block == nil {
		return nil, errors.New("publicKeyPem is not PEM")
	}
	var key any
	var err error
	if block.Type == "RSA PUBLIC KEY" {
		key, err = x509.ParsePKCS1PublicKey(block.Bytes)
	} else {
		key, err = x509.ParsePKIXPublicKey(block.Bytes)
	}
	if err != nil {
		return nil, err
	}
	rsaKey, ok := key.(*rsa.PublicKey)
	if !ok {
		return nil, errors.New("publicKeyPem is not an RSA key")
	}
	if n := rsaKey.N.BitLen(); n < 2048 || n > 8192 {
		return nil, fmt.Errorf("RSA key of %d bits; 2048 to 8192 accepted", n)
	}
	return rsaKey, nil
}

func sameHost(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	return err1 == nil && err2 == nil && ua.Host != "" && strings.EqualFold(ua.Host, ub.Host)
}

func (a *Actor) userAgent() string { return "Warta (+" + a.base + ")" }

// publicClient is an HTTP client that only connects to public addresses.
func publicClient() *http.Client {
	dialer := &net.Dialer{
		Timeout: fetchTimeout,
		Control: func(network, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			ip, err := netip.ParseAddr(host)
			if err != nil || !publicAddr(ip) {
				return fmt.Errorf("activitypub: refusing to connect to non-public address %s", host)
			}
			return nil
		},
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = dialer.DialContext
	tr.Proxy = nil
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}
}

var sharedAddressSpace = netip.MustParsePrefix("100.64.0.0/10")

func publicAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsGlobalUnicast() && !ip.IsPrivate() && !ip.IsLoopback() && !ip.IsLinkLocalUnicast() &&
		!sharedAddressSpace.Contains(ip)
}
