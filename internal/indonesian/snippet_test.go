package indonesian

import (
	"os"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func readArticle(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("testdata/artikel.txt")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSnippetHighlightsQueryTerms(t *testing.T) {
	a := New()
	text := readArticle(t)
	query := a.Terms("penghitungan ulang di Sidoarjo")
	parts := Snippet(a, text, query, 160)
	checkSnippet(t, a, text, parts, query, 160)

	var lit []string
	for _, p := range parts {
		if p.Highlight {
			lit = append(lit, p.Text)
		}
	}
	// The one sentence holding all three terms wins over earlier mentions
	// of "penghitungan" alone.
	want := []string{"Penghitungan", "ulang", "Sidoarjo"}
	if strings.Join(lit, "|") != strings.Join(want, "|") {
		t.Errorf("highlighted %q, want %q", lit, want)
	}
	if parts[0].Text != Ellipsis || parts[len(parts)-1].Text != Ellipsis {
		t.Errorf("want ellipses on both sides of a window in the middle: %+v", parts)
	}
}

func TestSnippetHighlightsSlangAndInflection(t *testing.T) {
	a := New()
	text := "Banyak warga gak bisa nyoblos karena tidak terdaftar di DPT."
	parts := Snippet(a, text, a.Terms("tidak mencoblos"), 100)
	checkSnippet(t, a, text, parts, a.Terms("tidak mencoblos"), 100)
	got := render(parts)
	if want := "Banyak warga [gak] bisa [nyoblos] karena [tidak] terdaftar di DPT."; got != want {
		t.Errorf("snippet %q, want %q", got, want)
	}
}

func TestSnippetWithoutHitShowsStart(t *testing.T) {
	a := New()
	text := readArticle(t)
	parts := Snippet(a, text, a.Terms("gempa bumi"), 80)
	checkSnippet(t, a, text, parts, nil, 80)
	if !strings.HasPrefix(text, parts[0].Text) || parts[len(parts)-1].Text != Ellipsis {
		t.Errorf("want the start of the text and a trailing ellipsis, got %+v", parts)
	}
}

func TestSnippetStaysWithinMaxRunes(t *testing.T) {
	a := New()
	texts := []string{
		readArticle(t),
		"Pemilihan",
		"pemilihan pemilihan pemilihan pemilihan pemilihan pemilihan",
		strings.Repeat("x", 500) + " pemilihan " + strings.Repeat("y", 500),
		"  \n\n  spasi   berlebih   pemilihan  \n\n kata   lain  ",
		"rusak \xff\xfe pemilihan \xe2\x82 juga",
	}
	query := a.Terms("pemilihan suara hoaks")
	for _, text := range texts {
		for max := -1; max <= 200; max++ {
			parts := Snippet(a, text, query, max)
			if max < 1 {
				if parts != nil {
					t.Errorf("Snippet(max %d) = %+v, want nil", max, parts)
				}
				continue
			}
			checkSnippet(t, a, text, parts, query, max)
		}
	}
}

// checkSnippet asserts the invariants of every snippet.
func checkSnippet(t *testing.T, a *Analyzer, text string, parts []SnippetPart, query []string, max int) {
	t.Helper()
	n := 0
	for i, p := range parts {
		n += utf8.RuneCountInString(p.Text)
		if p.Text == "" {
			t.Errorf("part %d is empty", i)
		}
		if !utf8.ValidString(p.Text) {
			t.Errorf("part %d %q is not valid UTF-8", i, p.Text)
		}
		if p.Highlight {
			terms := a.Terms(p.Text)
			if len(terms) != 1 || !contains(query, terms[0]) {
				t.Errorf("highlighted %q (terms %q) is not a query term of %q", p.Text, terms, query)
			}
		}
		if p.Text == Ellipsis && i != 0 && i != len(parts)-1 {
			t.Errorf("ellipsis in the middle, part %d", i)
		}
	}
	if n > max {
		t.Errorf("snippet is %d runes, more than %d: %+v", n, max, parts)
	}
	// No word is cut: the text next to the snippet is not a letter.
	var b strings.Builder
	for i, p := range parts {
		if !(p.Text == Ellipsis && (i == 0 || i == len(parts)-1)) {
			b.WriteString(p.Text)
		}
	}
	body := b.String()
	flat := collapseSpace(strings.ToValidUTF8(text, "\uFFFD"))
	if body == "" {
		return
	}
	// The body may occur more than once; one occurrence must have whole
	// words at both ends.
	found := false
	first, _ := utf8.DecodeRuneInString(body)
	last, _ := utf8.DecodeLastRuneInString(body)
	for from := 0; from <= len(flat); {
		i := strings.Index(flat[from:], body)
		if i < 0 {
			break
		}
		i += from
		before, _ := utf8.DecodeLastRuneInString(flat[:i])
		after, _ := utf8.DecodeRuneInString(flat[i+len(body):])
		if (i == 0 || !sameWord(before, first)) && (i+len(body) == len(flat) || !sameWord(last, after)) {
			found = true
			break
		}
		from = i + 1
	}
	if !found {
		t.Errorf("snippet %q is not a piece of the text made of whole words", body)
	}
}

// sameWord reports whether a and b would be one word to the tokeniser:
// letters and digits are words of their own ("Rp71" is "Rp" and "71").
func sameWord(a, b rune) bool {
	return unicode.IsLetter(a) && unicode.IsLetter(b) || unicode.IsDigit(a) && unicode.IsDigit(b)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// render shows a snippet with highlights in brackets.
func render(parts []SnippetPart) string {
	var b strings.Builder
	for _, p := range parts {
		if p.Highlight {
			b.WriteString("[" + p.Text + "]")
		} else {
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

func FuzzSnippet(f *testing.F) {
	f.Add("Pemilihan umum di TPS, pemilih datang", 12)
	f.Add("x\xffpemilihan\xfe-pemilihan", 5)
	f.Add("anak-anak   memilih\n\npemilu", 9)
	a := New()
	query := a.Terms("pemilihan anak pemilu")
	f.Fuzz(func(t *testing.T, text string, max int) {
		max %= 300
		parts := Snippet(a, text, query, max)
		if max < 1 {
			return
		}
		checkSnippet(t, a, text, parts, query, max)
	})
}
