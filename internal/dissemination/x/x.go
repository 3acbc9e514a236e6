// Package x posts articles to X through API v2: POST /2/tweets with
// {"text"} and DELETE /2/tweets/:id, authorised as the posting user:
// with OAuth 1.0a keys, which do not expire, or with an OAuth 2.0
// user-context bearer token (scopes tweet.read, tweet.write, users.read),
// which X expires after two hours.
//
// Posts are fitted to X's weighted 280 (twitter-text v3: the link counts
// 23, CJK and emoji 2). X cannot edit a post through the API; deleting
// and reposting would show the story twice to followers, so corrections
// are skipped with a note for the editor (the error wraps
// errors.ErrUnsupported).
package x

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/dissemination/textfit"
)

// DefaultBase is the X API host.
const DefaultBase = "https://api.x.com"

// Limit is X's weighted post length.
const Limit = 280

const defaultMaxTags = 3

// Connector is the X channel kind.
type Connector struct{}

var _ dissemination.Connector = (*Connector)(nil)

// New returns the X connector.
func New() *Connector { return &Connector{} }

// Kind implements dissemination.Connector.
func (*Connector) Kind() string { return "x" }

// Required implements dissemination.Connector: the user's access token,
// an OAuth 2.0 token alone or, with api_key, api_key_secret and
// access_token_secret beside it, OAuth 1.0a (see oauth1.go).
func (*Connector) Required() (settings, secrets []string) {
	return nil, []string{"access_token"}
}

// Render implements dissemination.Connector.
func (*Connector) Render(ch *dissemination.Channel, it *dissemination.Item) (dissemination.Rendering, error) {
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
	res := textfit.Fit(p, Limit, func(p textfit.Parts) (string, int) {
		s := textfit.Join(p.Title, p.Body, p.URL, p.Tags)
		return s, textfit.XWeighted(s)
	})
	return dissemination.Rendering{Text: res.Text, Length: res.Length, Limit: Limit, Warnings: res.Warnings(Limit, "karakter X (tautan dihitung 23)")}, nil
}

// Deliver implements dissemination.Connector.
func (c *Connector) Deliver(ctx context.Context, ch *dissemination.Channel, it *dissemination.Item, s dissemination.Sender, _ dissemination.Progress) (*dissemination.Remote, error) {
	api, err := newClient(ch, s)
	if err != nil {
		return nil, err
	}
	switch it.Op {
	case dissemination.OpCreate:
		r, _ := c.Render(ch, it)
		var out struct {
			Data struct {
				ID string `json:"id"`
			} `json:"data"`
		}
		if err := api.do(ctx, http.MethodPost, "/2/tweets", map[string]string{"text": r.Text}, &out); err != nil {
			return nil, err
		}
		if out.Data.ID == "" {
			return nil, dissemination.Permanent("X tidak mengembalikan id kiriman.", nil)
		}
		return &dissemination.Remote{ID: out.Data.ID, URL: "https://x.com/i/web/status/" + out.Data.ID}, nil

	case dissemination.OpUpdate:
		return nil, dissemination.Permanent("X tidak mendukung penyuntingan; koreksi tidak dikirim ke X agar pengikut tidak menerima kiriman ganda. Bila perlu, tulis balasan koreksi secara manual.", fmt.Errorf("x: edit post: %w", errors.ErrUnsupported))

	case dissemination.OpDelete:
		if it.Remote == nil || it.Remote.ID == "" {
			return nil, nil
		}
		err := api.do(ctx, http.MethodDelete, "/2/tweets/"+url.PathEscape(it.Remote.ID), nil, nil)
		var he *httpError
		if errors.As(err, &he) && he.status == http.StatusNotFound {
			err = nil // already gone
		}
		if err != nil {
			return nil, err
		}
		return it.Remote, nil
	}
	return nil, dissemination.Permanent(fmt.Sprintf("Operasi %q tidak dikenal untuk X.", it.Op), nil)
}

// Check implements dissemination.Connector: GET /2/users/me.
func (*Connector) Check(ctx context.Context, ch *dissemination.Channel, s dissemination.Sender) error {
	api, err := newClient(ch, s)
	if err != nil {
		return err
	}
	return api.do(ctx, http.MethodGet, "/2/users/me", nil, nil)
}

type client struct {
	base, token string
	// oauth1 signs each request when the channel has OAuth 1.0a
	// secrets; otherwise token is an OAuth 2.0 bearer token.
	oauth1 *oauth1
	s      dissemination.Sender
}

// newClient reads the channel's API base and credentials.
func newClient(ch *dissemination.Channel, s dissemination.Sender) (client, error) {
	o, err := oauth1From(ch.Secrets)
	if err != nil {
		return client{}, dissemination.Permanent(err.Error()+". Lengkapi kredensial kanal di Studio.", nil)
	}
	return client{base: strings.TrimRight(ch.Setting("api_base", DefaultBase), "/"), token: ch.Secrets["access_token"], oauth1: o, s: s}, nil
}

// httpError is an X answer that was not 2xx.
type httpError struct {
	status int
	body   string
}

func (e *httpError) Error() string { return fmt.Sprintf("x: HTTP %d: %s", e.status, e.body) }

func (c client) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return dissemination.Permanent("Kiriman X tidak dapat disusun.", err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return dissemination.Permanent("Alamat API X (api_base) tidak valid. Periksa pengaturan kanal.", err)
	}
	if c.oauth1 != nil {
		h, err := c.oauth1.header(method, req.URL.String(), nil)
		if err != nil {
			return dissemination.Permanent("Alamat API X (api_base) tidak valid. Periksa pengaturan kanal.", err)
		}
		req.Header.Set("Authorization", h)
	} else {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, raw, err := dissemination.Exchange(c.s, req, "X", out)
	if err != nil || res == nil {
		return err
	}
	he := &httpError{status: res.StatusCode, body: strings.TrimSpace(string(raw))}
	lower := strings.ToLower(he.body)
	switch {
	case res.StatusCode == http.StatusForbidden && strings.Contains(lower, "duplicate content"):
		// X has no idempotency key: an earlier attempt may have posted
		// and died before recording it.
		return dissemination.Permanent("X menolak kiriman ganda: isi yang sama sudah ada di akun ini, mungkin dari percobaan sebelumnya. Periksa akun X.", he)
	case res.StatusCode == http.StatusNotFound:
		return dissemination.Permanent("Kiriman X tidak ditemukan.", he)
	}
	err = dissemination.CheckResponse(res, "X")
	var de *dissemination.Error
	if errors.As(err, &de) {
		de.Err = errors.Join(de.Err, he)
	}
	return err
}
