// Package htmltest is a tiny CSS selector matcher for tests that assert
// what a reader or a browser sees in a rendered page: tag, #id, .class,
// [attr], [attr=v], [attr^=v], [attr*=v], compounds of those, and the
// descendant combinator (a space).
package htmltest

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

type attrSel struct{ key, op, val string }

type compound struct {
	tag, id string
	classes []string
	attrs   []attrSel
}

func parseSelector(t testing.TB, s string) []compound {
	t.Helper()
	var out []compound
	for _, part := range splitOutsideBrackets(s) {
		var c compound
		i := 0
		readName := func() string {
			j := i
			for j < len(part) && !strings.ContainsRune("#.[", rune(part[j])) {
				j++
			}
			name := part[i:j]
			i = j
			return name
		}
		c.tag = readName()
		for i < len(part) {
			switch part[i] {
			case '#':
				i++
				c.id = readName()
			case '.':
				i++
				c.classes = append(c.classes, readName())
			case '[':
				end := strings.IndexByte(part[i:], ']')
				if end < 0 {
					t.Fatalf("bad selector %q", s)
				}
				body := part[i+1 : i+end]
				i += end + 1
				a := attrSel{key: body}
				for _, op := range []string{"^=", "*=", "="} {
					if k, v, ok := strings.Cut(body, op); ok {
						a = attrSel{key: k, op: op, val: strings.Trim(v, `"'`)}
						break
					}
				}
				c.attrs = append(c.attrs, a)
			default:
				t.Fatalf("bad selector %q", s)
			}
		}
		out = append(out, c)
	}
	return out
}

func splitOutsideBrackets(s string) []string {
	var parts []string
	depth, start := 0, 0
	for i, r := range s {
		switch {
		case r == '[':
			depth++
		case r == ']':
			depth--
		case r == ' ' && depth == 0:
			if i > start {
				parts = append(parts, s[start:i])
			}
			start = i + 1
		}
	}
	if start < len(s) {
		parts = append(parts, s[start:])
	}
	return parts
}

func (c compound) match(n *html.Node) bool {
	if n.Type != html.ElementNode || (c.tag != "" && n.Data != c.tag) {
		return false
	}
	if c.id != "" && Attr(n, "id") != c.id {
		return false
	}
	for _, cl := range c.classes {
		if !HasClass(n, cl) {
			return false
		}
	}
	for _, a := range c.attrs {
		v, ok := AttrOK(n, a.key)
		switch {
		case !ok:
			return false
		case a.op == "=" && v != a.val,
			a.op == "^=" && !strings.HasPrefix(v, a.val),
			a.op == "*=" && !strings.Contains(v, a.val):
			return false
		}
	}
	return true
}

// QueryAll returns the elements under root matching the selector, in
// document order.
func QueryAll(t testing.TB, root *html.Node, selector string) []*html.Node {
	t.Helper()
	chain := parseSelector(t, selector)
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if chain[len(chain)-1].match(n) && ancestorsMatch(n.Parent, chain[:len(chain)-1]) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return out
}

func ancestorsMatch(n *html.Node, chain []compound) bool {
	if len(chain) == 0 {
		return true
	}
	for ; n != nil; n = n.Parent {
		if chain[len(chain)-1].match(n) {
			return ancestorsMatch(n.Parent, chain[:len(chain)-1])
		}
	}
	return false
}

// Query returns the first match or fails the test.
func Query(t testing.TB, root *html.Node, selector string) *html.Node {
	t.Helper()
	all := QueryAll(t, root, selector)
	if len(all) == 0 {
		t.Fatalf("no element matches %q", selector)
	}
	return all[0]
}

// AttrOK returns the attribute's value and whether it is present.
func AttrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// Attr returns the attribute's value, "" when absent.
func Attr(n *html.Node, key string) string {
	v, _ := AttrOK(n, key)
	return v
}

// HasClass reports whether the element has the class.
func HasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(Attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

// Text is the element's text content with white space collapsed.
func Text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// Hrefs returns the href of every element matching the selector.
func Hrefs(t testing.TB, root *html.Node, selector string) []string {
	t.Helper()
	var out []string
	for _, n := range QueryAll(t, root, selector) {
		out = append(out, Attr(n, "href"))
	}
	return out
}
