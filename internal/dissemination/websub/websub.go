// Package websub pings a WebSub hub when feeds change (channel kind
// "websub"), so feed readers subscribed through the hub get new articles
// pushed within seconds instead of polling.
//
// Every feed Warta serves advertises the hub with rel="hub" (feed.Site.Hub)
// and itself with rel="self"; the self URL is the topic. When an article is
// published, corrected or unpublished, the site feeds and the feeds of the
// article's sections (its regions, stages, source agency and tags), each in
// RSS, Atom and JSON Feed, have changed. WebSub leaves the publisher's ping
// to the hub; Warta uses the de facto form from PubSubHubbub 0.3 that hubs
// accept (Google's, Superfeedr, WebSub.Rocks):
//
//	POST {hub}
//	Content-Type: application/x-www-form-urlencoded
//
//	hub.mode=publish&hub.url={topic}
//
// one request per topic, since not every hub accepts a repeated hub.url.
// Each topic pinged is recorded in the delivery's progress, so a retry after
// a failure pings only the rest.
package websub

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/kominfo-jatim/warta/internal/dissemination"
)

// Feed extensions, as the portal serves them: RSS, Atom, JSON Feed.
var extensions = []string{".xml", ".atom", ".json"}

// Connector pings the configured hub.
type Connector struct {
	// BaseURL is the site's base URL, for the check ping, which has no item.
	BaseURL string
}

// New returns the WebSub connector for the site at baseURL.
func New(baseURL string) *Connector { return &Connector{BaseURL: baseURL} }

// Kind implements dissemination.Connector.
func (c *Connector) Kind() string { return "websub" }

// Required implements dissemination.Connector: the hub URL. A ping needs no
// credentials, so the channel never runs dry.
func (c *Connector) Required() (settings, secrets []string) { return []string{"hub"}, nil }

// Topics returns the feed URLs under base that change with the item, site
// feeds first.
func Topics(base string, it *dissemination.Item) []string {
	base = strings.TrimRight(base, "/")
	paths := []string{"/feed"}
	a := it.Article
	for _, r := range a.Regions {
		paths = append(paths, "/wilayah/"+r.Slug+"/feed")
	}
	for _, s := range a.Stages {
		paths = append(paths, "/tahapan/"+s.Slug+"/feed")
	}
	if a.Agency.Slug != "" {
		paths = append(paths, "/sumber/"+a.Agency.Slug+"/feed")
	}
	for _, t := range a.Tags {
		paths = append(paths, "/tag/"+t.Slug+"/feed")
	}
	var out []string
	for _, p := range paths {
		for _, ext := range extensions {
			out = append(out, base+p+ext)
		}
	}
	return out
}

// base is the site's base URL: the item's, else the connector's.
func (c *Connector) base(it *dissemination.Item) string {
	if it.Site.BaseURL != "" {
		return it.Site.BaseURL
	}
	return c.BaseURL
}

// Render implements dissemination.Connector: the topics to be pinged, one
// per line.
func (c *Connector) Render(ch *dissemination.Channel, it *dissemination.Item) (dissemination.Rendering, error) {
	topics := Topics(c.base(it), it)
	r := dissemination.Rendering{Text: strings.Join(topics, "\n"), Length: len(topics)}
	if ch.Setting("hub", "") == "" {
		r.Warnings = append(r.Warnings, "Alamat hub WebSub belum diisi; pemberitahuan tidak akan dikirim.")
	}
	return r, nil
}

// Deliver implements dissemination.Connector: a publish ping per topic.
func (c *Connector) Deliver(ctx context.Context, ch *dissemination.Channel, it *dissemination.Item, s dissemination.Sender, p dissemination.Progress) (*dissemination.Remote, error) {
	topics := Topics(c.base(it), it)
	for _, topic := range topics {
		key := "topic:" + topic
		if p != nil && p.Step(key) != "" {
			continue
		}
		if err := ping(ctx, ch, s, topic); err != nil {
			return nil, err
		}
		if p != nil {
			if err := p.SaveStep(ctx, key, "ok"); err != nil {
				return nil, dissemination.AsError(err)
			}
		}
	}
	return &dissemination.Remote{ID: ch.Setting("hub", "")}, nil
}

// Check implements dissemination.Connector by pinging the site's RSS feed,
// which is harmless: the hub fetches it and finds nothing new.
func (c *Connector) Check(ctx context.Context, ch *dissemination.Channel, s dissemination.Sender) error {
	return ping(ctx, ch, s, strings.TrimRight(c.BaseURL, "/")+"/feed.xml")
}

// ping tells the hub that topic changed.
func ping(ctx context.Context, ch *dissemination.Channel, s dissemination.Sender, topic string) error {
	hub := ch.Setting("hub", "")
	if hub == "" {
		return dissemination.Permanent("Alamat hub WebSub (hub) belum diisi di pengaturan kanal.", nil)
	}
	form := url.Values{"hub.mode": {"publish"}, "hub.url": {topic}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hub, strings.NewReader(form.Encode()))
	if err != nil {
		return dissemination.Permanent("Alamat hub WebSub tidak valid.", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", "Warta-WebSub/1")
	res, err := s.Do(req)
	if err != nil {
		return dissemination.AsError(err)
	}
	if err := dissemination.CheckResponse(res, "Hub WebSub"); err != nil {
		return err
	}
	io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	res.Body.Close()
	return nil
}
