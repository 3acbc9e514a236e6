package textfit

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Hashtag turns a name into a CamelCase hashtag: "Pemilu Jatim" →
// "#PemiluJatim", "kota surabaya" → "#KotaSurabaya". Letters keep their
// case after the first of each word ("KPU Jatim" → "#KPUJatim");
// everything that is not a letter or digit goes. It returns "" when no
// letter is left, because platforms do not link all-digit hashtags.
func Hashtag(name string) string {
	var b strings.Builder
	hasLetter := false
	for _, w := range strings.FieldsFunc(name, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		r, size := utf8.DecodeRuneInString(w)
		b.WriteRune(unicode.ToUpper(r))
		b.WriteString(w[size:])
		for _, r := range w {
			if unicode.IsLetter(r) {
				hasLetter = true
				break
			}
		}
	}
	if !hasLetter {
		return ""
	}
	return "#" + b.String()
}

// Hashtags returns the article's hashtags: its tags, then its regions
// ("#KotaSurabaya"; the province by its short name, "#JawaTimur"),
// deduplicated without regard to case, at most max of them (0: all).
func Hashtags(a *warta.Article, max int) []string {
	var names []string
	for _, t := range a.Tags {
		names = append(names, t.Name)
	}
	for _, r := range a.Regions {
		if r.Kind == warta.RegionProvinsi {
			names = append(names, r.ShortName())
		} else {
			names = append(names, r.Name)
		}
	}
	seen := map[string]bool{}
	var tags []string
	for _, n := range names {
		h := Hashtag(n)
		if h == "" || seen[strings.ToLower(h)] {
			continue
		}
		seen[strings.ToLower(h)] = true
		tags = append(tags, h)
		if max > 0 && len(tags) == max {
			break
		}
	}
	return tags
}
