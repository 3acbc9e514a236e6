// Package uji is a test channel (kind "uji"): a connector for a small
// Mastodon-like API, and a Server that speaks that API, records every
// request and fails on demand. The engine's tests, the kill -9 test and
// the dissemination benchmark deliver through it; it is in the warta
// binary only when built with -tags warta_uji.
//
// The API: POST /posts creates a post (Idempotency-Key honoured: the same
// key returns the same post), PUT /posts/{id} edits it, DELETE /posts/{id}
// removes it, GET /me checks the token. With the setting two_step=1 a post
// is made in two steps instead, the way Instagram's containers are: POST
// /drafts, then POST /drafts/{id}/publish. Every request carries
// "Authorization: Bearer <token>".
package uji

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/kominfo-jatim/warta/internal/dissemination"
)

// Kind is the channel kind.
const Kind = "uji"

// Limit is the post length limit, in characters.
const Limit = 500

// Connector is the uji connector.
type Connector struct{}

// New returns the connector.
func New() *Connector { return &Connector{} }

// Kind implements dissemination.Connector.
func (*Connector) Kind() string { return Kind }

// Required implements dissemination.Connector.
func (*Connector) Required() (settings, secrets []string) {
	return []string{"api_base"}, []string{"token"}
}

// Post is the JSON body of a create or an edit.
type Post struct {
	Text     string `json:"text"`
	URL      string `json:"url"`
	ImageURL string `json:"image_url,omitempty"`
}

// Render implements dissemination.Connector: the title, the dek and the
// link, shortened to fit Limit.
func (*Connector) Render(ch *dissemination.Channel, it *dissemination.Item) (dissemination.Rendering, error) {
	text := it.Article.Title
	if it.Article.Dek != "" {
		text += "\n\n" + it.Article.Dek
	}
	r := dissemination.Rendering{Limit: Limit, ImageURL: it.ImageURL}
	room := Limit - len([]rune(it.URL)) - 2
	if runes := []rune(text); len(runes) > room {
		text = string(runes[:room-1]) + "…"
		r.Warnings = append(r.Warnings, fmt.Sprintf("Teks dipotong agar muat %d karakter.", Limit))
	}
	r.Text = text + "\n\n" + it.URL
	r.Length = len([]rune(r.Text))
	return r, nil
}

// Deliver implements dissemination.Connector.
func (c *Connector) Deliver(ctx context.Context, ch *dissemination.Channel, it *dissemination.Item, s dissemination.Sender, p dissemination.Progress) (*dissemination.Remote, error) {
	r, _ := c.Render(ch, it)
	post := Post{Text: r.Text, URL: it.URL, ImageURL: it.ImageURL}
	key := it.IdempotencyKey(ch)
	switch it.Op {
	case dissemination.OpUpdate:
		return call(ctx, ch, s, http.MethodPut, "/posts/"+it.Remote.ID, post, key)
	case dissemination.OpDelete:
		_, err := call(ctx, ch, s, http.MethodDelete, "/posts/"+it.Remote.ID, nil, key)
		return it.Remote, err
	}
	if ch.Setting("two_step", "") != "1" {
		return call(ctx, ch, s, http.MethodPost, "/posts", post, key)
	}
	draft := p.Step("draft")
	if draft == "" {
		d, err := call(ctx, ch, s, http.MethodPost, "/drafts", post, key)
		if err != nil {
			return nil, err
		}
		if err := p.SaveStep(ctx, "draft", d.ID); err != nil {
			return nil, err
		}
		draft = d.ID
	}
	return call(ctx, ch, s, http.MethodPost, "/drafts/"+draft+"/publish", nil, "")
}

// Check implements dissemination.Connector.
func (*Connector) Check(ctx context.Context, ch *dissemination.Channel, s dissemination.Sender) error {
	_, err := call(ctx, ch, s, http.MethodGet, "/me", nil, "")
	return err
}

// call makes one API request and reads the post it answers with.
func call(ctx context.Context, ch *dissemination.Channel, s dissemination.Sender, method, path string, body any, key string) (*dissemination.Remote, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, dissemination.Permanent("Isi kiriman tidak dapat disusun.", err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(ch.Setting("api_base", ""), "/")+path, rd)
	if err != nil {
		return nil, dissemination.Permanent("Alamat API kanal uji (api_base) tidak valid.", err)
	}
	req.Header.Set("Authorization", "Bearer "+ch.Secrets["token"])
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	res, err := s.Do(req)
	if err != nil {
		return nil, dissemination.AsError(err)
	}
	if method == http.MethodDelete && res.StatusCode == http.StatusNotFound {
		res.Body.Close()
		return nil, nil // already gone
	}
	if err := dissemination.CheckResponse(res, "Kanal uji"); err != nil {
		return nil, err
	}
	defer res.Body.Close()
	var out struct {
		ID  string `json:"id"`
		URL string `json:"url"`
	}
	if err := json.NewDecoder(io.LimitReader(res.Body, 1<<20)).Decode(&out); err != nil && method != http.MethodDelete {
		return nil, dissemination.Temporary("Jawaban kanal uji tidak terbaca; dicoba lagi otomatis.", err, 0)
	}
	return &dissemination.Remote{ID: out.ID, URL: out.URL}, nil
}
