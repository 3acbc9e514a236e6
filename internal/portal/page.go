package portal

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"sync"
)

// pageSets holds, per portal, the layout parsed with a content block that
// prints a body rendered elsewhere. Page parses it on first use rather than
// in New, so that the portal's own start-up stays as it is.
var pageSets sync.Map // *Portal → *template.Template

// pageData is the view of a page whose content another package rendered.
type pageData struct {
	layout
	Body template.HTML
}

// Page writes body, HTML that another package rendered (open data, the
// statistics page), inside the portal's frame: head, header, navigation,
// footer and stylesheet, so that those pages look like the rest of the site.
// The page's canonical URL is its path; a page reached with a query string
// (a search, a filter) is marked noindex, as the portal's own lists are.
func (p *Portal) Page(w http.ResponseWriter, r *http.Request, status int, title string, body template.HTML) {
	t, err := p.pageTemplate()
	if err != nil {
		p.fail(w, r, err)
		return
	}
	d := pageData{layout: p.newLayout(r, title), Body: body}
	// Pages of other capabilities light up their own menu entry.
	for _, sec := range []string{"cek-fakta", "klinik"} {
		if r.URL.Path == "/"+sec || strings.HasPrefix(r.URL.Path, "/"+sec+"/") {
			d.Nav = sec
		}
	}
	if r.URL.RawQuery == "" {
		d.Canonical = p.abs(r.URL.Path)
	} else {
		d.NoIndex = true
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", d); err != nil {
		p.fail(w, r, fmt.Errorf("portal: render page %q: %w", title, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// pageTemplate returns the portal's layout with a content block that prints
// the body, parsing it once per portal.
func (p *Portal) pageTemplate() (*template.Template, error) {
	if t, ok := pageSets.Load(p); ok {
		return t.(*template.Template), nil
	}
	t, err := template.New("").Funcs(p.funcs()).ParseFS(templateFS, "templates/layout.html", "templates/partials.html")
	if err == nil {
		_, err = t.New("content").Parse(`{{.Body}}`)
	}
	if err != nil {
		return nil, fmt.Errorf("portal: parse page layout: %w", err)
	}
	actual, _ := pageSets.LoadOrStore(p, t)
	return actual.(*template.Template), nil
}
