package indonesian

import (
	_ "embed"
	"strings"
	"sync"
)

var (
	//go:embed stopwords.txt
	stopwordsText string
	//go:embed slang.txt
	slangText string
	//go:embed roots.txt
	rootsText string
	//go:embed names.txt
	namesText string
)

// lexicon holds the word lists. It is built once and never modified, so it
// is shared by every Analyzer without locking.
type lexicon struct {
	stop  map[string]struct{}
	slang map[string]string
	roots map[string]struct{}
}

var loadLexicon = sync.OnceValue(func() *lexicon {
	lx := &lexicon{
		stop:  make(map[string]struct{}, 400),
		slang: make(map[string]string, 256),
		roots: make(map[string]struct{}, 2048),
	}
	for _, w := range words(stopwordsText) {
		lx.stop[w] = struct{}{}
	}
	for _, line := range lines(slangText) {
		from, to, ok := strings.Cut(line, " ")
		if ok {
			lx.slang[from] = strings.TrimSpace(to)
		}
	}
	for _, text := range []string{rootsText, namesText} {
		for _, w := range words(text) {
			lx.roots[w] = struct{}{}
		}
	}
	return lx
})

// lines returns the non-empty lines of text with '#' comments removed.
func lines(text string) []string {
	var out []string
	for line := range strings.SplitSeq(text, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// words returns every whitespace-separated word of text outside comments.
func words(text string) []string {
	var out []string
	for _, line := range lines(text) {
		out = append(out, strings.Fields(line)...)
	}
	return out
}

// IsStopWord reports whether term is an Indonesian stop word, alone or with
// a clitic attached ("menurutnya", "itulah", "apakah", "siapapun"). It
// expects a normalised word (lowercase, slang already expanded), as Terms
// sees it before stemming; "yang" is a stop word, "yg" is not until expanded.
func IsStopWord(term string) bool {
	return loadLexicon().isStop(term)
}

func (lx *lexicon) isStop(w string) bool {
	if _, ok := lx.stop[w]; ok {
		return true
	}
	for _, clitic := range [...]string{"nya", "lah", "kah", "pun"} {
		if base, ok := strings.CutSuffix(w, clitic); ok && len(base) >= 2 {
			if _, ok := lx.stop[base]; ok {
				return true
			}
		}
	}
	return false
}
