package match

import (
	"math"
	"sort"
)

// params are the matcher's tuning constants. They were set on one random
// half of the development claim set (experiment_test.go, seed 1) and checked
// on the other half; the ranking is flat around these values (±0.005 R@1
// for k1 0.6–2, b 0.3–1, k3 0.3–10), so they are not fitted to the set.
// The second-pass weights were also fitted by coordinate ascent with 2-fold
// cross-validation, the halves split by a hash of the fact-check id
// (fit_test.go): fitted weights did no better on the held-out half than
// these, so these stay.
type params struct {
	k1             float64        // BM25 term-frequency saturation
	bTitle, bText  float64        // BM25 length normalisation per field
	wTitle, wText  float64        // field weights
	k3             float64        // query term-frequency saturation
	maxQueryTerms  int            // distinct query terms scored, rarest first
	bigramWeight   float64        // weight of the adjacent-pair score in the first pass
	typoMinSim     float64        // trigram Dice similarity for a typo candidate
	typoWeight     float64        // weight of a typo candidate relative to the term
	segmentWeight  float64        // weight of the parts of a glued word ("aniesbaswedan")
	candidates     int            // documents rescored in the second pass
	weights        [nFeat]float64 // second-pass weight of each feature
	windowSlack    int            // window length is the title's term count plus this
	framingWeight  float64        // weight in coverage of headline framing words ("video", "akun")
	mediumWeight   float64        // weight in the calibrated score of words naming the medium (markMedium)
	minClaimTerms  int            // titles with fewer claim terms are all claim
	rankClaim      bool           // rank by the claim's coverage, as calibration does (off: lowers R@1)
	nearDuplicate  float64        // trigram Jaccard from which texts are near-duplicates
	minTermsForDup int            // titles shorter than this are never near-duplicates
}

var defaultParams = params{
	k1: 0.8, bTitle: 0.5, bText: 0.75, wTitle: 1, wText: 0.5,
	k3: 1.5, maxQueryTerms: 64, bigramWeight: 0.5,
	typoMinSim: 0.6, typoWeight: 0.7, segmentWeight: 1,
	candidates:  100,
	weights:     [nFeat]float64{fBM: 1, fBi: 0.5, fGC: 2, fCos: 1, fWin: 2, fJac: 1},
	windowSlack: 4, framingWeight: 0.3,
	mediumWeight: 0, minClaimTerms: 3,
	nearDuplicate: 0.8, minTermsForDup: 3,
}

// scratch holds per-query buffers, pooled to keep Match allocation-light.
type scratch struct {
	acc, acc2 []float32
	touched   []uint32
	counts    map[uint32]int // typo fallback: shared trigrams per term
}

func (ix *Index) getScratch() *scratch {
	s, _ := ix.pool.Get().(*scratch)
	if s == nil {
		s = &scratch{counts: make(map[uint32]int)}
	}
	if n := len(ix.docs); len(s.acc) < n {
		s.acc = make([]float32, n+n/4)
		s.acc2 = make([]float32, n+n/4)
	}
	return s
}

func (ix *Index) putScratch(s *scratch) {
	for _, d := range s.touched {
		s.acc[d], s.acc2[d] = 0, 0
	}
	s.touched = s.touched[:0]
	ix.pool.Put(s)
}

// queryTerm is one distinct query unigram or pair with its weight.
type queryTerm struct {
	id     uint32
	weight float64 // query-tf saturation × idf
	bigram bool
}

// Match returns up to k verdicts for q, best first. URL matches come first
// (score 1), then near-duplicate images, then text matches.
func (ix *Index) Match(q Query, k int) []Match {
	if k <= 0 {
		return nil
	}
	qa := analyze(q.Text)
	ix.mu.RLock()
	defer ix.mu.RUnlock()

	// Matches in the order found; a document keeps its best score.
	var out []Match
	seen := make(map[uint32]int)
	keep := func(slot uint32, m Match) {
		if i, ok := seen[slot]; ok {
			if m.Score > out[i].Score {
				out[i] = m
			}
			return
		}
		seen[slot] = len(out)
		out = append(out, m)
	}
	for _, u := range append(append([]string(nil), q.URLs...), qa.urls...) {
		for _, slot := range ix.byURL[NormalizeURL(u)] {
			keep(slot, Match{ID: ix.docs[slot].id, Score: 1, Reason: ReasonURL})
		}
	}
	if q.HasImage {
		for slot := range ix.withImages {
			dist := 64
			for _, h := range ix.docs[slot].images {
				dist = min(dist, Hamming(h, q.ImageHash))
			}
			if dist <= MaxImageDistance {
				keep(slot, Match{ID: ix.docs[slot].id, Score: 0.98 - 0.01*float64(dist), Reason: ReasonImage})
			}
		}
	}
	if len(qa.terms) > 0 && ix.live > 0 {
		for _, m := range ix.matchText(qa, max(k, 10)) {
			keep(m.slot, Match{ID: ix.docs[m.slot].id, Score: m.score, Reason: m.reason})
		}
	}
	// Text matches arrive best first with non-increasing scores, so a
	// stable sort keeps their order among equal scores.
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	if len(out) > k {
		out = out[:k]
	}
	return out
}

type textMatch struct {
	slot   uint32
	feat   int // index of the candidate's features
	rank   float64
	score  float64
	reason string
}

// matchText ranks documents for the analysed query text. Callers hold
// ix.mu for reading.
func (ix *Index) matchText(qa analysis, k int) []textMatch {
	p := ix.p
	n := ix.live
	avgTitle := math.Max(ix.sumTitle/float64(n), 1)
	avgText := math.Max(ix.sumText/float64(n), 1)

	// Distinct query terms with saturated query frequency.
	qtf := make(map[string]int, len(qa.terms))
	order := make([]string, 0, len(qa.terms))
	for i, t := range qa.terms {
		if qtf[t] == 0 {
			order = append(order, t)
		}
		qtf[t]++
		if i > 0 {
			bg := qa.terms[i-1] + " " + t
			if qtf[bg] == 0 {
				order = append(order, bg)
			}
			qtf[bg]++
		}
	}
	querySet := make(map[uint32]bool, len(order))
	var qterms []queryTerm
	var typos []queryTerm
	lookups := 0
	s := ix.getScratch()
	defer ix.putScratch(s)
	for _, t := range order {
		id, ok := ix.lookup(t)
		bigram := len(t) > 0 && containsSpace(t)
		f := float64(qtf[t])
		qw := (p.k3 + 1) * f / (p.k3 + f)
		if ok && len(ix.terms[id].postings) > 0 {
			w := qw * idf(len(ix.terms[id].postings), n)
			if bigram {
				w *= p.bigramWeight
			} else {
				querySet[id] = true
			}
			qterms = append(qterms, queryTerm{id: id, weight: w, bigram: bigram})
			continue
		}
		if bigram || len(t) < 5 || hasDigit(t) || lookups >= maxTypoLookups {
			continue
		}
		lookups++
		if parts := ix.segment(t); parts != nil {
			for _, id := range parts {
				if !querySet[id] {
					querySet[id] = true
					typos = append(typos, queryTerm{id: id, weight: qw * idf(len(ix.terms[id].postings), n) * p.segmentWeight})
				}
			}
			continue
		}
		for _, c := range ix.typoCandidates(t, s.counts) {
			df := len(ix.terms[c.id].postings)
			typos = append(typos, queryTerm{id: c.id, weight: qw * idf(df, n) * p.typoWeight * c.sim})
		}
	}
	// Score the rarest terms only: common ones add little and cost most.
	sort.Slice(qterms, func(i, j int) bool { return qterms[i].weight > qterms[j].weight })
	if len(qterms) > p.maxQueryTerms {
		qterms = qterms[:p.maxQueryTerms]
	}
	qterms = append(qterms, typos...)

	k1 := float32(p.k1)
	bT, bB := float32(p.bTitle), float32(p.bText)
	wT, wB := float32(p.wTitle), float32(p.wText)
	aT, aB := float32(avgTitle), float32(avgText)
	for _, qt := range qterms {
		acc, other := s.acc, s.acc2
		if qt.bigram {
			acc, other = s.acc2, s.acc
		}
		w := float32(qt.weight) * (k1 + 1)
		for _, ps := range ix.terms[qt.id].postings {
			d := ps.doc
			l := ix.lens[d]
			tf := wT * float32(ps.tfTitle) / (1 - bT + bT*l.title/aT)
			if ps.tfText > 0 {
				tf += wB * float32(ps.tfText) / (1 - bB + bB*l.text/aB)
			}
			if acc[d] == 0 && other[d] == 0 {
				s.touched = append(s.touched, d)
			}
			acc[d] += w * tf / (k1 + tf)
		}
	}
	// First pass: BM25 plus pairs; keep the top candidates.
	cands := topK(s.touched, func(d uint32) float64 { return float64(s.acc[d] + s.acc2[d]) }, p.candidates)
	if len(cands) == 0 {
		return nil
	}

	// Second pass: describe each candidate by how much of its title the
	// query repeats, then fuse.
	qgrams := charGrams(qa.words)
	qfolded := foldedHash(qa.raw)
	qids := make([]int32, len(qa.terms))
	for i, t := range qa.terms {
		qids[i] = -1
		if id, ok := ix.lookup(t); ok {
			qids[i] = int32(id)
		}
	}
	feats := make([]features, len(cands))
	var maxs [nFeat]float64
	for i, d := range cands {
		rec := &ix.docs[d]
		f := &feats[i]
		f.slot = d
		x := &f.x
		x[fBM], x[fBi] = float64(s.acc[d]), float64(s.acc2[d])
		x[fGC] = ix.gramCoverage(rec, qgrams, false)
		x[fWC], x[fCos] = ix.termCoverage(rec.titleUni, querySet)
		x[fWin] = ix.windowCoverage(rec.titleUni, qids)
		if p.rankClaim {
			x[fGC], x[fWC] = ix.claimCoverage(rec, querySet, qgrams)
		}
		f.exact = rec.folded != 0 && rec.folded == qfolded
		if len(rec.titleUni) >= p.minTermsForDup {
			c := rec.claimGrams
			common := intersect(rec.grams[:c], qgrams) + intersect(rec.grams[c:], qgrams)
			f.jac = float64(common) / float64(len(rec.grams)+len(qgrams)-common)
		}
		x[fJac] = f.jac
		for j := range maxs {
			maxs[j] = math.Max(maxs[j], x[j])
		}
	}
	for i := range feats {
		x := &feats[i].x
		x[fBM] /= math.Max(maxs[fBM], 1e-9)
		x[fBi] /= math.Max(maxs[fBi], 1e-9)
		x[fCos] /= math.Max(maxs[fCos], 1e-9)
	}
	if featureHook != nil {
		featureHook(feats)
	}
	out := make([]textMatch, 0, len(cands))
	for i := range feats {
		out = append(out, textMatch{slot: feats[i].slot, feat: i, rank: p.fuse(&feats[i]), reason: ReasonText})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].rank > out[j].rank })
	if len(out) > k {
		out = out[:k]
	}
	// Calibrate the answers only: the claim's coverage is not a
	// ranking feature.
	for i := range out {
		m := &out[i]
		f := &feats[m.feat]
		m.score = calibrate(ix.claimCoverage(&ix.docs[m.slot], querySet, qgrams))
		if f.exact {
			m.reason, m.score = ReasonNearDuplicate, 1
		}
		if f.jac >= p.nearDuplicate {
			m.reason = ReasonNearDuplicate
			m.score = math.Max(m.score, 0.9+0.1*f.jac)
		}
	}
	// Scores must agree with the order: a lower-ranked document never
	// scores above a higher-ranked one.
	for i := 1; i < len(out); i++ {
		out[i].score = math.Min(out[i].score, out[i-1].score)
	}
	return out
}

// Features of a candidate in the second pass, indexes into features.x.
const (
	fBM  = iota // BM25 of terms, divided by the best candidate's
	fBi         // BM25 of adjacent pairs, divided by the best candidate's
	fGC         // idf-weighted share of the title's character trigrams in the query
	fWC         // idf-weighted share of the title's terms in the query
	fCos        // idf² cosine of the title's terms with the query's, divided by the best
	fWin        // best term coverage of the title within one window of the query
	fJac        // Jaccard of the character trigram sets
	nFeat
)

// features describe one candidate of the second pass.
type features struct {
	slot  uint32
	x     [nFeat]float64
	jac   float64 // fJac
	exact bool    // the query is the title, up to case and spacing
}

// fuse is the second-pass ranking score of a candidate: a weighted sum of
// its features, with near-duplicates of the query put first.
func (p *params) fuse(f *features) float64 {
	var r float64
	for i, w := range p.weights {
		r += w * f.x[i]
	}
	if f.exact {
		r += 20
	}
	if f.jac >= p.nearDuplicate {
		r += 10
	}
	return r
}

// featureHook, when set by an experiment, sees every candidate list.
var featureHook func([]features)

// calibrate maps the coverage of a title by the query to a 0..1 score:
// how much of what the verdict says, by rare terms and by characters, the
// report repeats.
func calibrate(gramCov, termCov float64) float64 {
	return math.Max(0, math.Min(1, 0.5*gramCov+0.5*termCov))
}

// gramCoverage is the idf-weighted share of the title's character trigrams
// found in the query; of the claim's trigrams only (docRec.claimGrams) if
// claimOnly.
func (ix *Index) gramCoverage(rec *docRec, query []uint16, claimOnly bool) float64 {
	c := rec.claimGrams
	in, all := ix.gramSums(rec.grams[:c], query)
	if !claimOnly {
		in2, all2 := ix.gramSums(rec.grams[c:], query)
		in, all = in+in2, all+all2
	}
	if all == 0 {
		return 0
	}
	return in / all
}

// claimCoverage returns the title's character-trigram and term coverage
// by the query (as gramCoverage and termCoverage) with the words that
// name the medium weighted by mediumWeight: the calibrated score asks how
// much of the claim a report repeats, and people forward the claim, not
// "Pesan Berantai" or "Tangkapan Layar".
func (ix *Index) claimCoverage(rec *docRec, query map[uint32]bool, qgrams []uint16) (gc, wc float64) {
	if int(rec.claimTerms) == len(rec.titleUni) {
		gc = ix.gramCoverage(rec, qgrams, false)
		wc, _ = ix.termCoverage(rec.titleUni, query)
		return gc, wc
	}
	mw := ix.p.mediumWeight
	c := rec.claimGrams
	in, all := ix.gramSums(rec.grams[:c], qgrams)
	if mw > 0 {
		in2, all2 := ix.gramSums(rec.grams[c:], qgrams)
		in, all = in+mw*in2, all+mw*all2
	}
	if all > 0 {
		gc = in / all
	}
	in, all = 0, 0
	for i, t := range rec.titleUni {
		w := ix.coverWeight(t, ix.live)
		if i >= int(rec.claimTerms) {
			w *= mw
		}
		all += w
		if query[t] {
			in += w
		}
	}
	if all > 0 {
		wc = in / all
	}
	return gc, wc
}

// gramSums returns the idf weight of the sorted doc trigrams found in
// the sorted query trigrams, and of all doc trigrams.
func (ix *Index) gramSums(doc, query []uint16) (in, all float64) {
	n := float64(ix.live)
	i, j := 0, 0
	for i < len(doc) {
		w := math.Log(1 + n/float64(ix.gramDF[doc[i]]+1))
		all += w
		for j < len(query) && query[j] < doc[i] {
			j++
		}
		if j < len(query) && query[j] == doc[i] {
			in += w
		}
		i++
	}
	return in, all
}

// termCoverage returns the idf-weighted share of the title's terms found
// in the query, and the idf²-weighted cosine of the title's term set with
// the query's (up to the query's norm, which is the same for every title).
func (ix *Index) termCoverage(title []uint32, query map[uint32]bool) (share, cos float64) {
	n := ix.live
	var in, all, in2, all2 float64
	for _, t := range title {
		w := ix.coverWeight(t, n)
		all += w
		all2 += w * w
		if query[t] {
			in += w
			in2 += w * w
		}
	}
	if all == 0 {
		return 0, 0
	}
	return in / all, in2 / math.Sqrt(all2)
}

// Bounds on the typo fallback, so a long chain message full of words the
// archive never uses costs no more than a short one.
const (
	maxTypoLookups = 8
	maxGramTerms   = 4000
)

type typoCandidate struct {
	id  uint32
	sim float64
}

// typoCandidates returns up to two dictionary terms whose trigrams are close
// to t's (Dice coefficient at least typoMinSim).
func (ix *Index) typoCandidates(t string, counts map[uint32]int) []typoCandidate {
	defer clear(counts)
	g := termGrams(t)
	for _, h := range g {
		ids := ix.vocabGrams[h]
		if len(ids) > maxGramTerms {
			continue // a gram in every other word tells nothing
		}
		for _, id := range ids {
			counts[id]++
		}
	}
	var out []typoCandidate
	for id, c := range counts {
		if len(ix.terms[id].postings) == 0 {
			continue
		}
		other := int(ix.gramCount[id])
		sim := 2 * float64(c) / float64(len(g)+other)
		if sim >= ix.p.typoMinSim {
			out = append(out, typoCandidate{id, sim})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].sim != out[j].sim {
			return out[i].sim > out[j].sim
		}
		return out[i].id < out[j].id
	})
	if len(out) > 2 {
		out = out[:2]
	}
	return out
}

func containsSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			return true
		}
	}
	return false
}

// topK returns the k documents with the highest score, best first, using a
// bounded min-heap so a query touching most of the index stays cheap.
func topK(docs []uint32, score func(uint32) float64, k int) []uint32 {
	type ds struct {
		d uint32
		s float64
	}
	less := func(a, b ds) bool { // a ranks below b
		if a.s != b.s {
			return a.s < b.s
		}
		return a.d > b.d
	}
	h := make([]ds, 0, k)
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= len(h) {
				return
			}
			m := l
			if r := l + 1; r < len(h) && less(h[r], h[l]) {
				m = r
			}
			if !less(h[m], h[i]) {
				return
			}
			h[i], h[m] = h[m], h[i]
			i = m
		}
	}
	for _, d := range docs {
		x := ds{d, score(d)}
		if len(h) < k {
			h = append(h, x)
			for i := len(h) - 1; i > 0; {
				parent := (i - 1) / 2
				if !less(h[i], h[parent]) {
					break
				}
				h[i], h[parent] = h[parent], h[i]
				i = parent
			}
			continue
		}
		if less(h[0], x) {
			h[0] = x
			down(0)
		}
	}
	sort.Slice(h, func(i, j int) bool { return less(h[j], h[i]) })
	out := make([]uint32, len(h))
	for i, x := range h {
		out[i] = x.d
	}
	return out
}

// coverWeight is the weight of a title term in the coverage features: its
// idf, lowered for the words fact-checkers frame a headline with, which the
// forwarded text itself rarely contains.
func (ix *Index) coverWeight(t uint32, n int) float64 {
	w := idf(len(ix.terms[t].postings), n)
	if ix.framing[t] {
		w *= ix.p.framingWeight
	}
	return w
}

// windowCoverage returns the best idf-weighted share of the title's terms
// found within one window of consecutive query terms: a forwarded message
// that quotes the claim has the title's words together.
func (ix *Index) windowCoverage(title []uint32, query []int32) float64 {
	if len(title) == 0 || len(query) == 0 {
		return 0
	}
	n := ix.live
	weights := make([]float64, len(title))
	var all float64
	for i, t := range title {
		weights[i] = ix.coverWeight(t, n)
		all += weights[i]
	}
	if all == 0 {
		return 0
	}
	pos := func(q int32) int {
		for i, t := range title {
			if int32(t) == q {
				return i
			}
		}
		return -1
	}
	width := len(title) + ix.p.windowSlack
	counts := make([]int, len(title))
	var cur, best float64
	idx := make([]int, len(query))
	for i, q := range query {
		idx[i] = -1
		if q >= 0 {
			idx[i] = pos(q)
		}
		if j := idx[i]; j >= 0 {
			if counts[j] == 0 {
				cur += weights[j]
			}
			counts[j]++
		}
		if out := i - width; out >= 0 {
			if j := idx[out]; j >= 0 {
				counts[j]--
				if counts[j] == 0 {
					cur -= weights[j]
				}
			}
		}
		best = math.Max(best, cur)
	}
	return best / all
}

// minSegment is the shortest part segment splits a word into.
const minSegment = 3

// segment splits a word the dictionary does not know into two or three
// that it does, as hashtags and hurried typing glue them ("aniesbaswedan",
// "tolakpemilu"); nil when no split is found. Of several splits, the one
// whose rarest part is most common wins, so rare fragments do not.
func (ix *Index) segment(w string) []uint32 {
	if len(w) < 2*minSegment+1 || len(w) > 40 {
		return nil
	}
	known := func(part string) (uint32, bool) {
		if len(part) < minSegment {
			return 0, false
		}
		for _, c := range [2]string{part, stemWord(part)} {
			if isNoise(c) {
				return 0, false
			}
			if id, ok := ix.lookup(c); ok && len(ix.terms[id].postings) > 0 {
				return id, true
			}
		}
		return 0, false
	}
	var best []uint32
	bestDF := -1
	consider := func(ids ...uint32) {
		df := math.MaxInt
		for _, id := range ids {
			df = min(df, len(ix.terms[id].postings))
		}
		if df > bestDF {
			bestDF, best = df, append([]uint32(nil), ids...)
		}
	}
	for i := minSegment; i <= len(w)-minSegment; i++ {
		a, ok := known(w[:i])
		if !ok {
			continue
		}
		if b, ok := known(w[i:]); ok {
			consider(a, b)
			continue
		}
		for j := i + minSegment; j <= len(w)-minSegment; j++ {
			if b, ok := known(w[i:j]); ok {
				if c, ok := known(w[j:]); ok {
					consider(a, b, c)
				}
			}
		}
	}
	return best
}
