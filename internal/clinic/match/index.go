package match

import (
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// Doc is a published verdict or official article that reports can match.
type Doc struct {
	// ID identifies the verdict or article; Add with an existing ID
	// replaces it.
	ID string
	// Title is the headline or claim as published, without the
	// "[HOAKS]" label (a label prefix is ignored anyway).
	Title string
	// Text is an optional body or explanation; it weighs less than Title.
	Text string
	// URLs are links to the verdict, the debunked posts and their archives.
	URLs []string
	// Label is the verdict label (HOAKS, FAKTA, …), carried for the caller.
	Label string
	// Images are DHash values of the pictures the verdict is about.
	Images []uint64
}

// Query is one report to match.
type Query struct {
	// Text is the forwarded message or the reporter's description; links
	// inside it are matched as URLs too.
	Text string
	// URLs are links given separately from the text.
	URLs []string
	// ImageHash is the DHash of an attached screenshot, if HasImage.
	ImageHash uint64
	HasImage  bool
}

// Match is one candidate verdict for a query.
type Match struct {
	ID string
	// Score is calibrated to 0..1: 1 for the same URL, about 0.9 and above
	// for a near-duplicate text or image, lower for ranked text matches.
	Score float64
	// Reason says what matched: "url", "image", "near-duplicate" or "text".
	Reason string
}

// Reasons of a Match.
const (
	ReasonURL           = "url"
	ReasonImage         = "image"
	ReasonNearDuplicate = "near-duplicate"
	ReasonText          = "text"
)

// posting records one document containing a term.
type posting struct {
	doc     uint32
	tfTitle uint16
	tfText  uint16
}

// term is one entry of the dictionary: a stem, or two adjacent stems
// joined by a space.
type term struct {
	postings []posting
}

// docRec is an indexed document.
type docRec struct {
	id    string
	alive bool
	// claimTerms and claimGrams count the leading entries of titleUni
	// and grams that belong to the claim, not to the words naming its
	// medium (markMedium).
	claimTerms, claimGrams uint16
	// terms this document is posted under, for removal
	terms []uint32
	// titleUni are the distinct unigram terms of the title (coverage):
	// the claim's first, then those only naming the medium.
	titleUni []uint32
	// grams are the distinct character trigrams of the title's
	// content words in two sorted runs: the claimGrams that do not touch
	// a medium word, then the rest.
	grams  []uint16
	urls   []string
	images []uint64
	// folded is a hash of the title lowercased with spacing collapsed
	folded uint64
}

// docLen are the lengths of a document's fields in unigram terms.
type docLen struct{ title, text float32 }

// Index holds verdicts for matching. Build it with Add; Match is safe for
// concurrent use, and Add and Remove may run alongside it.
type Index struct {
	opts Options
	p    params

	mu    sync.RWMutex
	dict  map[uint64]uint32 // termKey of the term text → term id
	terms []term
	// unigram ids by character trigram of the term, for typo fallback
	vocabGrams [][]uint32 // by trigram
	framing    []bool     // unigram is a headline framing word
	gramCount  []uint16   // distinct trigrams of each unigram term
	docs       []docRec
	lens       []docLen // by slot, apart from docs so scoring touches little memory
	free       []uint32
	byID       map[string]uint32
	byURL      map[string][]uint32
	gramDF     []int32 // documents per title trigram
	withImages map[uint32]struct{}
	live       int
	sumTitle   float64
	sumText    float64

	pool sync.Pool // *scratch
}

// NewIndex returns an empty Index.
func NewIndex(opts Options) *Index {
	return &Index{
		opts:       opts.withDefaults(),
		p:          defaultParams,
		dict:       make(map[uint64]uint32),
		vocabGrams: make([][]uint32, gramSpace),
		byID:       make(map[string]uint32),
		byURL:      make(map[string][]uint32),
		gramDF:     make([]int32, gramSpace),
		withImages: make(map[uint32]struct{}),
	}
}

// Options returns the options the index decides with.
func (ix *Index) Options() Options { return ix.opts }

// Len returns the number of indexed documents.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.live
}

// Add indexes d, replacing any document with the same ID.
func (ix *Index) Add(d Doc) {
	title := analyzeTitle(stripLabel(d.Title))
	var body analysis
	if d.Text != "" {
		body = analyze(d.Text)
	}
	grams, claimGrams := titleGrams(title.words, title.medium)

	ix.mu.Lock()
	defer ix.mu.Unlock()
	if _, ok := ix.byID[d.ID]; ok {
		ix.removeLocked(d.ID)
	}
	var slot uint32
	if n := len(ix.free); n > 0 {
		slot = ix.free[n-1]
		ix.free = ix.free[:n-1]
	} else {
		slot = uint32(len(ix.docs))
		ix.docs = append(ix.docs, docRec{})
	}
	rec := docRec{
		id:     d.ID,
		alive:  true,
		images: append([]uint64(nil), d.Images...),
		folded: foldedHash(stripLabel(d.Title)),
	}
	tf := make(map[uint32]*posting)
	add := func(text string, unigram, inTitle bool) {
		id := ix.termID(text, unigram)
		p := tf[id]
		if p == nil {
			p = &posting{doc: slot}
			tf[id] = p
		}
		if inTitle {
			p.tfTitle++
		} else {
			p.tfText++
		}
	}
	for f, a := range []analysis{title, body} {
		for i, t := range a.terms {
			add(t, true, f == 0)
			if i > 0 {
				add(a.terms[i-1]+" "+t, false, f == 0)
			}
		}
	}
	rec.titleUni, rec.claimTerms = ix.titleTerms(title)
	if int(rec.claimTerms) < len(rec.titleUni) && int(rec.claimTerms) < ix.p.minClaimTerms {
		// "Video Jokowi": too little is left to tell one claim from
		// another, so the whole title is the claim
		rec.claimTerms = uint16(len(rec.titleUni))
		grams = slices.Clone(charGrams(title.words))
		claimGrams = len(grams)
	}
	rec.grams, rec.claimGrams = grams, uint16(claimGrams)
	rec.terms = make([]uint32, 0, len(tf))
	for id, p := range tf {
		ix.terms[id].postings = append(ix.terms[id].postings, *p)
		rec.terms = append(rec.terms, id)
	}
	for _, g := range grams {
		ix.gramDF[g]++
	}
	for _, u := range append(append([]string(nil), d.URLs...), title.urls...) {
		if n := NormalizeURL(u); n != "" && !containsString(rec.urls, n) {
			rec.urls = append(rec.urls, n)
			ix.byURL[n] = append(ix.byURL[n], slot)
		}
	}
	if len(rec.images) > 0 {
		ix.withImages[slot] = struct{}{}
	}
	ix.docs[slot] = rec
	ix.byID[d.ID] = slot
	ix.live++
	if int(slot) >= len(ix.lens) {
		ix.lens = append(ix.lens, docLen{})
	}
	ix.lens[slot] = docLen{title: float32(len(title.terms)), text: float32(len(body.terms))}
	ix.sumTitle += float64(len(title.terms))
	ix.sumText += float64(len(body.terms))
}

// titleTerms returns the distinct unigram ids of an analysed title, those
// of the claim first, and how many those are. Callers hold ix.mu and have
// added the title's terms.
func (ix *Index) titleTerms(title analysis) ([]uint32, uint16) {
	seen := make(map[uint32]bool, len(title.terms))
	ids := make([]uint32, 0, len(title.terms))
	claim := 0
	for pass := range 2 {
		for i, t := range title.terms {
			if title.medium[i] != (pass == 1) {
				continue
			}
			if id, _ := ix.lookup(t); !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		if pass == 0 {
			claim = len(ids)
		}
	}
	return slices.Clone(ids), uint16(min(claim, math.MaxUint16))
}

// termID returns the id of a term, creating it.
func (ix *Index) termID(text string, unigram bool) uint32 {
	key := termKey(text)
	if id, ok := ix.dict[key]; ok {
		return id
	}
	id := uint32(len(ix.terms))
	ix.dict[key] = id
	ix.terms = append(ix.terms, term{})
	_, frame := headlineFraming[text]
	ix.framing = append(ix.framing, unigram && frame)
	var grams []uint16
	if unigram && len(text) >= 4 {
		grams = termGrams(text)
		for _, g := range grams {
			ix.vocabGrams[g] = append(ix.vocabGrams[g], id)
		}
	}
	ix.gramCount = append(ix.gramCount, uint16(len(grams)))
	return id
}

// Remove drops the document with the given ID, if indexed.
func (ix *Index) Remove(id string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.removeLocked(id)
}

func (ix *Index) removeLocked(id string) {
	slot, ok := ix.byID[id]
	if !ok {
		return
	}
	rec := &ix.docs[slot]
	for _, t := range rec.terms {
		ps := ix.terms[t].postings
		for i := range ps {
			if ps[i].doc == slot {
				ps[i] = ps[len(ps)-1]
				ix.terms[t].postings = ps[:len(ps)-1]
				break
			}
		}
	}
	for _, g := range rec.grams {
		ix.gramDF[g]--
	}
	for _, u := range rec.urls {
		s := ix.byURL[u]
		for i, d := range s {
			if d == slot {
				s = append(s[:i], s[i+1:]...)
				break
			}
		}
		if len(s) == 0 {
			delete(ix.byURL, u)
		} else {
			ix.byURL[u] = s
		}
	}
	delete(ix.withImages, slot)
	ix.sumTitle -= float64(ix.lens[slot].title)
	ix.sumText -= float64(ix.lens[slot].text)
	ix.lens[slot] = docLen{}
	ix.live--
	delete(ix.byID, id)
	*rec = docRec{}
	ix.free = append(ix.free, slot)
}

// stripLabel removes a leading "[HOAKS]"-style verdict label from a title:
// reports never carry it, and it would make every verdict share a word.
func stripLabel(title string) string {
	t := strings.TrimSpace(title)
	for strings.HasPrefix(t, "[") {
		end := strings.IndexByte(t, ']')
		if end < 0 || end > 40 {
			break
		}
		t = strings.TrimSpace(t[end+1:])
	}
	return t
}

func containsString(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// idf is the BM25 inverse document frequency, floored so that terms in
// more than half the documents still count a little.
func idf(df, n int) float64 {
	v := math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
	return v
}

// foldedHash hashes text lowercased, with punctuation other than inside
// words dropped and spacing collapsed, for the exact-text test; 0 for text
// without letters or digits.
func foldedHash(text string) uint64 {
	h := uint64(14695981039346656037)
	empty := true
	for _, w := range strings.Fields(strings.ToLower(text)) {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if w == "" {
			continue
		}
		empty = false
		for i := 0; i < len(w); i++ {
			h ^= uint64(w[i])
			h *= 1099511628211
		}
		h ^= ' '
		h *= 1099511628211
	}
	if empty {
		return 0
	}
	return h
}

// termKey hashes a term's text (FNV-1a, 64 bits). The dictionary keeps
// only the hash: with a million terms a collision has odds of about one in
// ten million, and it would merely merge two terms.
func termKey(text string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(text); i++ {
		h ^= uint64(text[i])
		h *= 1099511628211
	}
	return h
}

// lookup returns the id of a term, if indexed.
func (ix *Index) lookup(text string) (uint32, bool) {
	id, ok := ix.dict[termKey(text)]
	return id, ok
}
