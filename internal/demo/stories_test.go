package demo

import (
	"strings"
	"testing"
)

func TestSubheadingStaysAHeading(t *testing.T) {
	ss, err := parseStories("t.txt", "=== tahap: pemilu-2024-kampanye | sumber: kpu | wilayah: provinsi | gambar: grafik | tag: X\n# Judul\n> Dek.\nParagraf.\n\n## Catatan\n- satu;\n- dua.\n")
	if err != nil {
		t.Fatal(err)
	}
	body := strings.Join(ss[0].body, "\n\n")
	if !strings.Contains(body, "## Catatan\n\n- satu;\n- dua.") {
		t.Fatalf("subheading swallowed the list: %q", body)
	}
}
