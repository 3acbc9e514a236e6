package studio

import (
	"context"
	"html"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/markdown"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// articleFields are the editor's inputs, in page order; errors from the
// newsroom that name one of them are shown beside it.
var articleFields = []string{"title", "dek", "body", "agency", "regions", "stages", "tags", "dateline",
	"byline", "byline_code", "lead_image", "headline_order", "note"}

// articleAliases map the newsroom's field names to the editor's inputs.
var articleAliases = map[string]string{"slug": "title", "image": "lead_image"}

// articleValues fills the editor from a stored article.
func articleValues(a *warta.Article) url.Values {
	v := url.Values{
		"title": {a.Title}, "dek": {a.Dek}, "body": {a.Body}, "agency": {a.AgencyID},
		"tags": {tagList(a.Tags)}, "dateline": {a.Dateline}, "byline": {a.Byline}, "byline_code": {a.BylineCode},
	}
	for _, r := range a.Regions {
		v.Add("regions", r.Slug)
	}
	for _, st := range a.Stages {
		v.Add("stages", st.Slug)
	}
	if a.LeadImage != nil {
		v.Set("lead_image", a.LeadImage.ID)
	}
	if a.Headline {
		v.Set("headline", "1")
		v.Set("headline_order", strconv.Itoa(a.HeadlineOrder))
	}
	return v
}

// articleFromForm builds the article the editor describes, resolving the
// lead image, and records on f what is wrong with the input that the
// newsroom would not catch itself.
func (s *Studio) articleFromForm(ctx context.Context, f *form) *warta.Article {
	a := &warta.Article{
		Title:      strings.TrimSpace(f.Get("title")),
		Dek:        strings.TrimSpace(f.Get("dek")),
		Body:       strings.ReplaceAll(f.Get("body"), "\r\n", "\n"),
		AgencyID:   f.Get("agency"),
		Dateline:   strings.TrimSpace(f.Get("dateline")),
		Byline:     strings.TrimSpace(f.Get("byline")),
		BylineCode: strings.TrimSpace(f.Get("byline_code")),
		Headline:   f.Get("headline") != "",
	}
	if a.Title == "" {
		f.Set("title", "Judul wajib diisi.")
	}
	if strings.TrimSpace(a.Body) == "" {
		f.Set("body", "Isi berita masih kosong. Tulis isi beritanya dulu.")
	}
	for _, slug := range f.Values["regions"] {
		a.Regions = append(a.Regions, warta.Region{Slug: slug})
	}
	for _, slug := range f.Values["stages"] {
		a.Stages = append(a.Stages, warta.Stage{Slug: slug})
	}
	for _, name := range strings.Split(f.Get("tags"), ",") {
		if name = strings.Join(strings.Fields(name), " "); name != "" {
			if warta.Slugify(name) == "" {
				f.Set("tags", "Tag "+strconv.Quote(name)+" tidak berisi huruf atau angka.")
				continue
			}
			a.Tags = append(a.Tags, warta.Tag{Name: name})
		}
	}
	if a.Headline {
		if o := strings.TrimSpace(f.Get("headline_order")); o != "" {
			n, err := strconv.Atoi(o)
			if err != nil || n < 0 || n > 999 {
				f.Set("headline_order", "Urutan headline berupa angka 0 sampai 999; angka kecil tampil lebih dulu.")
			}
			a.HeadlineOrder = n
		}
	}
	if id := f.Get("lead_image"); id != "" {
		m, err := s.db.MediaByID(ctx, id)
		if err != nil {
			f.Set("lead_image", "Foto yang dipilih tidak ada lagi di pustaka media. Pilih foto lain.")
		} else {
			a.LeadImage = m
		}
	}
	return a
}

// preview is an article as readers will see it on the portal.
type preview struct {
	Article *warta.Article
	Body    template.HTML
	When    time.Time
	Live    bool // the article is already published
}

// buildPreview fills in the names of the article's agency, regions and
// stages, and renders its body the way the portal does: the same Markdown
// renderer and sanitiser, with the dateline in front of the first
// paragraph.
func (s *Studio) buildPreview(ctx context.Context, a *warta.Article, when time.Time) *preview {
	p := &preview{Article: a, When: when}
	if agencies, err := s.db.Agencies(ctx); err == nil {
		for _, ag := range agencies {
			if ag.ID == a.AgencyID {
				a.Agency = ag
			}
		}
	}
	if regions, err := s.db.Regions(ctx); err == nil {
		bySlug := map[string]warta.Region{}
		for _, r := range regions {
			bySlug[r.Slug] = r
		}
		for i, r := range a.Regions {
			if full, ok := bySlug[r.Slug]; ok {
				a.Regions[i] = full
			}
		}
	}
	if elections, err := s.db.Elections(ctx); err == nil {
		bySlug := map[string]warta.Stage{}
		for _, e := range elections {
			for _, st := range e.Stages {
				bySlug[st.Slug] = st
			}
		}
		for i, st := range a.Stages {
			if full, ok := bySlug[st.Slug]; ok {
				a.Stages[i] = full
			}
		}
	}
	body, err := markdown.Render(a.Body)
	if err != nil {
		s.log.Warn("studio: preview", "err", err)
		body = "<p>" + html.EscapeString(a.Body) + "</p>"
	}
	p.Body = withDateline(body, a.Dateline)
	return p
}

// withDateline puts the dateline in bold before the first paragraph, as the
// portal prints it: "Surabaya – …". body is sanitised HTML.
func withDateline(body, dateline string) template.HTML {
	dateline = strings.TrimSpace(dateline)
	if dateline == "" {
		return template.HTML(body)
	}
	lead := `<strong class="dateline">` + html.EscapeString(dateline) + "</strong> – "
	trimmed := strings.TrimLeft(body, " \t\r\n")
	if strings.HasPrefix(trimmed, "<p>") {
		return template.HTML("<p>" + lead + trimmed[len("<p>"):])
	}
	return template.HTML("<p>" + lead + "</p>\n" + body)
}
