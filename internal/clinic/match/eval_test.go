package match

import (
	"strings"
	"testing"
)

// TestDevSet runs the eval on the shared development set. The brief's
// target is R@1 ≥ 0.85 and R@5 ≥ 0.95; the matcher does not reach it (about
// 5 % of the claims share no content word with their verdict, and most
// other top-1 misses answer with another verdict on the same hoax, see
// doc.go), so this asserts the measured floor instead (R@1 0.792, R@5
// 0.884, differing R@5 0.849, less a margin): a change that makes matching
// worse fails here.
func TestDevSet(t *testing.T) {
	docs, claims := loadDevSet(t)
	ix := buildIndex(docs, defaultParams)
	rep, err := Evaluate(ix, docs, claims)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("all n=%d MRR@10 %.3f R@1 %.3f R@5 %.3f; differing n=%d MRR@10 %.3f R@1 %.3f R@5 %.3f",
		rep.All.N, rep.All.MRR10, rep.All.R1, rep.All.R5,
		rep.Differing.N, rep.Differing.MRR10, rep.Differing.R1, rep.Differing.R5)
	if rep.All.R1 < 0.785 || rep.All.R5 < 0.878 || rep.Differing.R5 < 0.843 {
		t.Errorf("below the measured floor (R@1 0.785, R@5 0.878, differing R@5 0.843)")
	}
	// The plain-BM25 floor of the data README, for comparison.
	if rep.All.MRR10 < 0.797 || rep.All.R1 < 0.752 || rep.All.R5 < 0.854 {
		t.Errorf("worse than plain BM25 (MRR@10 0.797, R@1 0.752, R@5 0.854)")
	}
}

func TestReadFactchecksAndClaims(t *testing.T) {
	docs, err := ReadFactchecks(strings.NewReader("id,title,label,url,published,category\n" +
		"7,\"Surat Suara, Sudah Dicoblos\",HOAKS,https://example.id/a?utm_source=x,2024-01-02,politics\n8,Judul Lain,,,,\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || docs[0].ID != "7" || docs[0].Title != "Surat Suara, Sudah Dicoblos" || docs[0].Label != "HOAKS" || len(docs[0].URLs) != 1 || len(docs[1].URLs) != 0 {
		t.Fatalf("got %+v", docs)
	}
	claims, err := ReadClaims(strings.NewReader("factcheck_id,group,text\n7,politik,\"SURAT SUARA sudah dicoblos!!\nsebarkan\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(claims) != 1 || claims[0].FactcheckID != "7" || !strings.Contains(claims[0].Text, "sebarkan") {
		t.Fatalf("got %+v", claims)
	}
	if _, err := ReadClaims(strings.NewReader("id,text\n1,x\n")); err == nil {
		t.Fatal("a claims file without factcheck_id must be refused")
	}
	ix := NewIndex(Options{})
	for _, d := range docs {
		ix.Add(d)
	}
	rep, err := Evaluate(ix, docs, claims)
	if err != nil {
		t.Fatal(err)
	}
	if rep.All.N != 1 || rep.All.R1 != 1 || rep.Differing.N != 1 {
		t.Fatalf("got %+v", rep)
	}
	// The URL from the archive matches a report carrying it.
	if m := ix.Match(Query{URLs: []string{"https://www.example.id/a"}}, 1); len(m) != 1 || m[0].ID != "7" {
		t.Fatalf("archive URL not matched: %+v", m)
	}
}

// TestDevSetAutoAnswers guards the automatic answer: on the development
// set, and on each half split by fact-check id, at least the measured
// share of reports reaches the automatic threshold (58.6 %; 59.4 % and
// 57.7 % on the halves) and the top verdict of those is the expected one
// at least 94 % of the time (94.4 %; 94.0 % and 94.8 %), less a margin.
func TestDevSetAutoAnswers(t *testing.T) {
	docs, claims := loadDevSet(t)
	ix := buildIndex(docs, defaultParams)
	var n, auto, right [2]int
	for _, c := range claims {
		h := fold(c)
		n[h]++
		ms := ix.Match(Query{Text: c.Text}, 1)
		if ix.Options().Decide(ms) != DecisionAuto {
			continue
		}
		auto[h]++
		if ms[0].ID == c.FactcheckID {
			right[h]++
		}
	}
	for h, name := range []string{"half 0", "half 1", "all"} {
		nn, aa, rr := 0, 0, 0
		for i := range 2 {
			if h == 2 || h == i {
				nn, aa, rr = nn+n[i], aa+auto[i], rr+right[i]
			}
		}
		share, prec := float64(aa)/float64(nn), float64(rr)/float64(max(aa, 1))
		t.Logf("%s: %.1f %% of %d reports answered automatically, %.1f %% of them right", name, 100*share, nn, 100*prec)
		if share < 0.57 || prec < 0.935 {
			t.Errorf("%s: auto share %.3f (floor 0.57), precision %.3f (floor 0.935)", name, share, prec)
		}
	}
}

// A claim that shares no word with its verdict is counted apart: it bounds
// what any word-based matcher can reach on the set.
func TestEvaluateCountsDisjointClaims(t *testing.T) {
	docs := []Doc{{ID: "1", Title: "Akun WhatsApp Bupati Sampang Minta Donasi"}, {ID: "2", Title: "Surat Suara Sudah Dicoblos di Sampang"}}
	claims := []Claim{
		{FactcheckID: "1", Text: "(narasi tidak ditampilkan)"},
		{FactcheckID: "2", Text: "surat suara sdh dicoblos!!"},
		{FactcheckID: "1", Text: "Assalamualaikum pak"},
	}
	ix := NewIndex(Options{})
	for _, d := range docs {
		ix.Add(d)
	}
	rep, err := Evaluate(ix, docs, claims)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Disjoint != 2 || rep.DisjointFound != 0 {
		t.Errorf("disjoint %d (found %d), want 2 (0)", rep.Disjoint, rep.DisjointFound)
	}
}
