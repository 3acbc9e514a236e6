package indonesian

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// SnippetPart is one piece of a search-result snippet, in reading order.
type SnippetPart struct {
	Text string
	// Highlight marks a word whose term is one of the query terms.
	Highlight bool
}

// Ellipsis is the Text of the parts that stand for text left out.
const Ellipsis = "…"

// Snippet picks the window of text, at most maxRunes runes long counting any
// ellipses, that holds the most distinct query terms (then the most hits),
// adds a little context on both sides, and returns it split into parts, the
// words whose Term is in queryTerms marked Highlight. The window starts and
// ends on word boundaries; an Ellipsis part stands for text cut on either
// side. Whitespace is collapsed and invalid UTF-8 replaced. queryTerms are
// normally a.Terms(query); raw words are analysed too, so "Pemilihan" works.
// Without a hit the snippet is the start of text. maxRunes < 1 gives nil.
func Snippet(a *Analyzer, text string, queryTerms []string, maxRunes int) []SnippetPart {
	if maxRunes < 1 {
		return nil
	}
	want := make(map[string]bool, 2*len(queryTerms))
	for _, q := range queryTerms {
		want[q] = true
		for _, t := range a.Terms(q) {
			want[t] = true
		}
	}
	analysed := capInput(text)
	tokens := a.Tokens(analysed)
	total := utf8.RuneCountInString(text)
	if total <= maxRunes {
		return buildParts(text, 0, len(text), tokens, want)
	}
	budget := maxRunes - 2 // room for an ellipsis on each side
	if budget < 1 {
		return []SnippetPart{{Text: Ellipsis}}
	}

	// Rune offsets of the tokens, counted incrementally.
	runeStart := make([]int, len(tokens))
	runeEnd := make([]int, len(tokens))
	pos, at := 0, 0
	for i, t := range tokens {
		pos += utf8.RuneCountInString(analysed[at:t.Start])
		runeStart[i] = pos
		pos += utf8.RuneCountInString(t.Surface)
		runeEnd[i] = pos
		at = t.End
	}

	lo, hi := bestWindow(tokens, runeStart, runeEnd, want, budget)
	// Share the slack: a third before the hits, the rest after.
	slack := budget - (hi - lo)
	before := min(slack/3, lo)
	after := min(slack-before, total-hi)
	before = min(slack-after, lo)
	lo, hi = lo-before, hi+after

	start, end := byteOffset(text, lo), byteOffset(text, hi)
	start, end = snapToWords(text, start, end, tokens, want)
	parts := buildParts(text, start, end, tokens, want)
	if start > 0 {
		parts = append([]SnippetPart{{Text: Ellipsis}}, parts...)
	}
	if end < len(text) {
		parts = append(parts, SnippetPart{Text: Ellipsis})
	}
	return parts
}

// bestWindow returns the rune span [lo, hi) of the run of consecutive hits
// that fits in budget and holds the most distinct wanted terms, then the most
// hits; with no hits, the start of the text.
func bestWindow(tokens []Token, runeStart, runeEnd []int, want map[string]bool, budget int) (int, int) {
	var hits []int
	for i, t := range tokens {
		if want[t.Term] {
			hits = append(hits, i)
		}
	}
	if len(hits) == 0 {
		return 0, 0
	}
	count := make(map[string]int)
	bestDistinct, bestHits, bestI, bestJ := -1, -1, 0, 0
	j := 0
	for i := range hits {
		if j < i {
			j = i
		}
		for j < len(hits) && runeEnd[hits[j]]-runeStart[hits[i]] <= budget {
			count[tokens[hits[j]].Term]++
			j++
		}
		if j > i && (len(count) > bestDistinct || (len(count) == bestDistinct && j-i > bestHits)) {
			bestDistinct, bestHits, bestI, bestJ = len(count), j-i, i, j
		}
		if j > i {
			term := tokens[hits[i]].Term
			if count[term]--; count[term] == 0 {
				delete(count, term)
			}
		}
	}
	if bestJ == bestI {
		// A single hit longer than the budget: show its start.
		lo := runeStart[hits[0]]
		return lo, lo + budget
	}
	return runeStart[hits[bestI]], runeEnd[hits[bestJ-1]]
}

// byteOffset returns the byte offset of rune number n of s.
func byteOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}

// snapToWords moves start forward and end backward out of any word they cut,
// never past a highlighted word.
func snapToWords(text string, start, end int, tokens []Token, want map[string]bool) (int, int) {
	firstHit, lastHit := end, start
	for _, t := range tokens {
		if t.Start >= start && t.End <= end && want[t.Term] {
			firstHit = min(firstHit, t.Start)
			lastHit = max(lastHit, t.End)
		}
	}
	for start > 0 && start < firstHit && inWord(text, start) {
		_, w := utf8.DecodeRuneInString(text[start:])
		start += w
	}
	// "…, kata" reads badly: drop closing punctuation left at the start.
	for start > 0 && start < firstHit {
		r, w := utf8.DecodeRuneInString(text[start:])
		if !unicode.IsSpace(r) && !strings.ContainsRune(",.;:!?)]}”’»", r) {
			break
		}
		start += w
	}
	for end < len(text) && end > lastHit && inWord(text, end) {
		_, w := utf8.DecodeLastRuneInString(text[:end])
		end -= w
	}
	// A window inside one long word has no whole word to show.
	return start, max(start, end)
}

// inWord reports whether offset i falls between two letters or digits.
func inWord(text string, i int) bool {
	before, _ := utf8.DecodeLastRuneInString(text[:i])
	after, _ := utf8.DecodeRuneInString(text[i:])
	return wordRune(before) && wordRune(after)
}

func wordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsNumber(r))
}

// buildParts splits text[start:end] into plain and highlighted parts.
func buildParts(text string, start, end int, tokens []Token, want map[string]bool) []SnippetPart {
	var parts []SnippetPart
	plain := func(s string) {
		s = collapseSpace(strings.ToValidUTF8(s, "\uFFFD"))
		if s == "" {
			return
		}
		if n := len(parts); n > 0 && !parts[n-1].Highlight {
			parts[n-1].Text += s
			return
		}
		parts = append(parts, SnippetPart{Text: s})
	}
	at := start
	for _, t := range tokens {
		if t.Start < start || t.End > end || !want[t.Term] {
			continue
		}
		plain(text[at:t.Start])
		parts = append(parts, SnippetPart{Text: t.Surface, Highlight: true})
		at = t.End
	}
	plain(text[at:end])
	// Trim the outer edges, which may be whitespace left by the cut.
	if len(parts) > 0 && !parts[0].Highlight {
		parts[0].Text = strings.TrimLeft(parts[0].Text, " ")
	}
	if n := len(parts); n > 0 && !parts[n-1].Highlight {
		parts[n-1].Text = strings.TrimRight(parts[n-1].Text, " ")
	}
	out := parts[:0]
	for _, p := range parts {
		if p.Text != "" {
			out = append(out, p)
		}
	}
	return out
}

// collapseSpace turns every run of whitespace into one space.
func collapseSpace(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) && r != ' ' }) &&
		!strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}
