package activitypub

import (
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// The JSON the site publishes: the actor's objects and activities.

// objectContext declares the extension terms objects use, as Mastodon does.
var objectContext = []any{asContext, map[string]string{
	"Hashtag":   "as:Hashtag",
	"sensitive": "as:sensitive",
}}

// Note is an article as followers see it. It has no summary: Mastodon
// shows a summary as a content warning that hides the post.
type Note struct {
	ID           string            `json:"id"`
	Type         string            `json:"type"`
	URL          string            `json:"url,omitempty"`
	AttributedTo string            `json:"attributedTo"`
	Published    string            `json:"published"`
	Updated      string            `json:"updated,omitempty"`
	Name         string            `json:"name,omitempty"`
	Content      string            `json:"content"`
	ContentMap   map[string]string `json:"contentMap,omitempty"`
	Sensitive    bool              `json:"sensitive"`
	To           []string          `json:"to"`
	CC           []string          `json:"cc"`
	Tag          []Tag             `json:"tag,omitempty"`
	Attachment   []Attachment      `json:"attachment,omitempty"`
}

// Tag is a Hashtag linking to the site's tag or region page.
type Tag struct {
	Type string `json:"type"`
	Href string `json:"href"`
	Name string `json:"name"`
}

// Attachment is the lead image.
type Attachment struct {
	Type      string `json:"type"`
	MediaType string `json:"mediaType"`
	URL       string `json:"url"`
	Name      string `json:"name,omitempty"` // alt text
	Width     int    `json:"width,omitempty"`
	Height    int    `json:"height,omitempty"`
}

// Tombstone replaces an unpublished article.
type Tombstone struct {
	ID         string `json:"id"`
	Type       string `json:"type"`
	FormerType string `json:"formerType,omitempty"`
	Deleted    string `json:"deleted,omitempty"`
}

// Activity wraps an object in what happened to it.
type Activity struct {
	Context   any      `json:"@context,omitempty"`
	ID        string   `json:"id"`
	Type      string   `json:"type"`
	Actor     string   `json:"actor"`
	Published string   `json:"published,omitempty"`
	To        []string `json:"to,omitempty"`
	CC        []string `json:"cc,omitempty"`
	Object    any      `json:"object"`
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// published is when the article first went out, or now for one that has
// no publication time yet.
func (a *Actor) published(art *warta.Article) time.Time {
	if art.PublishedAt.IsZero() {
		return a.now().UTC().Truncate(time.Second)
	}
	return art.PublishedAt.UTC().Truncate(time.Second)
}

// note renders the article. The channel setting object_type=Article sends
// an Article instead, for audiences on platforms that show one in full.
func (a *Actor) note(ch *dissemination.Channel, it *dissemination.Item) *Note {
	art := it.Article
	n := &Note{
		ID:           a.objectURL(art.ID),
		Type:         "Note",
		URL:          it.URL,
		AttributedTo: a.ID(),
		Published:    stamp(a.published(art)),
		To:           []string{publicAddress},
		CC:           []string{a.followersURL()},
		Tag:          a.hashtags(art),
	}
	if it.Op == dissemination.OpUpdate {
		// Mastodon applies an edit only when updated is set and later than
		// what it has.
		up := art.UpdatedAt.UTC().Truncate(time.Second)
		if !up.After(a.published(art)) {
			up = a.now().UTC().Truncate(time.Second)
		}
		n.Updated = stamp(up)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<p><strong><a href="%s">%s</a></strong></p>`, html.EscapeString(it.URL), html.EscapeString(art.Title))
	if art.Dek != "" {
		fmt.Fprintf(&b, `<p>%s</p>`, html.EscapeString(art.Dek))
	}
	fmt.Fprintf(&b, `<p><a href="%s">%s</a></p>`, html.EscapeString(it.URL), html.EscapeString(displayURL(it.URL)))
	if len(n.Tag) > 0 {
		b.WriteString("<p>")
		for i, t := range n.Tag {
			if i > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, `<a href="%s" class="mention hashtag" rel="tag">#<span>%s</span></a>`,
				html.EscapeString(t.Href), html.EscapeString(strings.TrimPrefix(t.Name, "#")))
		}
		b.WriteString("</p>")
	}
	n.Content = b.String()
	n.ContentMap = map[string]string{"id": n.Content}
	if ch != nil && ch.Setting("object_type", "Note") == "Article" {
		n.Type, n.Name = "Article", art.Title
	}
	if it.ImageURL != "" {
		att := Attachment{Type: "Document", MediaType: "image/jpeg", URL: it.ImageURL}
		if m := art.LeadImage; m != nil {
			att.Name, att.Width, att.Height = m.Alt, m.Width, m.Height
		}
		n.Attachment = []Attachment{att}
	}
	return n
}

// hashtags turns the article's tags and regions into Hashtags. Fediverse
// hashtags are letters, digits and underscores, so "Pilkada 2024" becomes
// #Pilkada2024 and "Kota Surabaya" #Surabaya.
func (a *Actor) hashtags(art *warta.Article) []Tag {
	var out []Tag
	seen := map[string]bool{}
	add := func(name, href string) {
		tag := hashtag(name)
		if tag == "" || seen[strings.ToLower(tag)] {
			return
		}
		seen[strings.ToLower(tag)] = true
		out = append(out, Tag{Type: "Hashtag", Href: href, Name: "#" + tag})
	}
	for _, t := range art.Tags {
		add(t.Name, a.base+"/tag/"+url.PathEscape(t.Slug))
	}
	for _, r := range art.Regions {
		add(r.ShortName(), a.base+"/wilayah/"+url.PathEscape(r.Slug))
	}
	return out
}

func hashtag(name string) string {
	var b strings.Builder
	for _, r := range name {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// displayURL is the URL as Mastodon shows links: without the scheme.
func displayURL(u string) string {
	u = strings.TrimPrefix(u, "https://")
	return strings.TrimPrefix(u, "http://")
}

// activity builds what a delivery sends: Create or Update of the Note, or
// Delete of a Tombstone. The object returned is what the site stores and
// serves at the object's id.
func (a *Actor) activity(ch *dissemination.Channel, it *dissemination.Item) (act *Activity, object any) {
	id := a.objectURL(it.Article.ID)
	act = &Activity{
		Context: objectContext,
		// Unique per article version and operation; fragments of the
		// object id, as the activities are not served on their own.
		ID:    fmt.Sprintf("%s#%s-%s", id, it.Op, it.Version),
		Actor: a.ID(),
		To:    []string{publicAddress},
		CC:    []string{a.followersURL()},
	}
	switch it.Op {
	case dissemination.OpDelete:
		act.Type = "Delete"
		act.Published = stamp(a.now())
		object = &Tombstone{ID: id, Type: "Tombstone", FormerType: "Note", Deleted: stamp(a.now())}
	case dissemination.OpUpdate:
		n := a.note(ch, it)
		act.Type, act.Published = "Update", n.Updated
		object = n
	default:
		n := a.note(ch, it)
		act.Type, act.Published = "Create", n.Published
		object = n
	}
	act.Object = object
	return act, object
}

// createFor wraps a stored object in the Create the outbox lists.
func (a *Actor) createFor(o storedObject) *Activity {
	var n struct {
		ID        string `json:"id"`
		Published string `json:"published"`
	}
	json.Unmarshal([]byte(o.JSON), &n)
	return &Activity{
		ID: n.ID + "#create", Type: "Create", Actor: a.ID(), Published: n.Published,
		To: []string{publicAddress}, CC: []string{a.followersURL()},
		Object: json.RawMessage(o.JSON),
	}
}
