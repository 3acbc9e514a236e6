package textfit

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Ellipsis marks text that was cut.
const Ellipsis = "…"

// minBody is how much of the body (in runes) is worth keeping before
// hashtags are given up for it: a dek cut below this says too little.
const minBody = 60

// Parts are the pieces of a post. URL is never cut.
type Parts struct {
	Title string
	Body  string // dek or summary
	URL   string
	Tags  []string // "#PemiluJatim"
}

// Compose renders parts into the text to post and its length in the
// channel's own counting.
type Compose func(p Parts) (text string, length int)

// Result is a fitted post.
type Result struct {
	Text    string
	Length  int
	Parts   Parts // what went into Text, after cutting
	Cut     bool  // the title or body was shortened or left out
	Dropped int   // hashtags left out
}

// Fit composes p and, when it is longer than limit, shortens it: first
// the body at a word boundary (keeping all hashtags while at least a
// useful part of the body stays), then hashtags from the end, then the
// body altogether, and last the title. The URL always stays whole.
func Fit(p Parts, limit int, compose Compose) Result {
	text, n := compose(p)
	if n <= limit {
		return Result{Text: text, Length: n, Parts: p}
	}
	for k := len(p.Tags); k >= 0; k-- {
		q := p
		q.Tags = p.Tags[:k]
		if text, n := compose(q); n <= limit {
			return Result{Text: text, Length: n, Parts: q, Dropped: len(p.Tags) - k}
		}
		if q.Body == "" {
			continue
		}
		body, ok := cutToFit(p.Body, func(b string) bool {
			q.Body = b
			_, n := compose(q)
			return n <= limit
		}, false)
		if !ok {
			continue
		}
		if utf8.RuneCountInString(body) >= min(minBody, utf8.RuneCountInString(p.Body)) || k == 0 {
			q.Body = body
			text, n := compose(q)
			return Result{Text: text, Length: n, Parts: q, Cut: true, Dropped: len(p.Tags) - k}
		}
	}
	// Title and link alone are too long: shorten the title.
	q := Parts{Title: p.Title, URL: p.URL}
	title, ok := cutToFit(p.Title, func(t string) bool {
		q.Title = t
		_, n := compose(q)
		return n <= limit
	}, true)
	if !ok {
		title = ""
	}
	q.Title = title
	text, n = compose(q)
	return Result{Text: text, Length: n, Parts: q, Cut: true, Dropped: len(p.Tags)}
}

// cutToFit returns the longest word-boundary prefix of s, ending in "…",
// for which fits reports true; "" when only dropping s fits. With
// hard, a single word too long for the room is cut inside the word rather
// than dropped. ok is false when not even "" fits.
func cutToFit(s string, fits func(string) bool, hard bool) (string, bool) {
	words := strings.Fields(s)
	candidate := func(i int) string {
		if i == 0 {
			return ""
		}
		return trimTail(strings.Join(words[:i], " ")) + Ellipsis
	}
	// Largest i in [0, len(words)) whose candidate fits; length grows with i.
	lo, hi := 0, len(words)-1
	if !fits("") {
		return "", false
	}
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fits(candidate(mid)) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo > 0 || !hard || len(words) == 0 {
		return candidate(lo), true
	}
	// The first word alone is too long: cut it by runes.
	runes := []rune(words[0])
	rlo, rhi := 0, len(runes)-1
	for rlo < rhi {
		mid := (rlo + rhi + 1) / 2
		if fits(string(runes[:mid]) + Ellipsis) {
			rlo = mid
		} else {
			rhi = mid - 1
		}
	}
	if rlo == 0 {
		return "", true
	}
	return string(runes[:rlo]) + Ellipsis, true
}

// trimTail drops punctuation that reads badly before "…".
func trimTail(s string) string {
	return strings.TrimRight(s, " ,;:–—-.(")
}

// Warnings explains in Indonesian what fitting changed, for the studio
// preview: unit names the channel's limit ("280 karakter X").
func (r Result) Warnings(limit int, unit string) []string {
	var w []string
	if r.Cut {
		w = append(w, fmt.Sprintf("Teks dipotong agar muat %d %s; tautan tetap utuh.", limit, unit))
	}
	if r.Dropped > 0 {
		w = append(w, fmt.Sprintf("%d tagar dihapus agar muat %d %s.", r.Dropped, limit, unit))
	}
	return w
}

// Join composes the usual layout: title, body, link and hashtags as
// paragraphs, skipping empty ones.
func Join(title, body, link string, tags []string) string {
	var parts []string
	for _, s := range []string{title, body, link, strings.Join(tags, " ")} {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "\n\n")
}
