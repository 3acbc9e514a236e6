package warta

import "testing"

func TestIDsSortInCreationOrder(t *testing.T) {
	prev := NewID()
	for i := 0; i < 10000; i++ {
		id := NewID()
		if id <= prev {
			t.Fatalf("id %d %s does not sort after %s", i, id, prev)
		}
		prev = id
	}
}
