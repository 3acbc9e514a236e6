package indonesian

import (
	"strings"
	"testing"
)

// article1000 returns a news article of exactly 1,000 words.
func article1000(b *testing.B) string {
	words := strings.Fields(readArticle(b))
	out := make([]string, 0, 1000)
	for len(out) < 1000 {
		out = append(out, words[:min(len(words), 1000-len(out))]...)
	}
	return strings.Join(out, " ")
}

// BenchmarkTerms analyses a 1,000-word article with a long-lived Analyzer,
// as the indexer and the search handler use it.
func BenchmarkTerms(b *testing.B) {
	text := article1000(b)
	a := New()
	a.Terms(text)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		a.Terms(text)
	}
}

// BenchmarkTermsCold is BenchmarkTerms with an empty word cache each time:
// the cost of an article full of words never seen before.
func BenchmarkTermsCold(b *testing.B) {
	text := article1000(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		New().Terms(text)
	}
}

// BenchmarkStem stems affixed words without the cache.
func BenchmarkStem(b *testing.B) {
	words := []string{"pemilihan", "penyelenggaraan", "memperhatikan", "kecurangan",
		"dicalonkan", "pemutakhiran", "postingan", "mengatasnamakan", "surabaya", "berita"}
	s := stemmer{roots: loadLexicon().roots}
	b.ReportAllocs()
	for b.Loop() {
		for _, w := range words {
			s.stem(w)
		}
	}
}

// BenchmarkSnippet builds a 200-rune snippet of the article.
func BenchmarkSnippet(b *testing.B) {
	text := readArticle(b)
	a := New()
	query := a.Terms("penghitungan suara ulang di Sidoarjo")
	b.ReportAllocs()
	for b.Loop() {
		Snippet(a, text, query, 200)
	}
}
