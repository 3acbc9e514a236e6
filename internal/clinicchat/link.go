package clinicchat

import (
	"regexp"
	"strings"
)

// urlPattern finds links as people paste them into chats: with a scheme,
// starting with www., or a bare short link or site address with a path on
// a common domain ("bit.ly/3xYz", "detik.com/berita/…"), which forwarded
// hoaxes are full of.
var urlPattern = regexp.MustCompile(`(?i)\bhttps?://[^\s<>"]+|\bwww\.[^\s<>"]+|` +
	`\b(?:[a-z0-9-]+\.)+(?:com|net|org|id|ly|gl|me|io|co|info|news|xyz|site|online|link|to|cc|tv|tk|my|sg)/[^\s<>"]*`)

// firstURL returns the first link in text with a scheme ("https://" added
// when it has none), or "".
func firstURL(text string) string {
	u := urlPattern.FindString(text)
	if u == "" {
		return ""
	}
	return withScheme(trimURL(u))
}

// trimURL drops punctuation that ends the sentence rather than the link,
// keeping a closing parenthesis that has its opening one in the link.
func trimURL(u string) string {
	for u != "" {
		last := u[len(u)-1]
		switch {
		case strings.IndexByte(".,;:!?'\"]}>*_", last) >= 0:
			u = u[:len(u)-1]
		case last == ')' && strings.Count(u, "(") < strings.Count(u, ")"):
			u = u[:len(u)-1]
		case strings.HasSuffix(u, "»") || strings.HasSuffix(u, "”") || strings.HasSuffix(u, "’"):
			u = u[:strings.LastIndexAny(u, "»”’")]
		default:
			return u
		}
	}
	return u
}

func withScheme(u string) string {
	l := strings.ToLower(u)
	if u == "" || strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") {
		return u
	}
	return "https://" + u
}
