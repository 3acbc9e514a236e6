package indonesian

import (
	"unicode"
	"unicode/utf8"
)

// MaxInput is how many bytes of a text are analysed; the rest is ignored so
// that a pasted book or a hostile request costs no more than a long article.
const MaxInput = 100 << 10

// wordKind tells letter runs from digit runs.
type wordKind uint8

const (
	letters wordKind = iota + 1
	digits
)

// word is a run of letters or of digits in the input, by byte offsets.
type word struct {
	start, end int
	kind       wordKind
}

// capInput cuts text to MaxInput bytes, backing off to a rune boundary.
func capInput(text string) string {
	if len(text) <= MaxInput {
		return text
	}
	cut := MaxInput
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	return text[:cut]
}

// scanWords calls yield for every word of text in order. Letter runs may hold
// combining marks and inner apostrophes ("Jum'at"); digit runs may hold
// thousands separators ("31.402.838"). Letters and digits never share a word.
// After '#' or '@' a word is also split at camel case ("#PemiluDamai").
// Invalid UTF-8 separates words like punctuation does.
func scanWords(text string, yield func(word)) {
	tag := false // inside a hashtag or mention
	for i := 0; i < len(text); {
		r, w := utf8.DecodeRuneInString(text[i:])
		kind := classify(r)
		if kind == 0 {
			tag = r == '#' || r == '@' || (tag && r == '_')
			i += w
			continue
		}
		start := i
		i += w
		lower := unicode.IsLower(r)
		for i < len(text) {
			r, w = utf8.DecodeRuneInString(text[i:])
			k := classify(r)
			if k == kind || (kind == letters && isMark(r)) {
				if tag && lower && unicode.IsUpper(r) {
					break
				}
				lower = unicode.IsLower(r)
				i += w
				continue
			}
			if kind == letters && isApostrophe(r) && classify(runeAt(text, i+w)) == letters {
				i += w
				continue
			}
			if kind == letters && leet(text, start, i) {
				i++
				continue
			}
			if kind == digits && (r == '.' || r == ',') && thousands(text[i+1:]) {
				i += 4
				continue
			}
			break
		}
		yield(word{start: start, end: i, kind: kind})
	}
}

// classify returns the kind of word r starts, or 0 for a separator.
func classify(r rune) wordKind {
	switch {
	case r < 0x80:
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
			return letters
		case r >= '0' && r <= '9':
			return digits
		}
		return 0
	case r == utf8.RuneError:
		return 0
	case unicode.IsLetter(r):
		return letters
	case unicode.IsNumber(r):
		return digits
	}
	if s, ok := foldTable()[r]; ok && s != "" {
		// Styled letters in symbol blocks, such as 🅐.
		if s[0] >= '0' && s[0] <= '9' {
			return digits
		}
		return letters
	}
	return 0
}

func isMark(r rune) bool {
	return r >= 0x300 && (unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r))
}

func isApostrophe(r rune) bool {
	return r == '\'' || r == '\u2019' || r == '\u02BC'
}

func isHyphen(r rune) bool {
	return r == '-' || r == '\u2010' || r == '\u2011'
}

// thousands reports whether s starts with exactly three ASCII digits, as in
// the "000" of "70.000".
func thousands(s string) bool {
	if len(s) < 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) == 3 || s[3] < '0' || s[3] > '9'
}

func runeAt(s string, i int) rune {
	if i >= len(s) {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}

// leetDigits maps the digits of "leetspeak" to the letters they stand for;
// chain messages write "J0K0WI" and "TERB0NGK4R" to dodge filters.
var leetDigits = [10]byte{'o', 'i', 0, 'e', 'a', 's', 0, 't', 0, 'g'}

// leet reports whether the digit at text[i] sits between ASCII letters inside
// the letter word that began at start, and so stands for a letter. Money
// ("Rp4juta") and digit groups ("P2P", "G20") are left alone.
func leet(text string, start, i int) bool {
	c := text[i]
	if c < '0' || c > '9' || leetDigits[c-'0'] == 0 || i+1 >= len(text) || !isASCIILetter(text[i+1]) ||
		!isASCIILetter(text[i-1]) {
		return false
	}
	if i-start == 2 && (text[start]|0x20) == 'r' && (text[start+1]|0x20) == 'p' {
		return false
	}
	return true
}

func isASCIILetter(c byte) bool {
	c |= 0x20
	return c >= 'a' && c <= 'z'
}
