package clinicchat

import "testing"

func TestFirstURL(t *testing.T) {
	for text, want := range map[string]string{
		"Cek https://example.com/a?b=1&utm_source=wa, katanya hoaks":    "https://example.com/a?b=1&utm_source=wa",
		"Lihat (https://id.wikipedia.org/wiki/Pemilu_(Indonesia))!":     "https://id.wikipedia.org/wiki/Pemilu_(Indonesia)",
		"baca www.kpu.go.id/berita. Sebarkan!!":                         "https://www.kpu.go.id/berita",
		"Video lengkap bit.ly/3xYzKPU 👈 sebarkan":                       "https://bit.ly/3xYzKPU",
		"«http://hoaks.example/x»":                                      "http://hoaks.example/x",
		"KPU hapus suara, jam 10.30 di Surabaya. Benar? tidak ada link": "",
		"email saya budi@example.com":                                   "",
	} {
		if got := firstURL(text); got != want {
			t.Errorf("firstURL(%q) = %q, want %q", text, got, want)
		}
	}
}
