package feed

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// JSONFeedVersion is the version URL of the JSON Feed format written.
const JSONFeedVersion = "https://jsonfeed.org/version/1.1"

type jsonFeed struct {
	Version     string       `json:"version"`
	Title       string       `json:"title"`
	HomePageURL string       `json:"home_page_url"`
	FeedURL     string       `json:"feed_url"`
	Description string       `json:"description,omitempty"`
	Language    string       `json:"language"`
	Authors     []jsonAuthor `json:"authors,omitempty"`
	Hubs        []jsonHub    `json:"hubs,omitempty"`
	Items       []jsonItem   `json:"items"`
}

type jsonAuthor struct {
	Name string `json:"name"`
}

type jsonHub struct {
	Type string `json:"type"`
	URL  string `json:"url"`
}

type jsonItem struct {
	ID            string       `json:"id"`
	URL           string       `json:"url"`
	Title         string       `json:"title"`
	Summary       string       `json:"summary,omitempty"`
	ContentHTML   string       `json:"content_html"`
	Image         string       `json:"image,omitempty"`
	DatePublished string       `json:"date_published"`
	DateModified  string       `json:"date_modified,omitempty"`
	Authors       []jsonAuthor `json:"authors,omitempty"`
	Tags          []string     `json:"tags,omitempty"`
}

// JSONFeed renders channel c with items as a JSON Feed 1.1 document. Item ids
// are the article URLs, as in the RSS and Atom feeds, so a reader switching
// formats does not see every story again.
func JSONFeed(s Site, c Channel, items []*warta.Article, img MediaURL) ([]byte, error) {
	u, err := urlsFor(s, c, ExtJSON)
	if err != nil {
		return nil, fmt.Errorf("feed: json: %w", err)
	}
	f := jsonFeed{
		Version:     JSONFeedVersion,
		Title:       c.Title,
		HomePageURL: u.home,
		FeedURL:     u.feed,
		Description: c.Description,
		Language:    s.lang(),
		Items:       make([]jsonItem, 0, len(items)),
	}
	if s.Name != "" {
		f.Authors = []jsonAuthor{{Name: s.Name}}
	}
	if s.Hub != "" {
		f.Hubs = []jsonHub{{Type: "WebSub", URL: s.Hub}}
	}
	for _, a := range items {
		link := u.base + a.Path()
		it := jsonItem{
			ID:            link,
			URL:           link,
			Title:         a.Title,
			Summary:       summary(a),
			ContentHTML:   contentHTML(a),
			DatePublished: rfc3339(a.PublishedAt),
			DateModified:  rfc3339(modified(a)),
			Authors:       []jsonAuthor{{Name: author(s, a)}},
			Tags:          categoryNames(a),
		}
		if src, _, ok := image(u.base, a, img); ok {
			it.Image = src
		}
		f.Items = append(f.Items, it)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// The feed is served as application/feed+json, never inlined in HTML, so
	// "<" and "&" in titles and bodies can stay readable.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(f); err != nil {
		return nil, fmt.Errorf("feed: json %s: %w", c.FeedPath, err)
	}
	return buf.Bytes(), nil
}
