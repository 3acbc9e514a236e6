package match

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"sync"
	"testing"
)

func TestNormalizeURL(t *testing.T) {
	cases := []struct{ in, want string }{
		{"https://www.Kompas.com/read/2024/01/02/hoaks/?utm_source=wa&utm_medium=share#top", "https://kompas.com/read/2024/01/02/hoaks"},
		{"http://m.facebook.com/story.php?story_fbid=123&id=456&fbclid=XYZ", "https://facebook.com/story.php?id=456&story_fbid=123"},
		{"HTTPS://WWW.INSTAGRAM.COM/p/CxYz/?igshid=abc", "https://instagram.com/p/CxYz"},
		{"https://youtube.com/watch?v=dQw4w9WgXcQ&si=tracking&feature=share", "https://youtube.com/watch?v=dQw4w9WgXcQ"},
		{"https://x.com/kpu_ri/status/1?s=20&ref=xyz", "https://x.com/kpu_ri/status/1"},
		{"turnbackhoax.id/2024/01/05/salah-surat-suara/", "https://turnbackhoax.id/2024/01/05/salah-surat-suara"},
		{"https://www.example.co.id:443/berita?id=7&gclid=1", "https://example.co.id/berita?id=7"},
		// short links keep path and query as given
		{"https://bit.ly/3AbCdE", "https://bit.ly/3AbCdE"},
		{"http://s.id/KlinikHoaks?x=1", "https://s.id/KlinikHoaks?x=1"},
		{"https://t.co/AbC123", "https://t.co/AbC123"},
		{"mailto:a@b.c", ""},
		{"", ""},
	}
	for _, c := range cases {
		if got := NormalizeURL(c.in); got != c.want {
			t.Errorf("NormalizeURL(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if NormalizeURL("https://bit.ly/abc") == NormalizeURL("https://bit.ly/ABC") {
		t.Error("short-link codes are case-sensitive and must stay apart")
	}
}

// verdicts is a small archive that shares vocabulary on purpose.
var verdicts = []Doc{
	{ID: "v1", Title: "[HOAKS] Surat Suara Pemilu 2024 Sudah Dicoblos untuk Paslon Tertentu di Sidoarjo", URLs: []string{"https://turnbackhoax.id/2024/01/10/surat-suara-dicoblos"}},
	{ID: "v2", Title: "[HOAKS] KPU Jatim Umumkan Pemungutan Suara Diundur ke Maret", URLs: []string{"https://kominfo.jatimprov.go.id/cek-fakta/pemungutan-diundur"}},
	{ID: "v3", Title: "[DISINFORMASI] Bansos Dicairkan Lewat Tautan WhatsApp Mengatasnamakan Kemensos"},
	{ID: "v4", Title: "[HOAKS] Video Kotak Suara Dibakar Massa di Bangkalan"},
	{ID: "v5", Title: "[HOAKS] Lowongan Kerja PT Pertamina Lewat Nomor WhatsApp"},
	{ID: "v6", Title: "[FAKTA] Bawaslu Jatim Buka Posko Pengaduan Kampanye Hitam"},
	{ID: "v7", Title: "[HOAKS] Surat Suara Tercoblos Ditemukan di Gudang KPU Surabaya"},
	{ID: "v8", Title: "[HOAKS] Vaksin Covid-19 Mengandung Chip Pelacak"},
}

func newTestIndex(t testing.TB) *Index {
	t.Helper()
	ix := NewIndex(Options{})
	for _, d := range verdicts {
		ix.Add(d)
	}
	return ix
}

func top(t *testing.T, ix *Index, q Query) Match {
	t.Helper()
	ms := ix.Match(q, 5)
	if len(ms) == 0 {
		t.Fatalf("no match for %+v", q)
	}
	return ms[0]
}

func TestExactURLWins(t *testing.T) {
	ix := newTestIndex(t)
	// The text points at another verdict; the link decides.
	m := top(t, ix, Query{
		Text: "kotak suara dibakar massa",
		URLs: []string{"http://www.kominfo.jatimprov.go.id/cek-fakta/pemungutan-diundur/?utm_source=whatsapp"},
	})
	if m.ID != "v2" || m.Reason != ReasonURL || m.Score != 1 {
		t.Fatalf("got %+v, want v2 by url with score 1", m)
	}
	// A link inside the forwarded text counts too.
	m = top(t, ix, Query{Text: "cek ini https://turnbackhoax.id/2024/01/10/surat-suara-dicoblos/?fbclid=abc"})
	if m.ID != "v1" || m.Reason != ReasonURL {
		t.Fatalf("got %+v, want v1 by url", m)
	}
}

func TestForwardedTextWithNoiseAndSlang(t *testing.T) {
	ix := newTestIndex(t)
	text := "‼️‼️ SEBARKAN!! 😱😱 INFO A1: surat suara PEMILU 2024 udah dicoblos utk paslon tertentu " +
		"di sidoarjo, gak percaya?? liat sendiri!!! #Pemilu2024 #KawalSuara #viral 🔥🔥🔥"
	m := top(t, ix, Query{Text: text})
	if m.ID != "v1" {
		t.Fatalf("got %+v, want v1", m)
	}
	if d := ix.Options().Decide([]Match{m}); d == DecisionNew {
		t.Errorf("a forwarded copy of a verdict's claim decided %q, want auto or suggest (score %.2f)", d, m.Score)
	}
	// Shouting the headline verbatim is a near-duplicate, answered at once.
	m = top(t, ix, Query{Text: "KOTAK SUARA DIBAKAR MASSA DI BANGKALAN!!! SEBARKAN!!! 😡😡"})
	if m.ID != "v4" || m.Reason != ReasonNearDuplicate || ix.Options().Decide([]Match{m}) != DecisionAuto {
		t.Fatalf("got %+v, want v4 as an automatic near-duplicate", m)
	}
}

func TestTypoTolerance(t *testing.T) {
	ix := newTestIndex(t)
	for _, q := range []string{
		"lowongn kerja pertamna lewat nomer wasap",
		"vaksin covid mengandng cip pelacak",
		"Bawaslu jatim bukak posko pengaduan kampanye hitm",
	} {
		m := top(t, ix, Query{Text: q})
		want := map[byte]string{'l': "v5", 'v': "v8", 'B': "v6"}[q[0]]
		if m.ID != want {
			t.Errorf("%q: got %+v, want %s", q, m, want)
		}
	}
}

func TestAddReplaceRemove(t *testing.T) {
	ix := newTestIndex(t)
	ix.Add(Doc{ID: "v8", Title: "Gempa Magnitudo 9 Guncang Jember"})
	if m := top(t, ix, Query{Text: "gempa guncang jember"}); m.ID != "v8" {
		t.Fatalf("replaced verdict not found: %+v", m)
	}
	for _, m := range ix.Match(Query{Text: "vaksin covid chip pelacak"}, 5) {
		if m.ID == "v8" {
			t.Fatalf("old title of a replaced verdict still matches: %+v", m)
		}
	}
	ix.Remove("v4")
	for _, m := range ix.Match(Query{Text: "kotak suara dibakar massa di bangkalan"}, 5) {
		if m.ID == "v4" {
			t.Fatal("removed verdict still matches")
		}
	}
	if ix.Len() != len(verdicts)-1 {
		t.Fatalf("Len = %d, want %d", ix.Len(), len(verdicts)-1)
	}
	if ms := ix.Match(Query{Text: "resep rendang padang"}, 5); len(ms) > 0 && ix.Options().Decide(ms) == DecisionAuto {
		t.Fatalf("unrelated text answered automatically: %+v", ms)
	}
}

// poster draws a simple synthetic "screenshot": blocks of text-like bars.
func poster(seed int, w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := uint8((x*7 + y*3 + seed*40) % 256)
			if (y/(h/8+1)+x/(w/5+1)+seed)%3 == 0 {
				v = 255 - v/3
			}
			if seed%2 == 1 && x > w/2 {
				v = v / 4
			}
			img.Set(x, y, color.RGBA{v, v / 2, 255 - v, 255})
		}
	}
	return img
}

func TestDHash(t *testing.T) {
	orig := poster(1, 640, 480)
	// re-encode as a lossy JPEG and shrink, as chat apps do
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, orig, &jpeg.Options{Quality: 40}); err != nil {
		t.Fatal(err)
	}
	decoded, err := jpeg.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	small := image.NewRGBA(image.Rect(0, 0, 213, 160))
	for y := 0; y < 160; y++ {
		for x := 0; x < 213; x++ {
			small.Set(x, y, decoded.At(x*640/213, y*480/160))
		}
	}
	h0, h1 := DHash(orig), DHash(small)
	if d := Hamming(h0, h1); d > MaxImageDistance {
		t.Errorf("re-encoded, resized copy is %d bits away, want ≤ %d", d, MaxImageDistance)
	}
	if d := Hamming(h0, DHash(poster(2, 640, 480))); d <= MaxImageDistance {
		t.Errorf("a different image is only %d bits away", d)
	}

	ix := newTestIndex(t)
	ix.Add(Doc{ID: "img", Title: "Foto Antrean Pemilih di TPS", Images: []uint64{h0}})
	m := top(t, ix, Query{HasImage: true, ImageHash: h1})
	if m.ID != "img" || m.Reason != ReasonImage || ix.Options().Decide([]Match{m}) != DecisionAuto {
		t.Fatalf("got %+v, want the image verdict answered automatically", m)
	}
}

func TestDecide(t *testing.T) {
	o := Options{AutoThreshold: 0.8, SuggestThreshold: 0.4}
	for _, c := range []struct {
		score float64
		want  string
	}{{1, DecisionAuto}, {0.8, DecisionAuto}, {0.79, DecisionSuggest}, {0.4, DecisionSuggest}, {0.39, DecisionNew}} {
		if got := o.Decide([]Match{{ID: "x", Score: c.score}}); got != c.want {
			t.Errorf("Decide(%.2f) = %q, want %q", c.score, got, c.want)
		}
	}
	if got := o.Decide(nil); got != DecisionNew {
		t.Errorf("Decide(nil) = %q, want new", got)
	}
	var zero Options
	if zero.Decide([]Match{{Score: DefaultAutoThreshold}}) != DecisionAuto ||
		zero.Decide([]Match{{Score: DefaultSuggestThreshold}}) != DecisionSuggest {
		t.Error("zero Options must use the default thresholds")
	}
}

func TestScoresOrdered(t *testing.T) {
	ix := newTestIndex(t)
	ms := ix.Match(Query{Text: "surat suara dicoblos KPU surabaya sidoarjo pemilu"}, 8)
	for i := 1; i < len(ms); i++ {
		if ms[i].Score > ms[i-1].Score {
			t.Fatalf("scores not in order: %+v", ms)
		}
		if ms[i].Score < 0 || ms[i].Score > 1 {
			t.Fatalf("score out of 0..1: %+v", ms[i])
		}
	}
}

func TestConcurrentMatch(t *testing.T) {
	ix := newTestIndex(t)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				if g == 0 && i%10 == 0 {
					ix.Add(Doc{ID: fmt.Sprint("tmp", i), Title: "Hoaks sementara nomor " + fmt.Sprint(i)})
					ix.Remove(fmt.Sprint("tmp", i-10))
				}
				if m := ix.Match(Query{Text: "VAKSIN covid mengandung chip!!"}, 3); len(m) == 0 || m[0].ID != "v8" {
					t.Errorf("concurrent match: %+v", m)
					return
				}
			}
		}()
	}
	wg.Wait()
}
