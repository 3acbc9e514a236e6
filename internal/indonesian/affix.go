package indonesian

import "strings"

// prefix identifies a prefix class; allomorphs share one (meng- and mem- are
// both me-), because Indonesian never stacks two prefixes of one class.
type prefix uint8

const (
	noPrefix prefix = iota
	pDi
	pKe
	pSe
	pBer // ber-, be-, bel-
	pTer // ter-, te-
	pMe  // me-, mem-, men-, meng-, meny-
	pPe  // pe-, pem-, pen-, peng-, peny-, pel-
	pPer // per-
)

// cand is one way to remove a prefix: the remaining stem and the prefix class.
type cand struct {
	stem  string
	class prefix
	// guess is false for readings the fallback rules must not take on their
	// own: a bare ke- or se- (kepala, sekolah) or a plain pe- before a
	// consonant (pesawat). The dictionary search still tries them.
	guess bool
}

// prefixCands lists the ways a prefix can be removed from w, the most likely
// reading first, following the disambiguation rules of Enhanced Confix
// Stripping. Recoded readings restore the initial consonant that the nasal
// prefix swallowed: memilih → pilih, menulis → tulis, menyapu → sapu,
// mengirim → kirim.
func prefixCands(w string) (out [4]cand, n int) {
	add := func(stem string, class prefix, guess bool) {
		if n < len(out) && len(stem) >= 2 {
			out[n] = cand{stem, class, guess}
			n++
		}
	}
	if len(w) < 4 {
		return out, 0
	}
	switch w[0] {
	case 'd':
		if w[1] == 'i' {
			add(w[2:], pDi, true)
		}
	case 'k':
		if w[1] == 'e' {
			add(w[2:], pKe, false)
		}
	case 's':
		if w[1] == 'e' {
			add(w[2:], pSe, false)
		}
	case 'b':
		if w[1] != 'e' {
			break
		}
		switch {
		case w == "belajar" || strings.HasPrefix(w, "belajar"):
			add(w[3:], pBer, true)
		case w[2] == 'r' && isVowel(w[3]):
			add(w[3:], pBer, true) // ber-ada
			add(w[2:], pBer, true) // be-rupa
		case w[2] == 'r' && w[3] != 'r':
			add(w[3:], pBer, true) // ber-kampanye
		case cerPattern(w[2:]) && w[2] != 'r' && w[2] != 'l':
			add(w[2:], pBer, true) // be-kerja, be-serta
		}
	case 't':
		if w[1] != 'e' {
			break
		}
		switch {
		case w[2] == 'r' && isVowel(w[3]):
			add(w[3:], pTer, true) // ter-akhir
			add(w[2:], pTer, true) // te-rasa
		case w[2] == 'r' && w[3] != 'r':
			add(w[3:], pTer, true) // ter-pilih
		case cerPattern(w[2:]) && w[2] != 'r':
			add(w[2:], pTer, true) // te-percaya
		}
	case 'm':
		if w[1] == 'e' {
			nasal(w[2:], pMe, add)
		}
	case 'p':
		if w[1] != 'e' {
			break
		}
		rest := w[2:]
		switch {
		case strings.HasPrefix(rest, "lajar"):
			add(rest[1:], pPe, true) // pel-ajar
		case rest[0] == 'r':
			if len(rest) > 1 && isVowel(rest[1]) {
				add(rest[1:], pPer, true) // per-ubah
				add(rest, pPe, true)      // pe-rawat
			} else if len(rest) > 1 && rest[1] != 'r' {
				add(rest[1:], pPer, true) // per-hitung
			}
		case rest[0] == 'l' || rest[0] == 'w' || rest[0] == 'y':
			if len(rest) > 1 && isVowel(rest[1]) {
				add(rest, pPe, true) // pe-langgar
			}
		case rest[0] == 'm' || rest[0] == 'n':
			nasal(rest, pPe, add)
		default:
			if !isVowel(rest[0]) {
				add(rest, pPe, cerPattern(rest)) // pe-kerja, pe-tani
			}
		}
	}
	return out, n
}

// nasal handles the nasal allomorphs of me- and pe-; rest follows "me"/"pe".
func nasal(rest string, class prefix, add func(string, prefix, bool)) {
	if len(rest) < 2 {
		return
	}
	c := rest[0]
	switch {
	case c == 'l' || c == 'r' || c == 'w' || c == 'y':
		if isVowel(rest[1]) {
			add(rest, class, true) // me-lapor, me-rekam
		}
	case strings.HasPrefix(rest, "ny"):
		r := rest[2:]
		if len(r) > 0 && isVowel(r[0]) {
			add("s"+r, class, true)  // meny-apu → sapu
			add("ny"+r, class, true) // me-nyatakan → nyata
		}
	case strings.HasPrefix(rest, "ng"):
		r := rest[2:]
		if len(r) == 0 {
			return
		}
		switch {
		case strings.ContainsRune("ghkq", rune(r[0])):
			add(r, class, true) // meng-hitung
		case r[0] == 'e' && len(r) > 1 && !isVowel(r[1]) && vowels(r[1:]) == 1:
			add(r[1:], class, true) // menge-cek
			add("k"+r, class, true)
		case r[0] == 'e':
			add("k"+r, class, true) // meng-kelola
			add(r, class, true)     // meng-edar
		case isVowel(r[0]):
			add(r, class, true)     // meng-ambil
			add("k"+r, class, true) // meng-kirim
		}
		if isVowel(r[0]) {
			add("ng"+r, class, false) // me-ngeri (dictionary only)
		}
	case c == 'm':
		r := rest[1:]
		switch {
		case r[0] == 'b' || r[0] == 'f' || r[0] == 'v' || r[0] == 'p':
			add(r, class, true) // mem-buat, mem-perhatikan
		case isVowel(r[0]) || (r[0] == 'r' && len(r) > 1 && isVowel(r[1])):
			add("p"+r, class, true) // mem-ilih → pilih
			add(rest, class, true)  // me-makan
		}
	case c == 'n':
		r := rest[1:]
		switch {
		case strings.ContainsRune("cdjzst", rune(r[0])):
			add(r, class, true) // men-daftar
		case isVowel(r[0]):
			add("t"+r, class, true) // men-ulis → tulis
			add(rest, class, true)  // me-nilai
		}
	}
}

// cerPattern reports whether s looks like C-er-C, the shape that takes the
// short prefixes be- and pe- (bekerja, peserta).
func cerPattern(s string) bool {
	return len(s) >= 4 && !isVowel(s[0]) && s[1] == 'e' && s[2] == 'r' && !isVowel(s[3])
}

// disallowed reports whether Indonesian has no confix made of the outermost
// prefix p and the derivational suffix: be-…-i, di-…-an, ke-…-i, ke-…-kan,
// me-…-an, se-…-i, se-…-kan, te-…-an.
func disallowed(p prefix, suffix string) bool {
	switch suffix {
	case "i":
		return p == pBer || p == pKe || p == pSe
	case "kan":
		return p == pKe || p == pSe
	case "an":
		return p == pDi || p == pMe || p == pTer
	}
	return false
}

func isVowel(c byte) bool {
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'
}

func vowels(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if isVowel(s[i]) {
			n++
		}
	}
	return n
}
