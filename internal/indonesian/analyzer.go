package indonesian

import (
	"strings"
	"sync"
	"unicode/utf8"
)

// Token is one analysed word.
type Token struct {
	// Term is the normalised, slang-expanded and stemmed form, as Terms
	// returns it.
	Term string
	// Surface is the original text of the word, text[Start:End]. A
	// reduplication such as "anak-anak" is one token spanning both halves.
	Surface string
	// Start and End are byte offsets into the text given to Tokens.
	Start, End int
}

// Analyzer turns text into search terms. It is safe for concurrent use and
// remembers the terms of words it has seen, so keep one for the life of the
// process. Use New; the zero value is not usable.
type Analyzer struct {
	lx *lexicon
	st stemmer

	mu    sync.RWMutex
	cache map[string]entry
}

// entry is the analysis of one folded word.
type entry struct {
	norm string // after elongation collapse and slang, before stemming
	term string // stemmed; "" when the word is dropped
}

// cacheLimit bounds the word cache; past it the cache starts afresh. Real
// text has far fewer distinct words, so this only guards against junk input.
const cacheLimit = 1 << 16

// New returns an Analyzer with the embedded Indonesian word lists.
func New() *Analyzer {
	lx := loadLexicon()
	return &Analyzer{lx: lx, st: stemmer{roots: lx.roots}, cache: make(map[string]entry, 1024)}
}

// Terms returns the search terms of text in order, one per occurrence, with
// stop words removed: the same words for indexing a document and for a query.
func (a *Analyzer) Terms(text string) []string {
	terms := make([]string, 0, len(capInput(text))/8+1)
	a.analyze(text, func(t Token) { terms = append(terms, t.Term) })
	return terms
}

// Tokens is Terms with the position of each term in text, for highlighting.
func (a *Analyzer) Tokens(text string) []Token {
	tokens := make([]Token, 0, len(capInput(text))/8+1)
	a.analyze(text, func(t Token) { tokens = append(tokens, t) })
	return tokens
}

// Stem returns the root of one lowercase word ("pemilihan" → "pilih"). It
// does not expand slang or drop stop words. A reduplicated word
// ("anak-anak") stems to its base; other hyphenated words come back as they
// are.
func (a *Analyzer) Stem(word string) string {
	if left, right, ok := strings.Cut(word, "-"); ok && left != "" && right != "" {
		if base, ok := a.reduplicated(left, right); ok {
			return base
		}
		return word
	}
	return a.st.stem(word)
}

// analyze calls yield for every kept token of text.
func (a *Analyzer) analyze(text string, yield func(Token)) {
	text = capInput(text)
	var buf []byte
	var prev word // a letter word waiting to see if a hyphen and its double follow
	pending := false
	flush := func(w word) {
		surface := text[w.start:w.end]
		var e entry
		e, buf = a.lookup(surface, w.kind, buf)
		if e.term != "" {
			yield(Token{Term: e.term, Surface: surface, Start: w.start, End: w.end})
		}
	}
	scanWords(text, func(w word) {
		if pending {
			pending = false
			if w.kind == letters && hyphenated(text, prev.end, w.start) {
				var l, r entry
				l, buf = a.lookup(text[prev.start:prev.end], letters, buf)
				r, buf = a.lookup(text[w.start:w.end], letters, buf)
				if base, ok := a.pairTerm(l, r); ok {
					if base != "" {
						yield(Token{Term: base, Surface: text[prev.start:w.end], Start: prev.start, End: w.end})
					}
					return
				}
			}
			flush(prev)
		}
		if w.kind == letters {
			prev, pending = w, true
			return
		}
		flush(w)
	})
	if pending {
		flush(prev)
	}
}

// hyphenated reports whether exactly one hyphen separates offsets end and start.
func hyphenated(text string, end, start int) bool {
	if start <= end || start-end > 3 {
		return false
	}
	r := runeAt(text, end)
	return isHyphen(r) && end+utf8.RuneLen(r) == start
}

// pairTerm decides whether two hyphen-joined words are a reduplication and
// returns its term ("" when it is a stop word, like "masing-masing").
func (a *Analyzer) pairTerm(l, r entry) (string, bool) {
	if l.norm == "" || r.norm == "" {
		return "", false
	}
	base, ok := a.reduplicated(l.norm, r.norm)
	if !ok {
		return "", false
	}
	if _, stop := a.lx.stop[l.norm+"-"+r.norm]; stop || utf8.RuneCountInString(base) < 2 {
		return "", true
	}
	return base, true
}

// reduplicated reports whether left-right is a reduplication and returns the
// stem of its base: anak-anak, anak-anaknya, ugal-ugalan, pertama-tama,
// berlari-lari and tembak-menembak (equal stems), kemerah-merahan.
func (a *Analyzer) reduplicated(left, right string) (string, bool) {
	if left == right {
		return a.st.stem(left), true
	}
	sl, sr := a.st.stem(left), a.st.stem(right)
	switch {
	case sl == sr, strings.HasPrefix(right, left), strings.HasSuffix(left, right):
		return sl, true
	case len(sr) >= 3 && strings.Contains(left, sr):
		return sr, true
	}
	return "", false
}
