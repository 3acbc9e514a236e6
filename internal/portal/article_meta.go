package portal

import (
	"bytes"
	"encoding/json"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/kominfo-jatim/warta/internal/markdown"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// shareImageWidth is the lead image width asked for cards: Facebook, X and
// Google want at least 1200 px for large previews.
const shareImageWidth = 1200

// ldThing is a schema.org node referred to from the NewsArticle.
type ldThing struct {
	Type string `json:"@type"`
	ID   string `json:"@id,omitempty"`
	Name string `json:"name,omitempty"`
	URL  string `json:"url,omitempty"`
}

// newsArticleLD is the schema.org NewsArticle search engines read.
type newsArticleLD struct {
	Context            string    `json:"@context"`
	Type               string    `json:"@type"`
	Headline           string    `json:"headline"`
	Description        string    `json:"description,omitempty"`
	Image              []string  `json:"image,omitempty"`
	DatePublished      string    `json:"datePublished"`
	DateModified       string    `json:"dateModified"`
	Author             []ldThing `json:"author"`
	Publisher          ldThing   `json:"publisher"`
	SourceOrganization *ldThing  `json:"sourceOrganization,omitempty"`
	MainEntityOfPage   ldThing   `json:"mainEntityOfPage"`
	ArticleSection     string    `json:"articleSection,omitempty"`
	Keywords           []string  `json:"keywords,omitempty"`
	Dateline           string    `json:"dateline,omitempty"`
	InLanguage         string    `json:"inLanguage"`
}

// describeArticle fills the head of an article page: description,
// canonical URL, OpenGraph, the Twitter card and JSON-LD.
func (p *Portal) describeArticle(l *layout, a *warta.Article) error {
	pageURL := p.abs(a.Path())
	desc := articleDescription(a)
	modified := a.UpdatedAt
	if modified.Before(a.PublishedAt) {
		modified = a.PublishedAt
	}
	l.Description = desc
	l.Canonical = pageURL
	l.OG = []metaTag{
		{"og:type", "article"},
		{"og:site_name", p.site.Name},
		{"og:locale", "id_ID"},
		{"og:title", a.Title},
		{"og:description", desc},
		{"og:url", pageURL},
		{"article:published_time", isoTime(a.PublishedAt)},
		{"article:modified_time", isoTime(modified)},
	}
	if a.Agency.Name != "" {
		l.OG = append(l.OG, metaTag{"article:publisher", a.Agency.Name})
	}
	if s := articleSection(a); s != "" {
		l.OG = append(l.OG, metaTag{"article:section", s})
	}
	for _, t := range a.Tags {
		l.OG = append(l.OG, metaTag{"article:tag", t.Name})
	}
	l.Twitter = []metaTag{
		{"twitter:card", "summary_large_image"},
		{"twitter:title", a.Title},
		{"twitter:description", desc},
	}
	var images []string
	if m := a.LeadImage; m != nil && m.Key != "" {
		img := p.abs(imageSrc(m, shareImageWidth))
		images = append(images, img)
		l.OG = append(l.OG, metaTag{"og:image", img})
		if w := variantWidth(m, shareImageWidth); m.Width > 0 {
			if w == 0 {
				w = m.Width
			}
			l.OG = append(l.OG, metaTag{"og:image:width", strconv.Itoa(w)},
				metaTag{"og:image:height", strconv.Itoa(m.Height * w / m.Width)})
		}
		if m.Alt != "" {
			l.OG = append(l.OG, metaTag{"og:image:alt", m.Alt})
			l.Twitter = append(l.Twitter, metaTag{"twitter:image:alt", m.Alt})
		}
		l.Twitter = append(l.Twitter, metaTag{"twitter:image", img})
	} else {
		l.Twitter[0].Content = "summary"
	}

	ld := newsArticleLD{
		Context:          "https://schema.org",
		Type:             "NewsArticle",
		Headline:         truncateRunes(a.Title, 110),
		Description:      desc,
		Image:            images,
		DatePublished:    isoTime(a.PublishedAt),
		DateModified:     isoTime(modified),
		Publisher:        ldThing{Type: "Organization", Name: p.site.Name, URL: p.abs("/")},
		MainEntityOfPage: ldThing{Type: "WebPage", ID: pageURL},
		ArticleSection:   articleSection(a),
		Dateline:         strings.TrimSpace(a.Dateline),
		InLanguage:       "id-ID",
	}
	if a.Byline != "" {
		ld.Author = []ldThing{{Type: "Person", Name: a.Byline}}
	} else if a.Agency.Name != "" {
		ld.Author = []ldThing{{Type: "Organization", Name: a.Agency.Name, URL: a.Agency.URL}}
	} else {
		ld.Author = []ldThing{ld.Publisher}
	}
	if a.Agency.Name != "" {
		ld.SourceOrganization = &ldThing{Type: "GovernmentOrganization", Name: a.Agency.Name, URL: a.Agency.URL}
	}
	for _, t := range a.Tags {
		ld.Keywords = append(ld.Keywords, t.Name)
	}
	// encoding/json escapes <, > and &, so the text cannot close the
	// script element it is written into.
	b, err := json.Marshal(ld)
	if err != nil {
		return err
	}
	l.JSONLD = template.JS(b)
	return nil
}

// articleDescription is the dek, or the start of the body as plain text.
func articleDescription(a *warta.Article) string {
	if d := strings.TrimSpace(a.Dek); d != "" {
		return d
	}
	return truncateRunes(strings.Join(strings.Fields(markdown.PlainText(a.Body)), " "), 160)
}

// articleSection names the section an article belongs to first: its first
// region, else its first stage.
func articleSection(a *warta.Article) string {
	if len(a.Regions) > 0 {
		return a.Regions[0].Name
	}
	if len(a.Stages) > 0 {
		return a.Stages[0].Name
	}
	return ""
}

// extraJSONLD asks Config.ExtraJSONLD for more of the article's JSON-LD
// (a Cek Fakta article's ClaimReview). What it returns is checked and
// re-escaped, so that nothing in it can close the script element; a
// failure costs the page only that markup.
func (p *Portal) extraJSONLD(r *http.Request, a *warta.Article) []template.JS {
	if p.extraLD == nil {
		return nil
	}
	b, err := p.extraLD(r.Context(), a)
	if err != nil {
		p.log.Warn("portal: extra JSON-LD", "article", a.ID, "err", err)
		return nil
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil
	}
	if !json.Valid(b) {
		p.log.Warn("portal: extra JSON-LD is not JSON", "article", a.ID)
		return nil
	}
	var buf bytes.Buffer
	json.HTMLEscape(&buf, b)
	return []template.JS{template.JS(buf.String())}
}
