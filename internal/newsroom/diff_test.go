package newsroom_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kominfo-jatim/warta/internal/newsroom"
)

// render shows a diff the way a reviewer reads it: "  " kept, "- " removed,
// "+ " added, with changed words in [-…-] and {+…+}.
func render(lines []newsroom.DiffLine) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(map[newsroom.DiffOp]string{newsroom.DiffEqual: "  ", newsroom.DiffDelete: "- ", newsroom.DiffInsert: "+ "}[l.Op])
		if l.Spans == nil {
			b.WriteString(l.Text)
		}
		for _, s := range l.Spans {
			switch s.Op {
			case newsroom.DiffDelete:
				fmt.Fprintf(&b, "[-%s-]", s.Text)
			case newsroom.DiffInsert:
				fmt.Fprintf(&b, "{+%s+}", s.Text)
			default:
				b.WriteString(s.Text)
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func TestDiffText(t *testing.T) {
	for _, c := range []struct{ from, to, want string }{
		{"", "Satu.", "+ Satu.\n"},
		{"Satu.\nDua.", "Satu.\nDua.", "  Satu.\n  Dua.\n"},
		{"Satu.\nDua.\nTiga.", "Satu.\nTiga.", "  Satu.\n- Dua.\n  Tiga.\n"},
		{"Satu.\nTiga.", "Satu.\nDua.\nTiga.", "  Satu.\n+ Dua.\n  Tiga.\n"},
		{"Suara sah 1.000 lembar.\nSelesai.", "Suara sah 1.200 lembar di TPS 5.\nSelesai.",
			"- Suara sah [-1.000 lembar.-]\n+ Suara sah {+1.200 lembar di TPS 5.+}\n  Selesai.\n"},
		{"Rapat pleno  dimulai pukul 10.00 WIB.", "Rapat pleno dimulai pukul 13.00 WIB.",
			"- Rapat pleno[-  -]dimulai pukul [-10.00-] WIB.\n+ Rapat pleno{+ +}dimulai pukul {+13.00+} WIB.\n"},
	} {
		if got := render(newsroom.DiffText(c.from, c.to)); got != c.want {
			t.Errorf("DiffText(%q, %q)\n got:\n%s\nwant:\n%s", c.from, c.to, got, c.want)
		}
	}
}

func TestDiffLargeTextStaysCheap(t *testing.T) {
	var a, b []string
	for i := 0; i < 3000; i++ {
		a = append(a, fmt.Sprintf("baris %d", i))
		b = append(b, fmt.Sprintf("baris %d", 3000-i))
	}
	lines := newsroom.DiffText(strings.Join(a, "\n"), strings.Join(b, "\n"))
	dels, ins := 0, 0
	for _, l := range lines {
		switch l.Op {
		case newsroom.DiffDelete:
			dels++
		case newsroom.DiffInsert:
			ins++
		}
	}
	if dels+ins == 0 || dels > 3000 || ins > 3000 {
		t.Fatalf("%d deleted, %d inserted", dels, ins)
	}
}
