// Package markdown renders article bodies written in Markdown to safe HTML.
// goldmark parses (CommonMark with tables, strikethrough and autolinks);
// bluemonday then removes anything a contributor's text could smuggle in.
package markdown

import (
	"bytes"
	"fmt"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

var (
	md = goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify),
		goldmark.WithRendererOptions(html.WithHardWraps()),
	)
	policyOnce sync.Once
	policy     *bluemonday.Policy
)

func sanitizer() *bluemonday.Policy {
	policyOnce.Do(func() {
		policy = bluemonday.UGCPolicy()
		policy.RequireNoFollowOnLinks(false)
		policy.AddTargetBlankToFullyQualifiedLinks(false)
	})
	return policy
}

// Render converts Markdown to sanitised HTML.
func Render(src string) (string, error) {
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return "", fmt.Errorf("markdown: render: %w", err)
	}
	return sanitizer().Sanitize(buf.String()), nil
}

// PlainText strips Markdown syntax, leaving the readable words, for search
// snippets, feed summaries and social previews.
func PlainText(src string) string {
	html, err := Render(src)
	if err != nil {
		return src
	}
	text := bluemonday.StrictPolicy().Sanitize(strings.NewReplacer("</p>", "</p>\n", "<br>", "\n", "</li>", "</li>\n").Replace(html))
	text = strings.NewReplacer("&amp;", "&", "&#34;", "\"", "&#39;", "'", "&lt;", "<", "&gt;", ">", "&quot;", "\"").Replace(text)
	return strings.TrimSpace(text)
}
