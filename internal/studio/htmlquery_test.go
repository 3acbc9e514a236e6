package studio_test

import (
	"testing"

	"golang.org/x/net/html"

	"github.com/kominfo-jatim/warta/internal/htmltest"
)

// Short names for the shared selector matcher, used throughout the tests.

func queryAll(t testing.TB, root *html.Node, sel string) []*html.Node {
	return htmltest.QueryAll(t, root, sel)
}
func query(t testing.TB, root *html.Node, sel string) *html.Node { return htmltest.Query(t, root, sel) }
func attrOK(n *html.Node, key string) (string, bool)             { return htmltest.AttrOK(n, key) }
func attr(n *html.Node, key string) string                       { return htmltest.Attr(n, key) }
func hasClass(n *html.Node, class string) bool                   { return htmltest.HasClass(n, class) }
func text(n *html.Node) string                                   { return htmltest.Text(n) }
func hrefs(t testing.TB, root *html.Node, sel string) []string   { return htmltest.Hrefs(t, root, sel) }
