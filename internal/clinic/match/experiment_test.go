package match

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"testing"
)

// TestExperiment prints the dev-set numbers for the current parameters, or
// for overrides given as JSON in WARTA_MATCH_PARAMS. It only runs when
// WARTA_MATCH_EXPERIMENT is set.
func TestExperiment(t *testing.T) {
	if os.Getenv("WARTA_MATCH_EXPERIMENT") == "" {
		t.Skip("set WARTA_MATCH_EXPERIMENT=1")
	}
	docs, claims := loadDevSet(t)
	p := defaultParams
	if s := os.Getenv("WARTA_MATCH_PARAMS"); s != "" {
		var m map[string]float64
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			t.Fatal(err)
		}
		setParams(&p, m)
	}
	ix := buildIndex(docs, p)
	var tune, held []Claim
	for _, c := range claims {
		if fold(c) == 0 {
			tune = append(tune, c)
		} else {
			held = append(held, c)
		}
	}
	for _, set := range []struct {
		name   string
		claims []Claim
	}{{"all", claims}, {"fold0", tune}, {"fold1", held}} {
		rep, err := Evaluate(ix, docs, set.claims)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("%-5s n=%d MRR=%.3f R1=%.3f R5=%.3f | diff n=%d MRR=%.3f R1=%.3f R5=%.3f | p50=%.2fms p99=%.2fms\n",
			set.name, rep.All.N, rep.All.MRR10, rep.All.R1, rep.All.R5,
			rep.Differing.N, rep.Differing.MRR10, rep.Differing.R1, rep.Differing.R5, rep.P50ms, rep.P99ms)
		{
			n := map[string]int{}
			ok := map[string]int{}
			for i, c := range set.claims {
				ms := ix.Match(Query{Text: c.Text}, 1)
				d := ix.Options().Decide(ms)
				n[d]++
				if rep.Ranks[i] == 1 {
					ok[d]++
				}
			}
			for _, d := range []string{DecisionAuto, DecisionSuggest, DecisionNew} {
				fmt.Printf("  decide %-7s %5.1f%% of reports, top-1 right in %5.1f%%\n", d,
					100*float64(n[d])/float64(len(set.claims)), 100*float64(ok[d])/float64(max(n[d], 1)))
			}
		}
		if set.name == "fold0" && os.Getenv("WARTA_MATCH_MISSES") != "" {
			titles := map[string]string{}
			for _, d := range docs {
				titles[d.ID] = d.Title
			}
			for i, c := range set.claims {
				if rep.Ranks[i] == 1 {
					continue
				}
				ms := ix.Match(Query{Text: c.Text}, 1)
				got := ""
				if len(ms) > 0 {
					got = titles[ms[0].ID]
				}
				txt := c.Text
				if len(txt) > 300 {
					txt = txt[:300]
				}
				fmt.Printf("rank=%d\n  Q: %s\n  T: %s\n  G: %s\n", rep.Ranks[i], txt, titles[c.FactcheckID], got)
			}
		}
	}
}

func setParams(p *params, m map[string]float64) {
	for k, v := range m {
		switch k {
		case "k1":
			p.k1 = v
		case "bTitle":
			p.bTitle = v
		case "k3":
			p.k3 = v
		case "maxQueryTerms":
			p.maxQueryTerms = int(v)
		case "bigramWeight":
			p.bigramWeight = v
		case "typoMinSim":
			p.typoMinSim = v
		case "segmentWeight":
			p.segmentWeight = v
		case "typoWeight":
			p.typoWeight = v
		case "candidates":
			p.candidates = int(v)
		case "windowSlack":
			p.windowSlack = int(v)
		case "framingWeight":
			p.framingWeight = v
		case "nearDuplicate":
			p.nearDuplicate = v
		case "mediumWeight":
			p.mediumWeight = v
		case "minClaimTerms":
			p.minClaimTerms = int(v)
		case "rankClaim":
			p.rankClaim = v != 0
		default:
			i := slices.Index(featureNames[:], k)
			if i < 0 {
				panic("unknown param " + k)
			}
			p.weights[i] = v
		}
	}
}

// TestDumpFeatures writes the second-pass features of every dev claim to
// the file in WARTA_MATCH_DUMP, for studying fusion offline.
func TestDumpFeatures(t *testing.T) {
	out := os.Getenv("WARTA_MATCH_DUMP")
	if out == "" {
		t.Skip("set WARTA_MATCH_DUMP=FILE")
	}
	docs, claims := loadDevSet(t)
	ix := buildIndex(docs, defaultParams)
	tune, _ := halves(claims, 1)
	inTune := map[string]bool{}
	for _, c := range tune {
		inTune[c.FactcheckID+"\x00"+c.Text] = true
	}
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	var cur []features
	featureHook = func(fs []features) { cur = append([]features(nil), fs...) }
	defer func() { featureHook = nil }()
	for _, c := range claims {
		cur = nil
		ix.Match(Query{Text: c.Text}, 10)
		target := ix.byID[c.FactcheckID]
		rows := [][]float64{}
		for _, x := range cur {
			hit := 0.0
			if x.slot == target {
				hit = 1
			}
			ex := 0.0
			if x.exact {
				ex = 1
			}
			rows = append(rows, append(append([]float64(nil), x.x[:]...), ex, hit))
		}
		enc.Encode(map[string]any{"tune": inTune[c.FactcheckID+"\x00"+c.Text], "rows": rows})
	}
	fmt.Println("dumped", len(claims))
}

// TestNoCandidate lists tune-half claims (all claims when
// WARTA_MATCH_NOCAND=all) whose verdict is not among the first-pass
// candidates, with the terms they share.
func TestNoCandidate(t *testing.T) {
	if os.Getenv("WARTA_MATCH_NOCAND") == "" {
		t.Skip("set WARTA_MATCH_NOCAND=1")
	}
	docs, claims := loadDevSet(t)
	ix := buildIndex(docs, defaultParams)
	tune, _ := halves(claims, 1)
	if os.Getenv("WARTA_MATCH_NOCAND") == "all" {
		tune = claims
	}
	titles := map[string]string{}
	for _, d := range docs {
		titles[d.ID] = d.Title
	}
	var cur []features
	featureHook = func(fs []features) { cur = append([]features(nil), fs...) }
	defer func() { featureHook = nil }()
	none := 0
	for _, c := range tune {
		cur = nil
		ix.Match(Query{Text: c.Text}, 10)
		target := ix.byID[c.FactcheckID]
		found := false
		for _, x := range cur {
			if x.slot == target {
				found = true
			}
		}
		if found {
			continue
		}
		qa := analyze(c.Text)
		ta := analyze(titles[c.FactcheckID])
		qs := map[string]bool{}
		for _, x := range qa.terms {
			qs[x] = true
		}
		var shared []string
		for _, x := range ta.terms {
			if qs[x] {
				shared = append(shared, x)
			}
		}
		if len(shared) == 0 {
			none++
		}
		txt := c.Text
		if len(txt) > 200 {
			txt = txt[:200]
		}
		fmt.Printf("shared=%v\n  Q: %s\n  T: %s\n  Tterms: %v\n", shared, txt, titles[c.FactcheckID], ta.terms)
	}
	fmt.Println("no shared term:", none)
}
