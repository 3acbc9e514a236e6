package indonesian

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Normalize returns text lowercased, with diacritics and styled letters folded
// to ASCII, curly quotes and dashes made plain, emoji, zero-width, format and
// control characters removed, invalid UTF-8 replaced by U+FFFD and every run of
// whitespace collapsed to one space, trimmed at both ends. Punctuation is kept,
// so the result is still readable; use Terms for search terms.
func Normalize(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	var buf []byte
	space := false // a space is pending
	for i := 0; i < len(text); {
		r, w := utf8.DecodeRuneInString(text[i:])
		if r == utf8.RuneError && w == 1 {
			// One replacement for a whole run of invalid bytes, as
			// strings.ToValidUTF8 does.
			for i < len(text) {
				if r, w := utf8.DecodeRuneInString(text[i:]); r != utf8.RuneError || w != 1 {
					break
				}
				i++
			}
			writePending(&b, &space)
			b.WriteRune(utf8.RuneError)
			continue
		}
		i += w
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
		case dropped(r):
		default:
			if s, ok := plainPunct[r]; ok {
				writePending(&b, &space)
				b.WriteString(s)
				continue
			}
			buf = appendFolded(buf[:0], r)
			if len(buf) > 0 {
				writePending(&b, &space)
				b.Write(buf)
			}
		}
	}
	return b.String()
}

func writePending(b *strings.Builder, space *bool) {
	if *space {
		b.WriteByte(' ')
		*space = false
	}
}

// dropped reports whether r is noise to remove: controls, format characters
// (zero-width space and joiner, BOM, soft hyphen), private use, emoji and
// other pictographs, emoji modifiers and variation selectors.
func dropped(r rune) bool {
	if r < 0x80 {
		return r < 0x20 || r == 0x7F
	}
	switch {
	case unicode.Is(unicode.Cc, r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Co, r):
		return true
	case unicode.Is(unicode.So, r), unicode.Is(unicode.Sk, r), unicode.Is(unicode.Me, r):
		// Styled letters such as 🅐 are So but fold to ASCII; keep them.
		_, letter := foldTable()[r]
		return !letter
	case r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0100 && r <= 0xE01EF:
		return true // variation selectors
	}
	return false
}

// plainPunct maps typographic punctuation to its ASCII form.
var plainPunct = map[rune]string{
	'\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'", '\u02BC': "'",
	'\u201C': `"`, '\u201D': `"`, '\u201E': `"`, '\u201F': `"`, '\u2033': `"`, '\u00AB': `"`, '\u00BB': `"`,
	'\u2010': "-", '\u2011': "-", '\u2012': "-", '\u2013': "-", '\u2014': "-", '\u2015': "-", '\u2212': "-",
	'\u2026': "...",
}
