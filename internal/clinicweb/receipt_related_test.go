package clinicweb_test

import (
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kominfo-jatim/warta/internal/newsroom"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// publishArticle publishes an official article through the newsroom and
// brings the clinic's matcher up to date.
func (s *site) publishArticle(title, dek string) *warta.Article {
	s.t.Helper()
	nr, err := newsroom.New(newsroom.Config{DB: s.db, Logger: slog.New(slog.DiscardHandler), Now: s.clock.now})
	must(s.t, "newsroom", err)
	editor := &warta.User{Email: "redaktur-" + warta.NewID() + "@warta.example", Name: "Uji Redaktur", Role: warta.RoleEditor}
	must(s.t, "editor", s.db.CreateUser(s.ctx, editor, "kata-sandi-staf-uji"))
	agencies, err := s.db.Agencies(s.ctx)
	must(s.t, "agencies", err)
	art := &warta.Article{Title: title, Dek: dek, Body: "Isi pengumuman.", AgencyID: agencies[0].ID}
	must(s.t, "create article", nr.Create(s.ctx, editor, art))
	sa, err := nr.Publish(s.ctx, editor, art.ID)
	must(s.t, "publish article", err)
	must(s.t, "refresh matcher", s.svc.Refresh(s.ctx))
	return sa.Article
}

// A report the clinic cannot answer yet, about something an agency
// announced, gets the announcement to read on the receipt.
func TestReceiptListsRelatedOfficialArticles(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		title := "KPU Jatim: TPS Dibuka Pukul 07.00 WIB pada Hari Pemungutan Suara"
		art := s.publishArticle(title, "Pemilih diminta datang membawa undangan dan KTP-el; TPS ditutup pukul 13.00 WIB.")
		p := s.report(url.Values{"text": {"benarkah TPS dibuka pukul 7 pagi pada hari pemungutan suara? katanya jam 9"}})
		p.expect(t, http.StatusOK, ".terkait h2", "Sambil menunggu, baca informasi resmi terkait")
		if !strings.Contains(p.text(".jawaban"), "1×24 jam") {
			t.Errorf("the answer promise is gone: %q", p.text(".jawaban"))
		}
		links := p.texts(".terkait li a")
		if len(links) != 1 || links[0] != title || p.attr(".terkait li a", "href") != s.url+art.Path() {
			t.Fatalf("related links %q → %q, want %q → %q", links, p.attr(".terkait li a", "href"), title, s.url+art.Path())
		}
		if got := p.text(".terkait li time"); got != "2 Maret 2026 pukul 09.00 WIB" {
			t.Errorf("published %q, want the date in WIB", got)
		}

		other := s.report(url.Values{"text": {"Ada pesan berantai tentang pembagian beras di balai desa"}})
		other.expect(t, http.StatusOK, "main h1", "Laporan Anda sudah kami terima")
		if n := other.count(".terkait"); n != 0 {
			t.Errorf("an unrelated report lists %d related sections: %q", n, other.text(".terkait"))
		}
	})
}
