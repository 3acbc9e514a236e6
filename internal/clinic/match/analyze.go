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
	// medium marks the words that, in a headline, name the medium or the
	// checking rather than the claim (markMedium); nil unless analyzeTitle.
	medium []bool
}

var (
	hashtagPattern = regexp.MustCompile(`#[\p{L}\p{N}_]+`)
	mentionPattern = regexp.MustCompile(`@[\p{L}\p{N}_.]+`)
)

// maxAnalysed caps the work done on one text: forwarded chain messages can be
// long, and their first few thousand bytes carry the claim.
const maxAnalysed = 6000

// analyze turns a body or forwarded message into matching terms.
func analyze(text string) analysis { return analyzeText(text, false) }

// analyzeTitle analyses a verdict's title, marking the words that name the
// medium.
func analyzeTitle(text string) analysis { return analyzeText(text, true) }

func analyzeText(text string, title bool) analysis {
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
	toks := tokenize(text)
	var parts []string
	var noise []bool
	for i := 0; i < len(toks); i++ {
		w := toks[i]
		if isClockTime(toks, i) {
			// "jam 5", "pkl 05.00", "pukul 05:00 WIB": one clock word,
			// the hour as a number, no time zone
			w = "pukul"
			if i+2 < len(toks) && isTimeZone(toks[i+2]) {
				toks = append(toks[:i+2:i+2], toks[i+3:]...)
			}
		}
		w = canonicalWord(w)
		if w == "" {
			continue
		}
		for _, part := range strings.Fields(w) {
			parts = append(parts, part)
			noise = append(noise, isNoise(part))
		}
	}
	var medium []bool
	if title {
		medium = markMedium(parts, noise)
	}
	for i, part := range parts {
		if noise[i] {
			continue
		}
		a.words = append(a.words, part)
		a.terms = append(a.terms, stemWord(part))
		if title {
			a.medium = append(a.medium, medium[i])
		}
	}
	return a
}

// isClockTime reports whether toks[i] is a word for the hour of the day
// ("pukul", "jam", "pkl") followed by a time: "05", "5", "05,00" (tokenize
// writes "05.00" and "05:00" so).
func isClockTime(toks []string, i int) bool {
	switch toks[i] {
	case "pukul", "jam", "pkl":
	default:
		return false
	}
	if i+1 >= len(toks) {
		return false
	}
	t := toks[i+1]
	h, m, ok := strings.Cut(t, ",")
	if len(h) == 0 || len(h) > 2 || !isDigits(h) || ok && (len(m) != 2 || !isDigits(m) || m[0] > '5') {
		return false
	}
	n, _ := strconv.Atoi(h)
	return n <= 24
}

// isTimeZone reports whether w names an Indonesian time zone.
func isTimeZone(w string) bool {
	return w == "wib" || w == "wita" || w == "wit"
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
		case (c == '.' || c == ',') && len(cur) > 0 && isDigits(string(cur)) && len(cur) <= 3 &&
			i+1 < len(text) && isDigitByte(text[i+1]) && (i+2 == len(text) || !isAlnum(text[i+2]) || isDigitByte(text[i+2]) && (i+3 == len(text) || !isAlnum(text[i+3]))):
			// decimal comma or point, written the Indonesian way: "9,5"
			cur = append(cur, ',')
		case c == ':' && len(cur) > 0 && len(cur) <= 2 && isDigits(string(cur)) && i+2 < len(text) &&
			isDigits(text[i+1:i+3]) && (i+3 == len(text) || !isAlnum(text[i+3])):
			// a time of day, "05:00", is written as "05.00" is: "05,00"
			cur = append(cur, ',')
			cur = append(cur, text[i+1], text[i+2])
			i += 2
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
	// "GIBR4N G4G4L DIL4NTIK": clickbait writes letters as digits
	if hasLetter(w) && hasDigit(w) && leetInterior(w) {
		return canonicalWord(unleet(w))
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
	if i := strings.IndexByte(w, ','); i > 0 && !hasLetter(w) {
		// a decimal: "5,0" is "5", "9,50" is "9,5", "05,30" is "5,3"
		w = strings.TrimRight(w, "0")
		for i > 1 && w[0] == '0' {
			w, i = w[1:], i-1
		}
		if strings.HasSuffix(w, ",") {
			return canonicalWord(w[:len(w)-1])
		}
		return w
	}
	if isDigits(w) {
		// "02" is "2", but a phone number keeps its zero
		for len(w) > 1 && len(w) <= 3 && w[0] == '0' {
			w = w[1:]
		}
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
	if len(w) < 2 && !isDigits(w) {
		return true
	}
	if _, ok := forwardingNoise[w]; ok {
		return true
	}
	return indonesian.IsStopWord(w)
}

// leetDigits are the digits clickbait writes for letters.
var leetDigits = [10]byte{'o', 'i', 0, 'e', 'a', 's', 'g', 't', 'b', 'g'}

// leetInterior reports whether w has a digit with letters on both sides
// that stands for a letter ("b0ngkar", "pencuc14an"), as no number glued
// to a word does ("rp71", "covid19", "ke79", "rp50rb", "5jt").
func leetInterior(w string) bool {
	for i := 1; i < len(w)-1; i++ {
		if !isDigitByte(w[i]) || isDigitByte(w[i-1]) {
			continue
		}
		j := i
		for j < len(w) && isDigitByte(w[j]) {
			j++
		}
		if j == len(w) || j-i > 2 {
			continue
		}
		for k := i; k < j; k++ {
			if leetDigits[w[k]-'0'] == 0 {
				return false
			}
		}
		before, after := w[:i], w[j:]
		if k := strings.LastIndexFunc(before, isDigitRune); k >= 0 {
			before = before[k+1:]
		}
		if k := strings.IndexFunc(after, isDigitRune); k >= 0 {
			after = after[:k]
		}
		_, currency := numberPrefixes[before]
		_, unit := numberSuffixes[after]
		if !currency && !unit {
			return true
		}
	}
	return false
}

// numberPrefixes and numberSuffixes are currencies, units and markers
// written against a number ("rp50rb", "idr5jt", "ke2kali"): digits between
// them are a number, not letters.
var (
	numberPrefixes = setOf("rp", "idr", "usd", "ke", "no", "nomor", "hp", "tv")
	numberSuffixes = setOf("rb", "ribu", "jt", "jta", "juta", "miliar", "milyar", "triliun",
		"kg", "km", "gb", "mb", "ml", "cm", "mm", "th", "thn", "tahun", "kali", "persen")
)

func isDigitRune(r rune) bool { return r >= '0' && r <= '9' }

// unleet writes w's digits as the letters they stand for.
func unleet(w string) string {
	b := []byte(w)
	for i, c := range b {
		if isDigitByte(c) && leetDigits[c-'0'] != 0 {
			b[i] = leetDigits[c-'0']
		}
	}
	return string(b)
}
