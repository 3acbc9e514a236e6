package portal

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"unicode/utf8"

	"github.com/kominfo-jatim/warta/internal/indonesian"
	"github.com/kominfo-jatim/warta/internal/markdown"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// snippetRunes is the length of the body excerpt under each result.
const snippetRunes = 240

// searchData is the search page's view.
type searchData struct {
	layout
	Q        string
	Cut      bool // the query was longer than maxQueryRunes and was cut
	Searched bool // a query was given
	Filter   filterForm
	Options  filterOptions
	Results  []searchResult
	Page     int
	Next     string
	Prev     string
	Unfilter string // the same query without filters, offered when nothing matched
}

// searchResult is one found article with the matches marked.
type searchResult struct {
	Article *warta.Article
	Title   []indonesian.SnippetPart
	Snippet []indonesian.SnippetPart
}

// searchShow renders /cari: Indonesian full-text search over live stories
// with the index's filters, page by page (hal), matches marked. Broken or
// overlong input is cleaned, never an error.
func (p *Portal) searchShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := r.URL.Query()
	q, cut := cleanQuery(v.Get("q"))
	form, filter, err := p.parseFilter(ctx, v)
	if err != nil {
		return err
	}
	page, err := parsePage(v)
	if err != nil {
		return err
	}
	title := "Cari berita"
	if q != "" {
		title = "Hasil pencarian “" + q + "”"
	}
	d := searchData{layout: p.newLayout(r, title), Q: q, Cut: cut, Searched: q != "", Filter: form, Page: page}
	d.Query = q
	d.NoIndex = true
	if d.Options, err = p.filterOptions(ctx); err != nil {
		return err
	}
	if q == "" {
		return p.render(w, http.StatusOK, "search", d)
	}
	sq := store.SearchQuery{Text: q, Filter: filter, Offset: (page - 1) * pageSize, Limit: pageSize + 1}
	res, terms, err := p.db.SearchArticles(ctx, sq)
	if err == nil && len(res) == 0 && page > 1 {
		// The first page fell back to matching any term; so do the rest.
		sq.Any = true
		res, terms, err = p.db.SearchArticles(ctx, sq)
	}
	if err != nil {
		return fmt.Errorf("portal: search %q: %w", q, err)
	}
	params := form.values()
	params.Set("q", q)
	if len(res) > pageSize {
		res = res[:pageSize]
		if page < maxSearchPages {
			d.Next = searchURL(params, page+1)
		}
	}
	if page > 1 {
		d.Prev = searchURL(params, page-1)
	}
	if len(res) == 0 && form.Active() {
		d.Unfilter = searchURL(url.Values{"q": {q}}, 1)
	}
	for _, sr := range res {
		a := sr.Article
		d.Results = append(d.Results, searchResult{
			Article: a,
			Title:   indonesian.Snippet(p.analyzer, a.Title, terms, utf8.RuneCountInString(a.Title)+1),
			Snippet: indonesian.Snippet(p.analyzer, a.Dek+"\n"+markdown.PlainText(a.Body), terms, snippetRunes),
		})
	}
	return p.render(w, http.StatusOK, "search", d)
}

// searchURL is the search page n for the parameters.
func searchURL(params url.Values, n int) string {
	v := url.Values{}
	for k, vs := range params {
		v[k] = vs
	}
	if n > 1 {
		v.Set("hal", strconv.Itoa(n))
	}
	return withQuery("/cari", v)
}
