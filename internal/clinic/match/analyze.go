package match

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kominfo-jatim/warta/internal/indonesian"
)

// analysis is what the matcher keeps of one text.
type analysis struct {
	// terms are the stemmed content words in text order: slang expanded,
	// stop words and forwarding noise removed.
	terms []string
	// words are the same words before stemming, for character n-grams.
	words []string
	// urls are the web addresses found in the text.
	urls []string
	// raw is the text as given, for the exact-text test.
	raw string
}

var (
	hashtagPattern = regexp.MustCompile(`#[\p{L}\p{N}_]+`)
	mentionPattern = regexp.MustCompile(`@[\p{L}\p{N}_.]+`)
)

// maxAnalysed caps the work done on one text: forwarded chain messages can be
// long, and their first few thousand bytes carry the claim.
const maxAnalysed = 6000

// analyze turns a title, body or forwarded message into matching terms.
func analyze(text string) analysis {
	if len(text) > maxAnalysed {
		cut := maxAnalysed
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	a := analysis{raw: text}
	a.urls, text = extractURLs(text)
	text = hashtagPattern.ReplaceAllStringFunc(text, splitTag)
	text = mentionPattern.ReplaceAllStringFunc(text, splitTag)
	text = strings.NewReplacer("²", "2", "\u00ad", "").Replace(text)
	text = indonesian.Normalize(text)
	for _, w := range tokenize(text) {
		w = canonicalWord(w)
		if w == "" {
			continue
		}
		for _, part := range strings.Fields(w) {
			if isNoise(part) {
				continue
			}
			a.words = append(a.words, part)
			a.terms = append(a.terms, stemWord(part))
		}
	}
	return a
}

var idAnalyzer = indonesian.New()

// stemWord returns the root of a canonical word ("pemilihan" → "pilih").
func stemWord(w string) string {
	return idAnalyzer.Stem(w)
}

// splitTag turns "#PemiluDamai2024" into " pemilu damai 2024 " and
// "@akun_resmi" into " akun resmi ".
func splitTag(tag string) string {
	var b strings.Builder
	b.WriteByte(' ')
	prev := rune(0)
	for _, r := range tag[1:] {
		switch {
		case r == '_' || r == '.':
			b.WriteByte(' ')
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			b.WriteByte(' ')
			b.WriteRune(r)
		case unicode.IsDigit(r) && unicode.IsLetter(prev), unicode.IsLetter(r) && unicode.IsDigit(prev):
			b.WriteByte(' ')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
		prev = r
	}
	b.WriteByte(' ')
	return b.String()
}

// tokenize splits normalised text into words of letters and digits. A
// hyphen or apostrophe inside a word joins ("besar-besaran",
// "ber'aktifitas"), a dot or comma between digits joins ("70.000").
func tokenize(text string) []string {
	var out []string
	var cur []byte
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	isAlnum := func(c byte) bool {
		return c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case isAlnum(c):
			cur = append(cur, c)
		case (c == '-' || c == '\'') && len(cur) > 0 && i+1 < len(text) && isAlnum(text[i+1]):
			if c == '-' {
				cur = append(cur, '-')
			}
		case (c == '.' || c == ',') && len(cur) > 0 && cur[len(cur)-1] >= '0' && cur[len(cur)-1] <= '9' &&
			i+3 < len(text) && isDigits(text[i+1:i+4]) && (i+4 == len(text) || !isAlnum(text[i+4]) || text[i+4] == '.'):
			// thousands separator: skip it
		default:
			flush()
		}
	}
	flush()
	return out
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// canonicalWord resolves one token: reduplication ("anak-anak", "doa2",
// "besar-besaran"), compounds joined by a hyphen ("prabowo-gibran" becomes
// two words), letters glued to digits ("rp71"), chat elongation
// ("bangeeet") and slang. The result may hold several space-separated words.
func canonicalWord(w string) string {
	if strings.Contains(w, "-") {
		parts := strings.Split(w, "-")
		var keep []string
		for i, p := range parts {
			if p == "" {
				continue
			}
			if i > 0 && reduplicates(parts[i-1], p) {
				continue
			}
			keep = append(keep, canonicalWord(p))
		}
		return strings.Join(keep, " ")
	}
	// split letters from digits
	if hasLetter(w) && hasDigit(w) {
		// "doa2", "hati2": chat reduplication
		if n := len(w); n >= 4 && w[n-1] == '2' && !hasDigit(w[:n-1]) {
			return canonicalWord(w[:n-1])
		}
		var parts []string
		start := 0
		for i := 1; i < len(w); i++ {
			if isDigitByte(w[i]) != isDigitByte(w[i-1]) {
				parts = append(parts, w[start:i])
				start = i
			}
		}
		parts = append(parts, w[start:])
		for i, p := range parts {
			parts[i] = canonicalWord(p)
		}
		return strings.Join(parts, " ")
	}
	if isDigits(w) {
		return canonicalNumber(w)
	}
	if !hasDigit(w) {
		w = collapseElongation(w)
		if s, ok := slang[w]; ok {
			w = s
		}
		if len(w) < 2 {
			return ""
		}
	}
	return w
}

// canonicalNumber writes round amounts the way headlines do: "35000000"
// (from "35.000.000") becomes "35 juta", as "35jt" and "Rp35 juta" do.
func canonicalNumber(w string) string {
	if len(w) < 7 || len(w) > 15 {
		return w
	}
	n, err := strconv.ParseUint(w, 10, 64)
	if err != nil {
		return w
	}
	switch {
	case n%1_000_000_000 == 0:
		return strconv.FormatUint(n/1_000_000_000, 10) + " miliar"
	case n%1_000_000 == 0:
		return strconv.FormatUint(n/1_000_000, 10) + " juta"
	}
	return w
}

// reduplicates reports whether b repeats a ("anak-anak", "besar-besaran",
// "sayur-mayur" is not folded).
func reduplicates(a, b string) bool {
	if a == b {
		return true
	}
	return len(a) >= 3 && strings.HasPrefix(b, a) && (b[len(a):] == "an" || b[len(a):] == "nya" || b[len(a):] == "kan")
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

func hasLetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'a' && s[i] <= 'z' {
			return true
		}
	}
	return false
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if isDigitByte(s[i]) {
			return true
		}
	}
	return false
}

// collapseElongation shortens runs of three or more equal letters to one:
// "bangeeet" → "banget", "sebarkannn" → "sebarkan".
func collapseElongation(w string) string {
	run := 1
	need := false
	for i := 1; i < len(w); i++ {
		if w[i] == w[i-1] {
			run++
			if run >= 3 {
				need = true
				break
			}
		} else {
			run = 1
		}
	}
	if !need {
		return w
	}
	b := make([]byte, 0, len(w))
	for i := 0; i < len(w); {
		j := i
		for j < len(w) && w[j] == w[i] {
			j++
		}
		if j-i >= 3 {
			b = append(b, w[i])
		} else {
			b = append(b, w[i:j]...)
		}
		i = j
	}
	return string(b)
}

// isNoise reports whether a canonical word carries no claim: a stop word or
// a marker of chain-message forwarding.
func isNoise(w string) bool {
	if len(w) < 2 {
		return true
	}
	if _, ok := forwardingNoise[w]; ok {
		return true
	}
	return indonesian.IsStopWord(w)
}
