package store

import "testing"

// In an any-term search, the article holding the term fewer articles hold
// ranks above the one holding only the common term; a title match beats a
// body match; equal scores keep the newer first.
func TestSQLiteScore(t *testing.T) {
	// Rowids 5 (newest) to 1; terms 0 (common) and 1 (rare).
	window := []hit{{rowid: 5}, {rowid: 4}, {rowid: 3}, {rowid: 2}, {rowid: 1}}
	signals := []hit{
		{rowid: 5, n: 2}, {rowid: 4, n: 2}, {rowid: 3, n: 2}, {rowid: 2, n: 2}, // term 0 in 4 rows
		{rowid: 1, n: 3}, // term 1 only in the oldest
		{rowid: 3, n: 0}, // term 0 in row 3's title
	}
	got := sqliteScore(window, signals, 2, true)
	order := make([]int64, len(got))
	for i, h := range got {
		order[i] = h.rowid
	}
	want := []int64{3, 1, 5, 4, 2}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("order = %v, want %v", order, want)
		}
	}
	// All terms: every row holds both, so only titles reorder them.
	got = sqliteScore(window, []hit{{rowid: 2, n: 1}}, 2, false)
	if got[0].rowid != 2 || got[1].rowid != 5 || got[4].rowid != 1 {
		t.Fatalf("all-terms order = %+v", got)
	}
}
