package indonesian

import (
	"strings"
	"unicode/utf8"
)

// lookup returns the analysis of one word of the text, caching letter words
// by their folded form. buf is scratch space, returned for reuse.
func (a *Analyzer) lookup(surface string, kind wordKind, buf []byte) (entry, []byte) {
	plain := isLowerASCII(surface)
	if !plain {
		buf = foldWord(buf[:0], surface, kind == letters)
		if len(buf) == 0 {
			return entry{}, buf
		}
	}
	if kind == digits {
		// A copy, so that an index holding the term does not pin the text.
		var t string
		if plain || isDigits(surface) {
			t = strings.Clone(surface)
		} else {
			t = string(buf)
		}
		return entry{norm: t, term: t}, buf
	}
	var e entry
	var ok bool
	a.mu.RLock()
	if plain {
		e, ok = a.cache[surface]
	} else {
		e, ok = a.cache[string(buf)] // no allocation for a map index
	}
	a.mu.RUnlock()
	if ok {
		return e, buf
	}
	var key string
	if plain {
		key = strings.Clone(surface) // a slice would keep the whole text alive
	} else {
		key = string(buf)
	}
	e = a.analyzeWord(key)
	a.mu.Lock()
	if len(a.cache) >= cacheLimit {
		a.cache = make(map[string]entry, 1024)
	}
	a.cache[key] = e
	a.mu.Unlock()
	return e, buf
}

// analyzeWord runs the word pipeline on a folded word: elongation, slang,
// stop words, stemming.
func (a *Analyzer) analyzeWord(w string) entry {
	n := collapseElongation(w)
	if s, ok := a.lx.slang[n]; ok {
		n = s
	}
	e := entry{norm: n}
	if a.lx.isStop(n) || utf8.RuneCountInString(n) < 2 || laughter(n) {
		return e
	}
	e.term = a.st.stem(n)
	return e
}

// foldWord appends the folded runes of s to buf, leaving out apostrophes and
// thousands separators; in a letter word, digits are leetspeak letters.
func foldWord(buf []byte, s string, letterWord bool) []byte {
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		i += w
		switch {
		case r == '.' || r == ',' || isApostrophe(r):
			continue
		case letterWord && r >= '0' && r <= '9':
			r = rune(leetDigits[r-'0'])
		}
		buf = appendFolded(buf, r)
	}
	return buf
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// collapseElongation shortens runs of three or more equal letters to one,
// undoing chat emphasis: "bangeeet" → "banget", "gaaak" → "gak". Indonesian
// spells no word with a tripled letter.
func collapseElongation(w string) string {
	run := false
	for i := 2; i < len(w); i++ {
		if w[i] == w[i-1] && w[i] == w[i-2] && w[i] >= 'a' {
			run = true
			break
		}
	}
	if !run {
		return w
	}
	b := make([]byte, 0, len(w))
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'a' && i+2 < len(w) && w[i+1] == c && w[i+2] == c {
			j := i
			for j < len(w) && w[j] == c {
				j++
			}
			b = append(b, c)
			i = j - 1
			continue
		}
		b = append(b, c)
	}
	return string(b)
}

// laughter reports chat laughter such as "wkwkwk", "hahaha" or "hehehe".
func laughter(w string) bool {
	if len(w) < 4 || len(w)%2 != 0 {
		return false
	}
	switch w[:2] {
	case "wk", "ha", "he", "hi", "hu", "xi":
	default:
		return false
	}
	for i := 2; i < len(w); i += 2 {
		if w[i:i+2] != w[:2] {
			return false
		}
	}
	return true
}
