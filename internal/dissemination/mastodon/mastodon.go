// Package mastodon posts articles as statuses on a Mastodon account:
// POST /api/v1/statuses with an Idempotency-Key (so a retry after a lost
// answer does not post twice), PUT /api/v1/statuses/:id for corrections
// and DELETE /api/v1/statuses/:id on unpublication.
//
// The character limit is the instance's own, read from GET
// /api/v2/instance (configuration.statuses.max_characters and
// characters_reserved_per_url), cached per channel and refreshed hourly;
// until it is known, Mastodon's default of 500 applies.
package mastodon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/dissemination/textfit"
)

// DefaultLimit is Mastodon's stock status length.
const DefaultLimit = 500

// limitsTTL is how long an instance's limits are trusted.
const limitsTTL = time.Hour

const defaultMaxTags = 5

// Connector is the Mastodon channel kind. It caches each channel's
// instance limits.
type Connector struct {
	// Now is the clock, replaceable in tests.
	Now func() time.Time

	mu     sync.Mutex
	limits map[string]limits // by channel id
}

type limits struct {
	maxChars, urlLen int
	fetched          time.Time
}

var _ dissemination.Connector = (*Connector)(nil)

// New returns the Mastodon connector.
func New() *Connector { return &Connector{Now: time.Now, limits: map[string]limits{}} }

// Kind implements dissemination.Connector.
func (*Connector) Kind() string { return "mastodon" }

// Required implements dissemination.Connector: the instance URL and an
// access token with write:statuses.
func (*Connector) Required() (settings, secrets []string) {
	return []string{"instance"}, []string{"access_token"}
}

// Render implements dissemination.Connector with the cached instance
// limit, or 500 before it is known.
func (c *Connector) Render(ch *dissemination.Channel, it *dissemination.Item) (dissemination.Rendering, error) {
	lim := c.cached(ch)
	max := defaultMaxTags
	if n, err := strconv.Atoi(ch.Setting("max_hashtags", "")); err == nil && n >= 0 {
		max = n
	}
	p := textfit.Parts{
		Title: it.Article.Title,
		Body:  textfit.Summary(it.Article),
		URL:   it.URL,
		Tags:  textfit.Hashtags(it.Article, max),
	}
	count := textfit.Mastodon(lim.urlLen)
	res := textfit.Fit(p, lim.maxChars, func(p textfit.Parts) (string, int) {
		s := textfit.Join(p.Title, p.Body, p.URL, p.Tags)
		return s, count(s)
	})
	return dissemination.Rendering{Text: res.Text, Length: res.Length, Limit: lim.maxChars, Warnings: res.Warnings(lim.maxChars, "karakter Mastodon")}, nil
}

func (c *Connector) cached(ch *dissemination.Channel) limits {
	c.mu.Lock()
	defer c.mu.Unlock()
	if l, ok := c.limits[ch.ID]; ok {
		return l
	}
	return limits{maxChars: DefaultLimit, urlLen: textfit.MastodonURLLength}
}

// refresh reads the instance's limits when the cache is older than an
// hour. A failure keeps what was known: the limit only shapes the text.
func (c *Connector) refresh(ctx context.Context, ch *dissemination.Channel, api client) {
	c.mu.Lock()
	l, ok := c.limits[ch.ID]
	c.mu.Unlock()
	if ok && c.now().Sub(l.fetched) < limitsTTL {
		return
	}
	var inst struct {
		Configuration struct {
			Statuses struct {
				MaxCharacters            int `json:"max_characters"`
				CharactersReservedPerURL int `json:"characters_reserved_per_url"`
			} `json:"statuses"`
		} `json:"configuration"`
	}
	// No answer, or one without the limit (a dry run's stand-in, an old
	// server): keep what was known and ask again next time.
	if api.do(ctx, http.MethodGet, "/api/v2/instance", nil, "", &inst) != nil || inst.Configuration.Statuses.MaxCharacters <= 0 {
		return
	}
	n := limits{maxChars: inst.Configuration.Statuses.MaxCharacters, urlLen: textfit.MastodonURLLength, fetched: c.now()}
	if v := inst.Configuration.Statuses.CharactersReservedPerURL; v > 0 {
		n.urlLen = v
	}
	c.mu.Lock()
	if c.limits == nil {
		c.limits = map[string]limits{}
	}
	c.limits[ch.ID] = n
	c.mu.Unlock()
}

func (c *Connector) now() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}

// Deliver implements dissemination.Connector.
func (c *Connector) Deliver(ctx context.Context, ch *dissemination.Channel, it *dissemination.Item, s dissemination.Sender, _ dissemination.Progress) (*dissemination.Remote, error) {
	api := newClient(ch, s)
	switch it.Op {
	case dissemination.OpCreate:
		c.refresh(ctx, ch, api)
		r, _ := c.Render(ch, it)
		var st status
		if err := api.do(ctx, http.MethodPost, "/api/v1/statuses", c.form(ch, r.Text, true), it.IdempotencyKey(ch), &st); err != nil {
			return nil, err
		}
		if st.ID == "" {
			return nil, dissemination.Permanent("Mastodon tidak mengembalikan id status.", nil)
		}
		return &dissemination.Remote{ID: st.ID, URL: st.URL}, nil

	case dissemination.OpUpdate:
		if it.Remote == nil || it.Remote.ID == "" {
			return nil, dissemination.Permanent("Artikel ini belum pernah terkirim ke akun Mastodon ini, jadi tidak ada status yang disunting.", fmt.Errorf("mastodon: update without a status id: %w", errors.ErrUnsupported))
		}
		c.refresh(ctx, ch, api)
		r, _ := c.Render(ch, it)
		var st status
		if err := api.do(ctx, http.MethodPut, "/api/v1/statuses/"+url.PathEscape(it.Remote.ID), c.form(ch, r.Text, false), "", &st); err != nil {
			return nil, err
		}
		rem := *it.Remote
		if st.URL != "" {
			rem.URL = st.URL
		}
		return &rem, nil

	case dissemination.OpDelete:
		if it.Remote == nil || it.Remote.ID == "" {
			return nil, nil
		}
		err := api.do(ctx, http.MethodDelete, "/api/v1/statuses/"+url.PathEscape(it.Remote.ID), nil, "", nil)
		var he *httpError
		if errors.As(err, &he) && he.status == http.StatusNotFound {
			err = nil // already gone
		}
		if err != nil {
			return nil, err
		}
		return it.Remote, nil
	}
	return nil, dissemination.Permanent(fmt.Sprintf("Operasi %q tidak dikenal untuk Mastodon.", it.Op), nil)
}

// form is the status form: visibility only on creation, since an edit
// cannot change it.
func (*Connector) form(ch *dissemination.Channel, text string, create bool) url.Values {
	f := url.Values{"status": {text}, "language": {ch.Setting("language", "id")}}
	if create {
		f.Set("visibility", ch.Setting("visibility", "public"))
	}
	return f
}

// Check implements dissemination.Connector: GET
// /api/v1/accounts/verify_credentials, and refreshes the instance limits.
func (c *Connector) Check(ctx context.Context, ch *dissemination.Channel, s dissemination.Sender) error {
	api := newClient(ch, s)
	if err := api.do(ctx, http.MethodGet, "/api/v1/accounts/verify_credentials", nil, "", nil); err != nil {
		return err
	}
	c.refresh(ctx, ch, api)
	return nil
}

type status struct {
	ID  string `json:"id"`
	URL string `json:"url"`
}

type client struct {
	base, token string
	s           dissemination.Sender
}

// newClient uses api_base, else the instance setting ("mastodon.social"
// or "https://mastodon.social").
func newClient(ch *dissemination.Channel, s dissemination.Sender) client {
	base := ch.Setting("api_base", ch.Settings["instance"])
	if base != "" && !strings.Contains(base, "://") {
		base = "https://" + base
	}
	return client{base: strings.TrimRight(base, "/"), token: ch.Secrets["access_token"], s: s}
}

// httpError is a Mastodon answer that was not 2xx.
type httpError struct {
	status int
	body   string
}

func (e *httpError) Error() string { return fmt.Sprintf("mastodon: HTTP %d: %s", e.status, e.body) }

func (c client) do(ctx context.Context, method, path string, form url.Values, idempotencyKey string, out any) error {
	if c.base == "" {
		return dissemination.Permanent("Alamat instans Mastodon belum diisi. Isi pengaturan instance kanal (misalnya https://mastodon.social).", nil)
	}
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return dissemination.Permanent("Alamat instans Mastodon tidak valid. Periksa pengaturan instance kanal.", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if idempotencyKey != "" {
		req.Header.Set("Idempotency-Key", idempotencyKey)
	}
	res, raw, err := dissemination.Exchange(c.s, req, "Mastodon", out)
	if err != nil || res == nil {
		return err
	}
	he := &httpError{status: res.StatusCode, body: strings.TrimSpace(string(raw))}
	var msg struct {
		Error string `json:"error"`
	}
	_ = json.Unmarshal(raw, &msg)
	switch {
	case res.StatusCode == http.StatusNotFound:
		return dissemination.Permanent("Status Mastodon tidak ditemukan.", he)
	case res.StatusCode == http.StatusUnprocessableEntity && msg.Error != "":
		return dissemination.Permanent("Mastodon menolak isi kiriman: "+msg.Error, he)
	case res.StatusCode == http.StatusTooManyRequests && res.Header.Get("Retry-After") == "":
		// Mastodon gives the reset as an ISO 8601 time.
		if t, err := time.Parse(time.RFC3339, res.Header.Get("X-RateLimit-Reset")); err == nil {
			return dissemination.Temporary("Mastodon membatasi laju pengiriman; dicoba lagi otomatis.", he, max(time.Until(t), 0))
		}
	}
	err = dissemination.CheckResponse(res, "Mastodon")
	var de *dissemination.Error
	if errors.As(err, &de) {
		de.Err = errors.Join(de.Err, he)
	}
	return err
}
