package indonesian

import "strings"

// stemmer reduces a word to its root. It is stateless apart from the shared,
// read-only root list, so it is safe for concurrent use.
type stemmer struct {
	roots map[string]struct{}
}

func (s stemmer) isRoot(w string) bool {
	_, ok := s.roots[w]
	return ok
}

// stem returns the root of the lowercase word w. Words of three letters or
// fewer, words with anything but a–z, and known roots come back unchanged.
func (s stemmer) stem(w string) string {
	if len(w) <= 3 || !isLowerASCII(w) || s.isRoot(w) {
		return w
	}
	if r, ok := s.search(w); ok {
		return r
	}
	return s.guess(w)
}

// form is w with some suffixes removed; suffix is the derivational suffix
// among them ("", "i", "kan" or "an"), which decides the confixes allowed.
type form struct {
	word, suffix string
}

// suffixForms lists w with, cumulatively, its particle (-lah, -kah, -tah,
// -pun), its possessive (-ku, -mu, -nya) and its derivational suffix
// (-kan, -an, -i) removed. For a word ending in -kan both -kan and -an are
// tried: kebijakan is kebijak-an, dikatakan is dikata-kan.
func suffixForms(w string) (out [5]form, n int) {
	out[0] = form{w, ""}
	n = 1
	x := w
	for _, p := range [...]string{"lah", "kah", "tah", "pun"} {
		if cut, ok := strings.CutSuffix(x, p); ok && len(cut) >= 3 {
			x = cut
			out[n] = form{x, ""}
			n++
			break
		}
	}
	for _, p := range [...]string{"nya", "ku", "mu"} {
		if cut, ok := strings.CutSuffix(x, p); ok && len(cut) >= 3 {
			x = cut
			out[n] = form{x, ""}
			n++
			break
		}
	}
	if cut, ok := strings.CutSuffix(x, "kan"); ok && len(cut) >= 3 {
		out[n] = form{cut, "kan"}
		n++
	}
	if cut, ok := strings.CutSuffix(x, "an"); ok && len(cut) >= 3 {
		out[n] = form{cut, "an"}
		n++
	} else if cut, ok := strings.CutSuffix(x, "i"); ok && len(cut) >= 3 {
		out[n] = form{cut, "i"}
		n++
	}
	return out, n
}

// search looks for a reading of w whose stem is in the root list, the way
// Enhanced Confix Stripping does: first the suffix-stripped forms themselves,
// then prefix removal on the most stripped form, restoring suffixes one by one
// when that fails (memberi is mem-beri, not mem-ber-i).
func (s stemmer) search(w string) (string, bool) {
	forms, n := suffixForms(w)
	for i := 1; i < n; i++ {
		if s.isRoot(forms[i].word) {
			return forms[i].word, true
		}
	}
	for i := n - 1; i >= 0; i-- {
		if r, ok := s.searchPrefixes(forms[i].word, forms[i].suffix, 0, noPrefix); ok {
			return r, true
		}
	}
	return "", false
}

// searchPrefixes removes up to three prefixes from w, trying every reading,
// and returns the first stem found in the root list.
func (s stemmer) searchPrefixes(w, suffix string, depth int, prev prefix) (string, bool) {
	if depth == 3 {
		return "", false
	}
	cands, n := prefixCands(w)
	for _, c := range cands[:n] {
		if c.class == prev || (c.class == pDi && depth > 0) {
			continue
		}
		if depth == 0 && disallowed(c.class, suffix) {
			continue
		}
		if len(c.stem) >= 3 && s.isRoot(c.stem) {
			return c.stem, true
		}
		if r, ok := s.searchPrefixes(c.stem, suffix, depth+1, c.class); ok {
			return r, true
		}
	}
	return "", false
}

// guess stems a word none of whose readings is a known root, Tala-style:
// remove a particle, a possessive, a derivational suffix and up to three
// prefixes, taking the most likely reading each time, and undoing any step
// that would leave an implausible root.
func (s stemmer) guess(w string) string {
	x := w
	for _, p := range [...]string{"lah", "kah", "pun"} {
		// Not the -llah of Arabic names and phrases (hizbullah).
		if cut, ok := strings.CutSuffix(x, p); ok && plausible(cut) && !strings.HasSuffix(cut, "l") {
			x = cut
			break
		}
	}
	confixNya := false
	if cut, ok := strings.CutSuffix(x, "nya"); ok && plausible(cut) {
		x, confixNya = cut, true
	}
	first := noPrefix
	if cands, n := prefixCands(x); n > 0 {
		first = cands[0].class
	}
	cut, suffix := guessSuffix(x, first)
	if suffix == "" && (first == pKe || first == pSe) {
		// Bare ke- and se- are rarely prefixes (kembangkan, sebabkan).
		first = noPrefix
		cut, suffix = guessSuffix(x, first)
	}
	if suffix != "" {
		if r, ok := guessPrefixes(cut, suffix, confixNya); ok || first == noPrefix {
			return r
		}
		// The suffix needs the prefix (me-…-i, di-…-kan); keep it when the
		// prefix cannot come off: diganti is di-ganti, not di-gant-i.
	}
	r, _ := guessPrefixes(x, "", confixNya)
	return r
}

// guessSuffix removes the derivational suffix the outermost prefix allows.
func guessSuffix(x string, first prefix) (string, string) {
	switch {
	case strings.HasSuffix(x, "kan"):
		kan, an := x[:len(x)-3], x[:len(x)-2]
		// pe-/per-/ke- build nouns with -an (pendidik-an, kebijak-an); so
		// does a bare root ending in a vowel and k (ledak-an, tindak-an),
		// unless it is a loanword in -si (promosi-kan).
		nounAn := first == pPe || first == pPer || first == pKe ||
			(first == noPrefix && isVowel(kan[len(kan)-1]) && !strings.HasSuffix(kan, "si"))
		if nounAn && plausibleRoot(an) {
			return an, "an"
		}
		if plausibleRoot(kan) && !disallowed(first, "kan") {
			return kan, "kan"
		}
	case strings.HasSuffix(x, "an"):
		if cut := x[:len(x)-2]; plausibleRoot(cut) && !disallowed(first, "an") {
			return cut, "an"
		}
	case strings.HasSuffix(x, "i"):
		// Verbal -i needs a verbal prefix. After s it is usually part of a
		// loanword (informasi, diverifikasi) and after a vowel part of the
		// root (membingkai, diganti), so only the root list removes those.
		cut := x[:len(x)-1]
		if (first == pMe || first == pDi || first == pTer || first == pPer) &&
			cut[len(cut)-1] != 's' && !isVowel(cut[len(cut)-1]) && plausibleRoot(cut) {
			return cut, "i"
		}
	}
	return x, ""
}

// guessPrefixes removes up to three prefixes by their most likely reading and
// reports whether at least one came off.
func guessPrefixes(x, suffix string, confixNya bool) (string, bool) {
	prev := noPrefix
	removed := false
	for depth := 0; depth < 3; depth++ {
		cands, n := prefixCands(x)
		took := false
		for _, c := range cands[:n] {
			allowed := c.guess ||
				(c.class == pKe && suffix == "an" && depth == 0) ||
				(c.class == pSe && confixNya && depth == 0) ||
				(c.class == pPe && suffix == "an")
			if !allowed || c.class == prev || (c.class == pDi && depth > 0) ||
				(depth == 0 && disallowed(c.class, suffix)) || !plausible(c.stem) {
				continue
			}
			x, prev, removed, took = c.stem, c.class, true, true
			break
		}
		if !took {
			break
		}
	}
	return x, removed
}

// plausible reports whether s could be an Indonesian root: three letters or
// more, two vowels or more, and no consonant cluster at the start that
// Indonesian does not allow (the "mb" left by stripping ke- off kembali).
func plausible(s string) bool {
	if len(s) < 3 || vowels(s) < 2 {
		return false
	}
	if isVowel(s[0]) || isVowel(s[1]) {
		return true
	}
	switch s[:2] {
	case "bl", "br", "dr", "dw", "fl", "fr", "gl", "gr", "kh", "kl", "kr", "kw",
		"ng", "ny", "pl", "pr", "ps", "sk", "sl", "sm", "sn", "sp", "st", "sw",
		"sy", "tr", "ts":
		return true
	}
	return false
}

// plausibleRoot is plausible for what remains after a suffix comes off; it
// also refuses endings roots do not have (setiaw-an, relaw-an, pakist-an).
func plausibleRoot(s string) bool {
	if !plausible(s) {
		return false
	}
	switch s[len(s)-1] {
	case 'w', 'y', 'j', 'c', 'q', 'v', 'x':
		return false
	}
	// Roots end in one consonant, or ng/nk: not imigr-an, pakist-an.
	a, b := s[len(s)-2], s[len(s)-1]
	return isVowel(a) || isVowel(b) || (a == 'n' && (b == 'g' || b == 'k'))
}

func isLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}
