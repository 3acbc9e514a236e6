package match

import (
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"sort"
	"testing"
)

// featureNames name the second-pass features, for experiments.
var featureNames = [nFeat]string{
	fBM: "bm", fBi: "bi", fGC: "gc", fWC: "wc", fCos: "cos", fWin: "win", fJac: "jac",
}

// fold returns 0 or 1 from a hash of the claim's fact-check id, so that
// every claim about one verdict falls in the same half.
func fold(c Claim) int {
	h := fnv.New32a()
	h.Write([]byte(c.FactcheckID))
	return int(h.Sum32() & 1)
}

// candList is the second-pass candidates of one claim and which is right.
type candList struct {
	feats  []features
	target uint32
}

func collectCandidates(ix *Index, claims []Claim) []candList {
	var cur []features
	featureHook = func(fs []features) { cur = append([]features(nil), fs...) }
	defer func() { featureHook = nil }()
	out := make([]candList, len(claims))
	for i, c := range claims {
		cur = nil
		ix.Match(Query{Text: c.Text}, 10)
		out[i] = candList{feats: cur, target: ix.byID[c.FactcheckID]}
	}
	return out
}

// rerank scores claims' candidates with p and returns MRR@10, R@1, R@5.
func rerank(p *params, lists []candList, use func(int) bool) (mrr, r1, r5 float64, n int) {
	for i, l := range lists {
		if !use(i) {
			continue
		}
		n++
		var ts float64
		found := false
		for j := range l.feats {
			if l.feats[j].slot == l.target {
				ts, found = p.fuse(&l.feats[j]), true
			}
		}
		if !found {
			continue
		}
		rank := 1
		for j := range l.feats {
			if l.feats[j].slot != l.target {
				s := p.fuse(&l.feats[j])
				if s > ts || s == ts && l.feats[j].slot < l.target {
					rank++
				}
			}
		}
		if rank <= 10 {
			mrr += 1 / float64(rank)
		}
		if rank == 1 {
			r1++
		}
		if rank <= 5 {
			r5++
		}
	}
	f := float64(max(n, 1))
	return mrr / f, r1 / f, r5 / f, n
}

var fitGrid = []float64{-2, -1, -0.5, 0, 0.25, 0.5, 1, 1.5, 2, 3, 4, 6}

// fitWeights chooses fusion weights by coordinate ascent on R@1 + R@5 +
// MRR@10 over the claims use selects.
func fitWeights(start params, lists []candList, use func(int) bool, free []int) params {
	p := start
	obj := func(p *params) float64 {
		m, r1, r5, _ := rerank(p, lists, use)
		return r1 + r5 + m
	}
	best := obj(&p)
	for round := 0; round < 4; round++ {
		improved := false
		for _, i := range free {
			for _, v := range fitGrid {
				q := p
				q.weights[i] = v
				if o := obj(&q); o > best+1e-9 {
					best, p, improved = o, q, true
				}
			}
		}
		if !improved {
			break
		}
	}
	return p
}

// TestFit fits the fusion weights by 2-fold cross-validation (halves by a
// hash of the fact-check id) and prints both directions and the fit on the
// whole set. Set WARTA_MATCH_FIT=1; WARTA_MATCH_FREE lists the features
// to fit (default all).
func TestFit(t *testing.T) {
	if os.Getenv("WARTA_MATCH_FIT") == "" {
		t.Skip("set WARTA_MATCH_FIT=1")
	}
	docs, claims := loadDevSet(t)
	ix := buildIndex(docs, defaultParams)
	lists := collectCandidates(ix, claims)
	var free []int
	for i := range nFeat {
		free = append(free, i)
	}
	show := func(name string, p *params, use func(int) bool) {
		m, r1, r5, n := rerank(p, lists, use)
		fmt.Printf("%-22s n=%4d MRR=%.3f R1=%.3f R5=%.3f\n", name, n, m, r1, r5)
	}
	fmt.Printf("candidate recall: ")
	in := 0
	for _, l := range lists {
		for _, f := range l.feats {
			if f.slot == l.target {
				in++
			}
		}
	}
	fmt.Printf("%.3f\n", float64(in)/float64(len(lists)))
	all := func(int) bool { return true }
	show("default all", &defaultParams, all)
	var sum [3]float64
	for k := 0; k < 2; k++ {
		train := func(i int) bool { return fold(claims[i]) != k }
		test := func(i int) bool { return fold(claims[i]) == k }
		p := fitWeights(defaultParams, lists, train, free)
		show(fmt.Sprintf("fold%d default test", k), &defaultParams, test)
		show(fmt.Sprintf("fold%d fit train", k), &p, train)
		show(fmt.Sprintf("fold%d fit test", k), &p, test)
		m, r1, r5, _ := rerank(&p, lists, test)
		sum[0] += m / 2
		sum[1] += r1 / 2
		sum[2] += r5 / 2
		fmt.Println("  weights", weightString(&p))
	}
	fmt.Printf("CV mean test MRR=%.3f R1=%.3f R5=%.3f\n", sum[0], sum[1], sum[2])
	p := fitWeights(defaultParams, lists, all, free)
	show("fit all", &p, all)
	fmt.Println("  weights", weightString(&p))
}

func weightString(p *params) string {
	type kv struct {
		k string
		v float64
	}
	var s []kv
	for i, v := range p.weights {
		if v != 0 {
			s = append(s, kv{featureNames[i], v})
		}
	}
	sort.Slice(s, func(i, j int) bool { return math.Abs(s[i].v) > math.Abs(s[j].v) })
	out := ""
	for _, x := range s {
		out += fmt.Sprintf("%s:%g ", x.k, x.v)
	}
	return out
}

// TestDuplicateMisses counts the top-1 misses whose first answer is a
// verdict on the same hoax: its title shares at least half of its
// idf-weighted terms with the expected verdict's (Dice).
func TestDuplicateMisses(t *testing.T) {
	if os.Getenv("WARTA_MATCH_DUPS") == "" {
		t.Skip("set WARTA_MATCH_DUPS=1")
	}
	docs, claims := loadDevSet(t)
	ix := buildIndex(docs, defaultParams)
	rep, _ := Evaluate(ix, docs, claims)
	dice := func(a, b uint32) float64 {
		in := map[uint32]bool{}
		var sa, sb, c float64
		for _, x := range ix.docs[a].titleUni {
			in[x] = true
			sa += ix.coverWeight(x, ix.live)
		}
		for _, x := range ix.docs[b].titleUni {
			w := ix.coverWeight(x, ix.live)
			sb += w
			if in[x] {
				c += w
			}
		}
		return 2 * c / math.Max(sa+sb, 1e-9)
	}
	hist := map[string]int{}
	for i, c := range claims {
		r := rep.Ranks[i]
		switch {
		case r == 1:
			continue
		case r == 0:
			hist["not in top 10"]++
			continue
		}
		ms := ix.Match(Query{Text: c.Text}, 1)
		d := dice(ix.byID[ms[0].ID], ix.byID[c.FactcheckID])
		switch {
		case d >= 0.5:
			hist["top-1 is a near-duplicate verdict (Dice>=0.5)"]++
		case d >= 0.3:
			hist["top-1 overlaps the verdict (0.3-0.5)"]++
		default:
			hist["top-1 is another hoax"]++
			if os.Getenv("WARTA_MATCH_DUPS") == "2" {
				txt := c.Text
				if len(txt) > 200 {
					txt = txt[:200]
				}
				fmt.Printf("rank=%d\n  Q: %s\n  T: %s\n  G: %s\n", r, txt, docs[ix.byID[c.FactcheckID]].Title, docs[ix.byID[ms[0].ID]].Title)
			}
		}
	}
	fmt.Println(hist)
}
