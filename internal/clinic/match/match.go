package match

import (
	"math"
	"sort"
)

// params are the matcher's tuning constants. They were set on one random
// half of the development claim set (experiment_test.go, seed 1) and checked
// on the other half; the ranking is flat around these values (±0.005 R@1
// for k1 0.6–2, b 0.3–1, k3 0.3–10), so they are not fitted to the set.
type params struct {
	k1             float64 // BM25 term-frequency saturation
	bTitle, bText  float64 // BM25 length normalisation per field
	wTitle, wText  float64 // field weights
	k3             float64 // query term-frequency saturation
	maxQueryTerms  int     // distinct query terms scored, rarest first
	bigramWeight   float64 // weight of the adjacent-pair score in the first pass
	typoMinSim     float64 // trigram Dice similarity for a typo candidate
	typoWeight     float64 // weight of a typo candidate relative to the term
	candidates     int     // documents rescored in the second pass
	fuseBM25       float64 // second-pass weight of the normalised BM25 score
	fuseBigram     float64 // … of the normalised adjacent-pair score
	fuseGrams      float64 // … of the character-trigram coverage of the title
	fuseCover      float64 // … of the idf-weighted term coverage of the title
	fuseCos        float64 // … of the normalised idf² cosine
	fuseWindow     float64 // … of the best window coverage
	fuseShingles   float64 // … of the character trigram Jaccard
	windowSlack    int     // window length is the title's term count plus this
	framingWeight  float64 // weight in coverage of headline framing words ("video", "akun")
	nearDuplicate  float64 // trigram Jaccard from which texts are near-duplicates
	minTermsForDup int     // titles shorter than this are never near-duplicates
}

var defaultParams = params{
	k1: 0.8, bTitle: 0.5, bText: 0.75, wTitle: 1, wText: 0.5,
	k3: 1.5, maxQueryTerms: 64, bigramWeight: 0.5,
	typoMinSim: 0.6, typoWeight: 0.7,
	candidates: 100,
	fuseBM25:   1, fuseBigram: 0.5, fuseGrams: 2, fuseCover: 0, fuseCos: 1,
	fuseWindow: 2, fuseShingles: 1, windowSlack: 4, framingWeight: 0.3,
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
	if len(s.touched) == 0 {
		return nil
	}

	// First pass: BM25 plus pairs; keep the top candidates.
	cands := topK(s.touched, func(d uint32) float64 { return float64(s.acc[d] + s.acc2[d]) }, p.candidates)

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
	var maxBM, maxBi, maxCos float64
	for i, d := range cands {
		rec := &ix.docs[d]
		f := &feats[i]
		f.slot = d
		f.bm, f.bi = float64(s.acc[d]), float64(s.acc2[d])
		f.gc = ix.gramCoverage(rec.grams, qgrams)
		f.wc, f.cos = ix.termCoverage(rec.titleUni, querySet)
		f.win = ix.windowCoverage(rec.titleUni, qids)
		f.exact = rec.folded != 0 && rec.folded == qfolded
		if len(rec.titleUni) >= p.minTermsForDup {
			common := intersect(rec.grams, qgrams)
			f.jac = float64(common) / float64(len(rec.grams)+len(qgrams)-common)
		}
		maxBM, maxBi, maxCos = math.Max(maxBM, f.bm), math.Max(maxBi, f.bi), math.Max(maxCos, f.cos)
	}
	for i := range feats {
		f := &feats[i]
		f.bmN = f.bm / math.Max(maxBM, 1e-9)
		f.biN = f.bi / math.Max(maxBi, 1e-9)
		f.cosN = f.cos / math.Max(maxCos, 1e-9)
	}
	if featureHook != nil {
		featureHook(feats)
	}
	out := make([]textMatch, 0, len(cands))
	for _, f := range feats {
		rank := p.fuseBM25*f.bmN + p.fuseBigram*f.biN + p.fuseGrams*f.gc + p.fuseCover*f.wc + p.fuseCos*f.cosN + p.fuseWindow*f.win + p.fuseShingles*f.jac
		m := textMatch{slot: f.slot, rank: rank, reason: ReasonText, score: calibrate(f.gc, f.wc)}
		if f.exact {
			m.reason, m.score, m.rank = ReasonNearDuplicate, 1, rank+20
		}
		if f.jac >= p.nearDuplicate {
			m.reason = ReasonNearDuplicate
			m.score = math.Max(m.score, 0.9+0.1*f.jac)
			m.rank += 10
		}
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].rank > out[j].rank })
	if len(out) > k {
		out = out[:k]
	}
	// Scores must agree with the order: a lower-ranked document never
	// scores above a higher-ranked one.
	for i := 1; i < len(out); i++ {
		out[i].score = math.Min(out[i].score, out[i-1].score)
	}
	return out
}

// features describe one candidate of the second pass.
type features struct {
	slot      uint32
	bm, bi    float64 // BM25 of terms and of adjacent pairs
	bmN, biN  float64 // the same divided by the best candidate's
	gc        float64 // idf-weighted share of the title's character trigrams in the query
	wc        float64 // idf-weighted share of the title's terms in the query
	cos, cosN float64 // idf² cosine of the title's terms with the query's
	jac       float64 // Jaccard of the character trigram sets
	win       float64 // best term coverage of the title within one window of the query
	exact     bool    // the query is the title, up to case and spacing
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
// found in the query.
func (ix *Index) gramCoverage(doc, query []uint16) float64 {
	n := float64(ix.live)
	var in, all float64
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
	if all == 0 {
		return 0
	}
	return in / all
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
