package warta

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Slugify turns a title into a URL slug: lowercase ASCII words joined by
// dashes, at most 80 characters, cut at a word boundary.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case r >= 'A' && r <= 'Z':
			b.WriteRune(unicode.ToLower(r))
			dash = false
		case unicode.Is(unicode.Mn, r) || r == '\'' || r == '’':
			// drop accents and apostrophes: "Jum'at" -> "jumat"
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	out := strings.TrimRight(b.String(), "-")
	if len(out) > 80 {
		out = out[:80]
		if i := strings.LastIndexByte(out, '-'); i > 40 {
			out = out[:i]
		}
		out = strings.TrimRight(out, "-")
	}
	return out
}
