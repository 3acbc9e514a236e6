package markdown

import (
	"strings"
	"testing"
)

func TestRenderSanitises(t *testing.T) {
	out, err := Render("**KPU** menetapkan <script>alert(1)</script> [DPT](javascript:alert(1)) dan [situs](https://kpu.go.id)")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "<script") || strings.Contains(out, "javascript:") {
		t.Fatalf("unsafe HTML kept: %s", out)
	}
	if !strings.Contains(out, "<strong>KPU</strong>") || !strings.Contains(out, `href="https://kpu.go.id"`) {
		t.Fatalf("formatting lost: %s", out)
	}
}

func TestPlainText(t *testing.T) {
	got := PlainText("# Judul\n\nPemilih **wajib** membawa KTP & undangan.\n\n- satu\n- dua")
	if strings.ContainsAny(got, "#*<>") || !strings.Contains(got, "KTP & undangan") {
		t.Fatalf("PlainText = %q", got)
	}
}
