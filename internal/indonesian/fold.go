package indonesian

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// foldTable maps non-ASCII letters and digits to their plain ASCII spelling:
// diacritics ("é" → "e"), ligatures ("ﬁ" → "fi"), fullwidth forms and the
// styled alphabets that forwarded chain messages use to shout ("𝐇𝐎𝐀𝐊𝐒",
// "🅗🅞🅐🅚🅢", "ʜᴏᴀᴋs"). A rune absent from the table has no ASCII form.
var foldTable = sync.OnceValue(func() map[rune]string {
	t := make(map[rune]string, 3000)
	ranges := [][2]rune{
		{0x00C0, 0x024F},   // Latin-1 Supplement, Latin Extended-A and -B
		{0x1E00, 0x1EFF},   // Latin Extended Additional (Vietnamese)
		{0x2070, 0x209F},   // superscripts and subscripts
		{0x2460, 0x24FF},   // enclosed alphanumerics (ⓐ, ①)
		{0xFB00, 0xFB06},   // Latin ligatures
		{0xFF10, 0xFF5A},   // fullwidth digits and letters
		{0x1D400, 0x1D7FF}, // mathematical alphanumeric symbols
		{0x1F100, 0x1F149}, // enclosed alphanumeric supplement with decompositions
	}
	for _, rg := range ranges {
		for r := rg[0]; r <= rg[1]; r++ {
			if s := asciiOf(norm.NFKD.String(string(r))); s != "" {
				t[r] = s
			}
		}
	}
	// Letters with no canonical decomposition.
	for r, s := range map[rune]string{
		'ß': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'ø': "o", 'Ø': "o",
		'đ': "d", 'Đ': "d", 'ł': "l", 'Ł': "l", 'ı': "i", 'ħ': "h", 'Ħ': "h",
		'þ': "th", 'Þ': "th", 'ð': "d", 'Ð': "d",
		// small capitals
		'ᴀ': "a", 'ʙ': "b", 'ᴄ': "c", 'ᴅ': "d", 'ᴇ': "e", 'ꜰ': "f", 'ɢ': "g",
		'ʜ': "h", 'ɪ': "i", 'ᴊ': "j", 'ᴋ': "k", 'ʟ': "l", 'ᴍ': "m", 'ɴ': "n",
		'ᴏ': "o", 'ᴘ': "p", 'ǫ': "q", 'ʀ': "r", 'ꜱ': "s", 'ᴛ': "t", 'ᴜ': "u",
		'ᴠ': "v", 'ᴡ': "w", 'ʏ': "y", 'ᴢ': "z",
	} {
		t[r] = s
	}
	// Negative circled and squared capitals (🅐, 🅰) have no decomposition.
	for i := rune(0); i < 26; i++ {
		t[0x1F150+i] = string('a' + i)
		t[0x1F170+i] = string('a' + i)
	}
	return t
})

// asciiOf keeps the ASCII letters and digits of s, lowercased.
func asciiOf(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b = append(b, c)
		}
	}
	return string(b)
}

// appendFolded appends the folded form of the letter or digit r to b.
// Combining marks vanish, which completes diacritic folding for decomposed
// input ("e" + U+0301).
func appendFolded(b []byte, r rune) []byte {
	if r < 0x80 {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(b, byte(r))
	}
	if s, ok := foldTable()[r]; ok {
		return append(b, s...)
	}
	if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) {
		return b
	}
	return utf8.AppendRune(b, unicode.ToLower(r))
}
