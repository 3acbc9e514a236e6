package textfit

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// summaryMax bounds a summary drawn from the body, in runes.
const summaryMax = 300

// Summary returns what a post says under the title: the dek, or else the
// first paragraph of the body, shortened at a word boundary.
func Summary(a *warta.Article) string {
	if d := strings.TrimSpace(a.Dek); d != "" {
		return collapse(d)
	}
	p := firstParagraph(a.BodyHTML)
	if p == "" {
		p = firstMarkdownParagraph(a.Body)
	}
	if p == "" {
		return ""
	}
	if Runes(p) <= summaryMax {
		return p
	}
	s, _ := cutToFit(p, func(s string) bool { return Runes(s) <= summaryMax }, true)
	return s
}

// firstParagraph returns the text of the first non-empty <p>.
func firstParagraph(body string) string {
	if body == "" {
		return ""
	}
	z := html.NewTokenizer(strings.NewReader(body))
	var b strings.Builder
	depth := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return collapse(b.String())
		case html.StartTagToken:
			if name, _ := z.TagName(); string(name) == "p" {
				depth++
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "p" && depth > 0 {
				depth--
				if s := collapse(b.String()); s != "" {
					return s
				}
				b.Reset()
			}
		case html.TextToken:
			if depth > 0 {
				b.Write(z.Text())
			}
		}
	}
}

// firstMarkdownParagraph is the fallback when no HTML was rendered: the
// first block that is not a heading, with the commonest marks removed.
func firstMarkdownParagraph(md string) string {
	for _, block := range strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n\n") {
		block = strings.TrimSpace(block)
		if block == "" || strings.HasPrefix(block, "#") || strings.HasPrefix(block, "!") {
			continue
		}
		block = mdLink.ReplaceAllString(block, "$1")
		return collapse(mdMarks.Replace(block))
	}
	return ""
}

var (
	mdLink  = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mdMarks = strings.NewReplacer("**", "", "__", "", "*", "", "`", "", "> ", "")
)

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
