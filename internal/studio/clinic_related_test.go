package studio_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// publishArticle publishes an official article through the newsroom and
// brings the clinic's matcher up to date.
func (e *klinikEnv) publishArticle(title, dek string) *warta.Article {
	e.t.Helper()
	art := &warta.Article{Title: title, Dek: dek, Body: "Isi pengumuman.", AgencyID: e.kpu.ID}
	if err := e.nr.Create(e.ctx, e.editor, art); err != nil {
		e.t.Fatal(err)
	}
	sa, err := e.nr.Publish(e.ctx, e.editor, art.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.cs.Refresh(e.ctx); err != nil {
		e.t.Fatal(err)
	}
	return sa.Article
}

// TestClinicClaimRelatedArticles: a checker sees the official articles a
// claim matches, best first and at most three, to cite as evidence.
func TestClinicClaimRelatedArticles(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newKlinikEnv(t, db)
		best := e.publishArticle("KPU Jatim: TPS Dibuka Pukul 07.00 WIB pada Hari Pemungutan Suara",
			"Pemilih diminta datang membawa undangan dan KTP-el; TPS ditutup pukul 13.00 WIB.")
		for _, title := range []string{"Jam Buka TPS pada Hari Pemungutan Suara Pilkada Jawa Timur",
			"TPS di Surabaya Dibuka Tepat Waktu pada Hari Pemungutan Suara", "Pukul Berapa TPS Dibuka pada Hari Pemungutan Suara? Ini Kata KPU"} {
			e.publishArticle(title, "Pengumuman tentang pemungutan suara di TPS.")
		}
		rice := e.publishArticle("Pemprov Jatim Salurkan Bantuan Beras ke Desa Terdampak Banjir", "Penyaluran berlangsung sepekan.")
		c := e.claimOf(e.submit(report{text: "benarkah TPS dibuka pukul 7 pagi pada hari pemungutan suara? katanya jam 9"}).Ticket)
		if all, err := e.cs.RelatedArticles(e.ctx, []string{c.Title}, 10); err != nil || len(all) < 4 {
			t.Fatalf("%d articles match the claim (%v); the limit of 3 would go untested", len(all), err)
		}
		b := e.login("sari@kominfo.example")
		p := b.get("/studio/klinik/" + c.ID)
		if p.status != http.StatusOK {
			t.Fatalf("claim page: %d", p.status)
		}
		if got := p.text(".related-articles h2"); got != "Artikel resmi terkait" {
			t.Fatalf("related section heading %q", got)
		}
		n := p.count(".related-articles li")
		if n == 0 || n > 3 {
			t.Errorf("%d related articles listed, want 1 to 3 of the 4 about TPS hours", n)
		}
		first := p.text(".related-articles li")
		if !strings.Contains(first, best.Title) || !strings.Contains(first, "terbit 2 Maret 2026, 09.00 WIB") {
			t.Errorf("first related %q, want %q with its date", first, best.Title)
		}
		if !containsHref(t, p, "http://warta.test"+best.Path()) {
			t.Error("the article is not linked")
		}
		if containsHref(t, p, "http://warta.test"+rice.Path()) {
			t.Error("an unrelated article is listed")
		}

		other := e.claimOf(e.submit(report{text: "Foto antrean sembako di kantor kelurahan viral di grup RT"}).Ticket)
		if n := b.get("/studio/klinik/" + other.ID).count(".related-articles"); n != 0 {
			t.Errorf("a claim matching no article shows %d related sections", n)
		}
	})
}
