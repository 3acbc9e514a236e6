// Package facebook delivers articles to a Facebook Page through the Graph
// API: POST /{page-id}/feed with message and link, POST /{post-id} to
// edit the message after a correction, DELETE /{post-id} on
// unpublication.
package facebook

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/dissemination/graph"
	"github.com/kominfo-jatim/warta/internal/dissemination/textfit"
)

// Limit is the length of a Page post message.
const Limit = 63206

const defaultMaxTags = 5

// Connector is the Facebook Page channel kind.
type Connector struct{}

var _ dissemination.Connector = (*Connector)(nil)

// New returns the Facebook Page connector.
func New() *Connector { return &Connector{} }

// Kind implements dissemination.Connector.
func (*Connector) Kind() string { return "facebook" }

// Required implements dissemination.Connector: the Page id and a Page
// access token with pages_manage_posts.
func (*Connector) Required() (settings, secrets []string) {
	return []string{"page_id"}, []string{"access_token"}
}

// Render implements dissemination.Connector. The message carries the
// link as text too; the link parameter makes Facebook show its card.
func (*Connector) Render(ch *dissemination.Channel, it *dissemination.Item) (dissemination.Rendering, error) {
	p := textfit.Parts{
		Title: it.Article.Title,
		Body:  textfit.Summary(it.Article),
		URL:   it.URL,
		Tags:  textfit.Hashtags(it.Article, maxTags(ch)),
	}
	res := textfit.Fit(p, Limit, func(p textfit.Parts) (string, int) {
		s := textfit.Join(p.Title, p.Body, p.URL, p.Tags)
		return s, textfit.Runes(s)
	})
	return dissemination.Rendering{Text: res.Text, Length: res.Length, Limit: Limit, Warnings: res.Warnings(Limit, "karakter Facebook")}, nil
}

func maxTags(ch *dissemination.Channel) int {
	if n, err := strconv.Atoi(ch.Setting("max_hashtags", "")); err == nil && n >= 0 {
		return n
	}
	return defaultMaxTags
}

// Deliver implements dissemination.Connector.
func (c *Connector) Deliver(ctx context.Context, ch *dissemination.Channel, it *dissemination.Item, s dissemination.Sender, _ dissemination.Progress) (*dissemination.Remote, error) {
	api := graph.New(ch, s, "Facebook")
	switch it.Op {
	case dissemination.OpCreate:
		r, _ := c.Render(ch, it)
		var out struct {
			ID string `json:"id"`
		}
		form := url.Values{"message": {r.Text}, "link": {it.URL}}
		if err := api.Post(ctx, url.PathEscape(ch.Settings["page_id"])+"/feed", form, &out); err != nil {
			return nil, err
		}
		if out.ID == "" {
			return nil, dissemination.Permanent("Facebook tidak mengembalikan id kiriman.", nil)
		}
		return &dissemination.Remote{ID: out.ID, URL: permalink(out.ID)}, nil

	case dissemination.OpUpdate:
		if it.Remote == nil || it.Remote.ID == "" {
			return nil, dissemination.Permanent("Artikel ini belum pernah terkirim ke Halaman Facebook ini, jadi tidak ada kiriman yang disunting.", fmt.Errorf("facebook: update without a post id: %w", errors.ErrUnsupported))
		}
		r, _ := c.Render(ch, it)
		// Only the message can change; Facebook keeps the original link.
		if err := api.Post(ctx, url.PathEscape(it.Remote.ID), url.Values{"message": {r.Text}}, nil); err != nil {
			return nil, err
		}
		return it.Remote, nil

	case dissemination.OpDelete:
		if it.Remote == nil || it.Remote.ID == "" {
			return nil, nil
		}
		err := api.Delete(ctx, url.PathEscape(it.Remote.ID), nil)
		if ge, ok := graph.AsError(err); ok && ge.Code == 100 && ge.Subcode == 33 {
			err = nil // already gone
		}
		if err != nil {
			return nil, err
		}
		return it.Remote, nil
	}
	return nil, dissemination.Permanent(fmt.Sprintf("Operasi %q tidak dikenal untuk Facebook.", it.Op), nil)
}

// Check implements dissemination.Connector: GET /{page-id}?fields=name.
func (*Connector) Check(ctx context.Context, ch *dissemination.Channel, s dissemination.Sender) error {
	var out struct {
		Name string `json:"name"`
	}
	return graph.New(ch, s, "Facebook").Get(ctx, url.PathEscape(ch.Settings["page_id"]), url.Values{"fields": {"name"}}, &out)
}

// permalink turns a "{page-id}_{post-id}" id into the post's address.
func permalink(id string) string {
	page, post, ok := strings.Cut(id, "_")
	if !ok {
		return "https://www.facebook.com/" + id
	}
	return "https://www.facebook.com/" + page + "/posts/" + post
}
