package match

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// sharedData returns the directory holding the claim-matching sets, or ""
// when they are absent.
func sharedData() string {
	dirs := []string{os.Getenv("WARTA_SHARED_DATA"), filepath.Join("..", "..", "..", "..", "shared", "data")}
	for _, d := range dirs {
		if d == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(d, "claims-dev.csv")); err == nil {
			if _, err := os.Stat(filepath.Join(d, "factchecks.csv")); err == nil {
				return d
			}
		}
	}
	return ""
}

func loadDevSet(t testing.TB) ([]Doc, []Claim) {
	t.Helper()
	dir := sharedData()
	if dir == "" {
		t.Skip("shared claim-matching data not found (set WARTA_SHARED_DATA)")
	}
	f, err := os.Open(filepath.Join(dir, "factchecks.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	docs, err := ReadFactchecks(f)
	if err != nil {
		t.Fatal(err)
	}
	c, err := os.Open(filepath.Join(dir, "claims-dev.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	claims, err := ReadClaims(c)
	if err != nil {
		t.Fatal(err)
	}
	return docs, claims
}

// halves splits claims at random (fixed seed) into a tuning half and a
// held-out half.
func halves(claims []Claim, seed uint64) (tune, held []Claim) {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	for _, i := range r.Perm(len(claims)) {
		if len(tune) < len(claims)/2 {
			tune = append(tune, claims[i])
		} else {
			held = append(held, claims[i])
		}
	}
	return tune, held
}

func buildIndex(docs []Doc, p params) *Index {
	ix := NewIndex(Options{})
	ix.p = p
	for _, d := range docs {
		ix.Add(d)
	}
	return ix
}
