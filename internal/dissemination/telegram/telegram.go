// Package telegram delivers articles to a Telegram channel through the
// Bot API: sendPhoto (with the lead image) or sendMessage in HTML parse
// mode, editMessageCaption / editMessageText for corrections and
// deleteMessage on unpublication.
//
// The message id is recorded as "photo:123" or "text:123" so that a
// correction uses the edit method matching how the message was sent.
package telegram

import (
	"context"
	"errors"
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/dissemination/textfit"
)

// DefaultBase is the Bot API server.
const DefaultBase = "https://api.telegram.org"

// Limits "after entities parsing", from the Bot API reference.
const (
	TextLimit    = 4096
	CaptionLimit = 1024
)

const defaultMaxTags = 5

// Connector is the Telegram channel kind.
type Connector struct{}

var _ dissemination.Connector = (*Connector)(nil)

// New returns the Telegram connector.
func New() *Connector { return &Connector{} }

// Kind implements dissemination.Connector.
func (*Connector) Kind() string { return "telegram" }

// Required implements dissemination.Connector: chat_id is the channel
// ("@kanal" or its numeric id); bot_token comes from @BotFather.
func (*Connector) Required() (settings, secrets []string) {
	return []string{"chat_id"}, []string{"bot_token"}
}

// Render implements dissemination.Connector. A new article with an image
// becomes a photo with a caption (1024); otherwise a text message (4096).
// A correction keeps the form of the message it edits.
func (*Connector) Render(ch *dissemination.Channel, it *dissemination.Item) (dissemination.Rendering, error) {
	photo := it.ImageURL != ""
	if it.Remote != nil {
		if kind, _, ok := parseRemote(it.Remote.ID); ok {
			photo = kind == "photo"
		}
	}
	limit, unit := TextLimit, "karakter pesan Telegram"
	if photo {
		limit, unit = CaptionLimit, "karakter keterangan foto Telegram"
	}
	p := textfit.Parts{
		Title: it.Article.Title,
		Body:  textfit.Summary(it.Article),
		URL:   it.URL,
		Tags:  textfit.Hashtags(it.Article, maxTags(ch)),
	}
	res := textfit.Fit(p, limit, compose)
	r := dissemination.Rendering{Text: res.Text, Length: res.Length, Limit: limit, Warnings: res.Warnings(limit, unit)}
	if photo {
		r.ImageURL = it.ImageURL
	}
	return r, nil
}

// compose lays a post out in HTML parse mode and counts what Telegram
// counts: the text left after the tags are parsed away.
func compose(p textfit.Parts) (string, int) {
	title := ""
	if p.Title != "" {
		title = "<b>" + html.EscapeString(p.Title) + "</b>"
	}
	text := textfit.Join(title, html.EscapeString(p.Body), html.EscapeString(p.URL), p.Tags)
	return text, textfit.UTF16(textfit.Join(p.Title, p.Body, p.URL, p.Tags))
}

func maxTags(ch *dissemination.Channel) int {
	if n, err := strconv.Atoi(ch.Setting("max_hashtags", "")); err == nil && n >= 0 {
		return n
	}
	return defaultMaxTags
}

// Deliver implements dissemination.Connector.
func (c *Connector) Deliver(ctx context.Context, ch *dissemination.Channel, it *dissemination.Item, s dissemination.Sender, _ dissemination.Progress) (*dissemination.Remote, error) {
	api := newClient(ch, s)
	chatID := ch.Settings["chat_id"]
	switch it.Op {
	case dissemination.OpCreate:
		r, _ := c.Render(ch, it)
		var msg message
		var err error
		kind := "text"
		if r.ImageURL != "" {
			kind = "photo"
			err = api.call(ctx, "sendPhoto", map[string]any{
				"chat_id": chatID, "photo": r.ImageURL, "caption": r.Text, "parse_mode": "HTML",
			}, &msg)
		} else {
			err = api.call(ctx, "sendMessage", map[string]any{
				"chat_id": chatID, "text": r.Text, "parse_mode": "HTML",
			}, &msg)
		}
		if err != nil {
			return nil, err
		}
		return &dissemination.Remote{ID: fmt.Sprintf("%s:%d", kind, msg.MessageID), URL: msg.link()}, nil

	case dissemination.OpUpdate:
		kind, id, ok := remote(it)
		if !ok {
			return nil, dissemination.Permanent("Artikel ini belum pernah terkirim ke kanal Telegram ini, jadi tidak ada pesan yang disunting.", fmt.Errorf("telegram: update without a message id: %w", errors.ErrUnsupported))
		}
		r, _ := c.Render(ch, it)
		method, field := "editMessageText", "text"
		if kind == "photo" {
			method, field = "editMessageCaption", "caption"
		}
		err := api.call(ctx, method, map[string]any{
			"chat_id": chatID, "message_id": id, field: r.Text, "parse_mode": "HTML",
		}, nil)
		if err != nil && !isDescription(err, "message is not modified") {
			return nil, err
		}
		return it.Remote, nil

	case dissemination.OpDelete:
		_, id, ok := remote(it)
		if !ok {
			return nil, nil // nothing was ever posted
		}
		err := api.call(ctx, "deleteMessage", map[string]any{"chat_id": chatID, "message_id": id}, nil)
		switch {
		case err == nil, isDescription(err, "message to delete not found"):
			return it.Remote, nil
		case isDescription(err, "message can't be deleted"):
			return nil, dissemination.Permanent("Telegram tidak mengizinkan bot menghapus pesan ini (pesan lebih dari 48 jam atau bot bukan admin kanal). Hapus pesan secara manual di kanal.", err)
		}
		return nil, err
	}
	return nil, dissemination.Permanent(fmt.Sprintf("Operasi %q tidak dikenal untuk Telegram.", it.Op), nil)
}

// Check implements dissemination.Connector with getMe, then confirms the
// bot can see the channel with getChat.
func (*Connector) Check(ctx context.Context, ch *dissemination.Channel, s dissemination.Sender) error {
	api := newClient(ch, s)
	if err := api.call(ctx, "getMe", nil, nil); err != nil {
		return err
	}
	return api.call(ctx, "getChat", map[string]any{"chat_id": ch.Settings["chat_id"]}, nil)
}

func remote(it *dissemination.Item) (kind string, id int64, ok bool) {
	if it.Remote == nil {
		return "", 0, false
	}
	return parseRemote(it.Remote.ID)
}

// parseRemote reads "photo:123" or "text:123"; a bare number is taken as
// a text message.
func parseRemote(s string) (kind string, id int64, ok bool) {
	kind, num, found := strings.Cut(s, ":")
	if !found {
		kind, num = "text", s
	}
	id, err := strconv.ParseInt(num, 10, 64)
	if err != nil || (kind != "photo" && kind != "text") {
		return "", 0, false
	}
	return kind, id, true
}

// message is the part of a Bot API Message Warta uses.
type message struct {
	MessageID int64 `json:"message_id"`
	Chat      struct {
		ID       int64  `json:"id"`
		Username string `json:"username"`
	} `json:"chat"`
}

// link is the public t.me address of a message in a public channel.
func (m message) link() string {
	if m.Chat.Username == "" {
		return ""
	}
	return fmt.Sprintf("https://t.me/%s/%d", m.Chat.Username, m.MessageID)
}
