package studio

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"sync"
)

// pageSets holds, per studio, the layout parsed with a content block that
// prints a body rendered elsewhere. Page parses it on first use rather than
// in New, so that the studio's own start-up stays as it is.
var pageSets sync.Map // *Studio → *template.Template

// pageView is the view of a page whose content another package rendered.
type pageView struct {
	layout
	Body template.HTML
}

// Page writes body, HTML that another package rendered (the open-data
// imports), inside the studio's frame: header, navigation for the signed-in
// user, the ?pesan= notice, footer and stylesheet. Staff pages are private,
// so the response is never cached.
func (s *Studio) Page(w http.ResponseWriter, r *http.Request, status int, title string, body template.HTML) {
	w.Header().Set("Cache-Control", "no-store")
	t, err := s.pageTemplate()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := pageView{layout: s.newLayout(r, title), Body: body}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", &v); err != nil {
		s.fail(w, r, fmt.Errorf("studio: render page %q: %w", title, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// pageTemplate returns the studio's layout with a content block that prints
// the body, parsing it once per studio.
func (s *Studio) pageTemplate() (*template.Template, error) {
	if t, ok := pageSets.Load(s); ok {
		return t.(*template.Template), nil
	}
	t, err := template.New("").Funcs(s.funcs()).ParseFS(templateFS, "templates/layout.html", "templates/partials.html")
	if err == nil {
		_, err = t.New("content").Parse(`{{.Body}}`)
	}
	if err != nil {
		return nil, fmt.Errorf("studio: parse page layout: %w", err)
	}
	actual, _ := pageSets.LoadOrStore(s, t)
	return actual.(*template.Template), nil
}
