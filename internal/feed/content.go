package feed

import (
	"html"
	"strings"
	"unicode"

	"github.com/kominfo-jatim/warta/internal/markdown"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// summary is the article's dek, or when it has none the start of its body as
// plain text, cut at a word boundary.
func summary(a *warta.Article) string {
	if d := strings.TrimSpace(a.Dek); d != "" {
		return d
	}
	return truncate(strings.Join(strings.Fields(markdown.PlainText(leadParagraphs(a.Body))), " "), summaryRunes)
}

// leadParagraphs is the start of a Markdown body, whole paragraphs only, long
// enough for a summary. Rendering a whole long story just to keep its first
// sentences would dominate the cost of a feed.
func leadParagraphs(md string) string {
	n := 0
	for n < len(md) && n < 2*summaryRunes {
		i := strings.Index(md[n:], "\n\n")
		if i < 0 {
			return md
		}
		n += i + 2
	}
	return md[:n]
}

// truncate cuts s to at most n runes, at the last space when there is one,
// and marks the cut with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := r[:n]
	for i := len(cut) - 1; i > n/2; i-- {
		if unicode.IsSpace(cut[i]) {
			cut = cut[:i]
			break
		}
	}
	return strings.TrimRightFunc(string(cut), func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r)
	}) + "…"
}

// contentHTML is the sanitised body followed by the public correction notes,
// so readers who only see the feed also learn what was changed. Notes are
// plain text and escaped here; BodyHTML was sanitised when it was rendered.
func contentHTML(a *warta.Article) string {
	if len(a.Corrections) == 0 {
		return a.BodyHTML
	}
	var b strings.Builder
	b.WriteString(a.BodyHTML)
	b.WriteString("\n<aside class=\"koreksi\"><h2>Koreksi</h2><ul>")
	for _, c := range a.Corrections {
		b.WriteString("<li>")
		if !c.CreatedAt.IsZero() {
			t := c.CreatedAt.In(warta.Jakarta)
			b.WriteString(`<time datetime="` + rfc3339(t) + `">` + t.Format("02/01/2006 15.04") + " WIB</time>: ")
		}
		b.WriteString(html.EscapeString(c.Note))
		b.WriteString("</li>")
	}
	b.WriteString("</ul></aside>")
	return b.String()
}
