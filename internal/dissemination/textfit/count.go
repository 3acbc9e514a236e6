package textfit

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Counter measures text in a channel's own units.
type Counter func(s string) int

// Runes counts Unicode code points (Instagram, Facebook).
func Runes(s string) int { return utf8.RuneCountInString(s) }

// UTF16 counts UTF-16 code units. Telegram measures its 4096 and 1024
// limits "after entities parsing" in the units its entity offsets use, so
// counting UTF-16 is exact where code points would undercount emoji.
func UTF16(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// XURLLength is what X counts for every URL, shortened to t.co.
const XURLLength = 23

// explicitURL matches links with a scheme, which every channel shortens or
// counts as a fixed length.
var explicitURL = regexp.MustCompile(`https?://[^\s<>"]+`)

// bareDomain matches host names without a scheme that twitter-text may
// also autolink ("kpu.go.id"). Counting them as max(23, weight) errs on
// the side of fitting whether or not X links them.
var bareDomain = regexp.MustCompile(`(?i)\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|net|org|id|co|io|info|gov|edu|me|ly|tv|news|xyz|app|dev|ai|us|uk|sg|my|biz|web|site|online)\b(?:/[^\s]*)?`)

// XWeighted returns the weighted length of a post as twitter-text v3
// computes it: text NFC-normalised; every URL 23; each emoji sequence 2;
// code points in U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F and
// U+2032–U+2037 weigh 1 and all others (CJK, "…", most symbols) 2.
// The limit is 280.
func XWeighted(s string) int {
	s = norm.NFC.String(s)
	total := 0
	for _, seg := range splitURLs(s, explicitURL) {
		if seg.url {
			total += XURLLength
			continue
		}
		for _, sub := range splitURLs(seg.text, bareDomain) {
			w := xWeightPlain(sub.text)
			if sub.url && w < XURLLength {
				w = XURLLength
			}
			total += w
		}
	}
	return total
}

func xWeightPlain(s string) int {
	total := 0
	for i := 0; i < len(s); {
		if n := emojiLen(s[i:]); n > 0 {
			total += 2
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if xLight(r) {
			total++
		} else {
			total += 2
		}
	}
	return total
}

func xLight(r rune) bool {
	return r <= 0x10FF || (r >= 0x2000 && r <= 0x200D) || (r >= 0x2010 && r <= 0x201F) || (r >= 0x2032 && r <= 0x2037)
}

// MastodonURLLength is Mastodon's default characters_reserved_per_url.
const MastodonURLLength = 23

// Mastodon returns the length of a status as Mastodon's validator counts
// it: grapheme clusters, with every http(s) URL counted as urlLen.
// Clusters are approximated (an emoji sequence or a base letter with its
// combining marks is one), which never undercounts ordinary text.
func Mastodon(urlLen int) Counter {
	if urlLen <= 0 {
		urlLen = MastodonURLLength
	}
	return func(s string) int {
		total := 0
		for _, seg := range splitURLs(s, explicitURL) {
			if seg.url {
				total += urlLen
				continue
			}
			total += graphemes(seg.text)
		}
		return total
	}
}

func graphemes(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if l := emojiLen(s[i:]); l > 0 {
			n++
			i += l
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == '\r' && strings.HasPrefix(s[i:], "\n") {
			i++
		}
		if n > 0 && (unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || r == 0x200D || r == 0xFE0F || r == 0xFE0E) {
			continue // extends the previous cluster
		}
		n++
	}
	return n
}

// emojiLen returns the byte length of the emoji sequence at the start of s
// (ZWJ sequences, skin tones, flags, keycaps, tag sequences), or 0.
func emojiLen(s string) int {
	r, size := utf8.DecodeRuneInString(s)
	i := 0
	switch {
	case isRegionalIndicator(r):
		i = size
		if r2, s2 := utf8.DecodeRuneInString(s[i:]); isRegionalIndicator(r2) {
			i += s2
		}
		return i
	case r == '#' || r == '*' || (r >= '0' && r <= '9'):
		// A keycap: base, optional VS16, then U+20E3.
		j := size
		if r2, s2 := utf8.DecodeRuneInString(s[j:]); r2 == 0xFE0F {
			j += s2
		}
		if r2, s2 := utf8.DecodeRuneInString(s[j:]); r2 == 0x20E3 {
			return j + s2
		}
		return 0
	case !isEmojiBase(r):
		return 0
	}
	i = size
	for i < len(s) {
		r2, s2 := utf8.DecodeRuneInString(s[i:])
		switch {
		case r2 == 0xFE0F || r2 == 0xFE0E || r2 == 0x20E3 || (r2 >= 0x1F3FB && r2 <= 0x1F3FF) || (r2 >= 0xE0020 && r2 <= 0xE007F):
			i += s2
		case r2 == 0x200D:
			r3, s3 := utf8.DecodeRuneInString(s[i+s2:])
			if !isEmojiBase(r3) {
				return i
			}
			i += s2 + s3
		default:
			return i
		}
	}
	return i
}

func isRegionalIndicator(r rune) bool { return r >= 0x1F1E6 && r <= 0x1F1FF }

func isEmojiBase(r rune) bool {
	switch {
	case r >= 0x1F000 && r <= 0x1FAFF:
		return true
	case r >= 0x2600 && r <= 0x27BF, r >= 0x2300 && r <= 0x23FF, r >= 0x2B05 && r <= 0x2B55:
		return true
	}
	switch r {
	case 0x00A9, 0x00AE, 0x203C, 0x2049, 0x2122, 0x2139, 0x3030, 0x303D, 0x3297, 0x3299:
		return true
	}
	return false
}

type segment struct {
	text string
	url  bool
}

func splitURLs(s string, re *regexp.Regexp) []segment {
	var out []segment
	last := 0
	for _, m := range re.FindAllStringIndex(s, -1) {
		if m[0] > last {
			out = append(out, segment{text: s[last:m[0]]})
		}
		out = append(out, segment{text: s[m[0]:m[1]], url: true})
		last = m[1]
	}
	if last < len(s) {
		out = append(out, segment{text: s[last:]})
	}
	return out
}
