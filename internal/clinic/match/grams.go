package match

import "slices"

// A character trigram over the matcher's alphabet (a–z, 0–9 and space) is
// encoded exactly in 16 bits: 37³ = 50,653 values. No hashing, no
// collisions, and half the memory of a 32-bit hash per gram.
const gramSpace = 37 * 37 * 37

func charCode(c byte) uint16 {
	switch {
	case c >= 'a' && c <= 'z':
		return uint16(c-'a') + 1
	case c >= '0' && c <= '9':
		return uint16(c-'0') + 27
	}
	return 0
}

func trigram(a, b, c byte) uint16 {
	return (charCode(a)*37+charCode(b))*37 + charCode(c)
}

// charGrams returns the distinct character trigrams of words joined by
// spaces and padded with a space at both ends, sorted. Grams that span a
// word boundary keep some word order; grams inside a word survive a typo
// elsewhere in it.
func charGrams(words []string) []uint16 {
	if len(words) == 0 {
		return nil
	}
	size := 2
	for _, w := range words {
		size += len(w) + 1
	}
	s := make([]byte, 0, size)
	s = append(s, ' ')
	for _, w := range words {
		s = append(s, w...)
		s = append(s, ' ')
	}
	return gramsOf(s)
}

// termGrams returns the trigrams of one term padded with spaces, for
// finding dictionary terms close to a misspelt one.
func termGrams(t string) []uint16 {
	s := make([]byte, 0, len(t)+2)
	s = append(s, ' ')
	s = append(s, t...)
	s = append(s, ' ')
	return gramsOf(s)
}

func gramsOf(s []byte) []uint16 {
	if len(s) < 3 {
		return nil
	}
	out := make([]uint16, 0, len(s)-2)
	for i := 0; i+3 <= len(s); i++ {
		out = append(out, trigram(s[i], s[i+1], s[i+2]))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// intersect counts the common values of two sorted slices.
func intersect(a, b []uint16) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// titleGrams returns the distinct character trigrams of a title's words
// (as charGrams) in two sorted runs: first those that touch no word
// marked as medium, then the rest; and the length of the first run.
func titleGrams(words []string, medium []bool) ([]uint16, int) {
	all := charGrams(words)
	if !slices.Contains(medium, true) {
		return slices.Clone(all), len(all) // the exact size: indexes keep it
	}
	s := make([]byte, 0, len(all)+2)
	mask := make([]bool, 0, len(all)+2)
	s, mask = append(s, ' '), append(mask, false)
	for i, w := range words {
		for j := 0; j < len(w); j++ {
			s, mask = append(s, w[j]), append(mask, medium[i])
		}
		s, mask = append(s, ' '), append(mask, false)
	}
	claim := make([]uint16, 0, len(all))
	for i := 0; i+3 <= len(s); i++ {
		if !mask[i] && !mask[i+1] && !mask[i+2] {
			claim = append(claim, trigram(s[i], s[i+1], s[i+2]))
		}
	}
	slices.Sort(claim)
	claim = slices.Compact(claim)
	out := make([]uint16, 0, len(all))
	out = append(out, claim...)
	for _, g := range all {
		if _, found := slices.BinarySearch(claim, g); !found {
			out = append(out, g)
		}
	}
	return out, len(claim)
}
