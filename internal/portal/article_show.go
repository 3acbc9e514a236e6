package portal

import (
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/kominfo-jatim/warta/internal/markdown"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// Related stories shown under an article.
const (
	minRelated = 3
	maxRelated = 6
)

// articleData is the article page's view.
type articleData struct {
	layout
	Article *warta.Article
	Body    template.HTML // sanitised body with the dateline in front
	URL     string        // absolute canonical URL
	Share   []shareLink
	Related []*warta.Article
}

// shareLink is a share button that works without JavaScript.
type shareLink struct {
	Name, URL string
}

// articleShow renders an article at its stable URL. A live article asked
// for under another date is redirected to its canonical path; one that is
// missing or not live is a 404.
func (p *Portal) articleShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	notFound := warta.Errorf(warta.ENotFound, "Berita tidak ditemukan. Mungkin alamatnya salah, atau berita sudah ditarik.")
	slug := r.PathValue("slug")
	if !warta.ValidSlug(slug) {
		return notFound
	}
	a, err := p.db.ArticleBySlug(ctx, slug)
	if warta.ErrorCode(err) == warta.ENotFound {
		return notFound
	} else if err != nil {
		return fmt.Errorf("portal: article %s: %w", slug, err)
	}
	if !a.Live() {
		return notFound
	}
	if r.URL.Path != a.Path() {
		http.Redirect(w, r, a.Path(), http.StatusMovedPermanently)
		return nil
	}
	related, err := p.related(r, a)
	if err != nil {
		return err
	}
	d := articleData{
		layout:  p.newLayout(r, a.Title),
		Article: a,
		URL:     p.abs(a.Path()),
		Related: related,
	}
	if d.Body, err = articleBody(a); err != nil {
		return fmt.Errorf("portal: article %s: %w", slug, err)
	}
	d.Share = shareLinks(d.URL, a.Title)
	d.JS = p.assets.URL("salin.js")
	if err := p.describeArticle(&d.layout, a); err != nil {
		return fmt.Errorf("portal: article %s: %w", slug, err)
	}
	d.ExtraJSONLD = p.extraJSONLD(r, a)
	return p.render(w, http.StatusOK, "article", d)
}

// related returns 3 to 6 other stories: the store's ranking by shared
// region, stage, tags and text, topped up with the newest stories when it
// finds fewer than three.
func (p *Portal) related(r *http.Request, a *warta.Article) ([]*warta.Article, error) {
	out, err := p.db.RelatedArticles(r.Context(), a, maxRelated)
	if err != nil {
		return nil, fmt.Errorf("portal: related to %s: %w", a.ID, err)
	}
	if len(out) >= minRelated {
		return out, nil
	}
	seen := map[string]bool{a.ID: true}
	for _, o := range out {
		seen[o.ID] = true
	}
	page, err := p.db.ListArticles(r.Context(), warta.ArticleFilter{Limit: maxRelated + 1 + len(out)})
	if err != nil {
		return nil, fmt.Errorf("portal: related to %s: %w", a.ID, err)
	}
	for _, o := range page.Articles {
		if len(out) < minRelated && !seen[o.ID] {
			seen[o.ID] = true
			out = append(out, o)
		}
	}
	return out, nil
}

// articleBody is the sanitised body with the dateline in bold before the
// first paragraph, as Indonesian papers print it: "Surabaya – …".
func articleBody(a *warta.Article) (template.HTML, error) {
	body := a.BodyHTML
	if strings.TrimSpace(body) == "" && a.Body != "" {
		var err error
		if body, err = markdown.Render(a.Body); err != nil {
			return "", err
		}
	}
	dateline := strings.TrimSpace(a.Dateline)
	if dateline == "" {
		return template.HTML(body), nil // sanitised by markdown.Render when stored
	}
	lead := `<strong class="dateline">` + html.EscapeString(dateline) + "</strong> – "
	trimmed := strings.TrimLeft(body, " \t\r\n")
	if strings.HasPrefix(trimmed, "<p>") {
		return template.HTML("<p>" + lead + trimmed[len("<p>"):]), nil
	}
	return template.HTML("<p>" + lead + "</p>\n" + body), nil
}

// shareLinks are the share intents of the channels readers use most.
func shareLinks(pageURL, title string) []shareLink {
	u, t := url.QueryEscape(pageURL), url.QueryEscape(title)
	return []shareLink{
		{"WhatsApp", "https://wa.me/?text=" + url.QueryEscape(title+" "+pageURL)},
		{"Telegram", "https://t.me/share/url?url=" + u + "&text=" + t},
		{"X", "https://x.com/intent/post?url=" + u + "&text=" + t},
		{"Facebook", "https://www.facebook.com/sharer/sharer.php?u=" + u},
	}
}
