package webpage

import (
	"html/template"
	"net/http"
	"strings"
)

// ServeCSS serves a stylesheet whose URL carries its hash (StyleURL), so
// browsers may keep it for a year.
func ServeCSS(css []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/css; charset=utf-8")
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
		h.Set("X-Content-Type-Options", "nosniff")
		w.Write(css)
	}
}

// MinimalFrame is the page frame for when the application gives none:
// enough for the pages to be a valid, accessible document. site ends each
// title ("Klinik Hoaks"); nav is the header's links, already HTML.
func MinimalFrame(site string, nav template.HTML) Layout {
	return func(w http.ResponseWriter, r *http.Request, status int, title string, content template.HTML) {
		var b strings.Builder
		b.WriteString("<!doctype html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n")
		b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
		b.WriteString(template.HTMLEscapeString(title + " – " + site))
		b.WriteString("</title>\n</head>\n<body>\n<a class=\"skip\" href=\"#konten\">Langsung ke konten</a>\n")
		b.WriteString("<header><nav aria-label=\"Utama\">" + string(nav) + "</nav></header>\n")
		b.WriteString("<main id=\"konten\" class=\"wrap\" tabindex=\"-1\">\n")
		b.WriteString(string(content))
		b.WriteString("</main>\n<footer><p>Semua waktu dalam WIB.</p></footer>\n</body>\n</html>\n")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		w.Write([]byte(b.String()))
	}
}
