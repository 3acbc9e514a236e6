package contestweb_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/contestweb"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// entrant registers a participant through the pages and sends one entry
// through the service, accepted by the editor.
func (s *site) entrant(c *contest.Contest, name string, in contest.EntryInput) (*visitor, *contest.Entry) {
	s.t.Helper()
	v := s.register(name, "2002-06-01", "kota-surabaya")
	at := s.clock.now()
	s.clock.set(subOpen.Add(time.Hour))
	defer s.clock.set(at)
	e, err := s.svc.Submit(s.ctx, mustSession(s.t, s, v), c.ID, in)
	must(s.t, "submit "+name, err)
	_, err = s.svc.AcceptEntry(s.ctx, s.editor, e.ID)
	must(s.t, "accept "+name, err)
	return v, e
}

// TestPublicPages reads the list and a contest's page as the public does,
// through the phases: the timeline marks where the clock is, the results
// stay hidden until the announcement and then show the winners.
func TestPublicPages(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		c := s.newContest()
		hidden := s.newContestWith(func(c *contest.Contest) { c.Title, c.Published = "Lomba Rahasia", false })
		reader := s.visitor()

		s.clock.set(regOpen.Add(-time.Hour))
		p := reader.get("/lomba")
		p.expect(t, http.StatusOK, "section[aria-labelledby=akan-datang]", c.Title, "Pendaftaran dibuka 1 Juli 2024 pukul 08.00 WIB")
		if strings.Contains(p.text("main"), hidden.Title) {
			t.Error("an unpublished contest is listed")
		}
		if got := reader.get(hidden.Path()); got.status != http.StatusNotFound {
			t.Errorf("unpublished contest page: %d", got.status)
		}
		if cc := p.header.Get("Cache-Control"); strings.Contains(cc, "no-store") {
			t.Errorf("the public list is not cacheable: %q", cc)
		}

		s.clock.set(subOpen.Add(time.Hour))
		p = reader.get("/lomba")
		p.expect(t, http.StatusOK, "section[aria-labelledby=berlangsung]", c.Title, "Pengiriman karya dibuka", "Batas pengiriman karya 1 Agustus 2024 pukul 00.00 WIB")
		p = reader.get(c.Path())
		p.expect(t, http.StatusOK, "h1", c.Title)
		p.expect(t, http.StatusOK, "main", "Tema: Pemilih cerdas, pemilu damai", "Pengiriman karya dibuka",
			"Berusia paling sedikit 17 tahun", "Berdomisili di Kota Surabaya atau Kabupaten Sidoarjo",
			"Berkas JPEG, PNG atau PDF, paling besar 2 MB", "Tautan ke kiriman Anda di TikTok, YouTube atau Instagram",
			"Pesan 40%", "Kreativitas 30%", "Juara 1: Rp5.000.000", "Suara publik menyumbang 20% nilai akhir",
			"kriteria berbobot terbesar", "Pemenang diumumkan pada 17 Agustus 2024 pukul 10.00 WIB.")
		p.expect(t, http.StatusOK, ".stage.is-current", "Pengiriman karya", "8 Juli 2024 pukul 08.00 WIB sampai 1 Agustus 2024 pukul 00.00 WIB")
		if p.count(".stage[aria-current=step]") != 1 || p.text(".body strong") != "orisinal" {
			t.Errorf("timeline marks %d steps; rules render %q", p.count(".stage[aria-current=step]"), p.text(".body strong"))
		}
		if p.count(`a[href="`+c.Path()+`/ikut"]`) != 1 || p.count(`a[href="`+c.Path()+`/kirim"]`) != 1 || p.count(`a[href$="/pilih"]`) != 0 {
			t.Error("the page does not offer to join and send, or offers to vote")
		}
		if cc := p.header.Get("Cache-Control"); strings.Contains(cc, "no-store") || p.header.Get("Set-Cookie") != "" {
			t.Errorf("the contest page is not cacheable: %q", cc)
		}

		// Scores, then the results at their time.
		_, e1 := s.entrant(c, "Ayu Lestari", contest.EntryInput{Category: "poster", Title: "Suaramu Menentukan", File: strings.NewReader(string(pngFile()))})
		_, e2 := s.entrant(c, "Bima Sakti", contest.EntryInput{Category: "poster", Title: "Pilih Cerdas", File: strings.NewReader(string(jpegWithEXIF("b")))})
		judge := s.user("juri", warta.RoleJudge)
		must(t, "panel", s.svc.SavePanel(s.ctx, s.editor, &contest.Panel{ContestID: c.ID, Name: "Panel Utama", JudgeIDs: []string{judge.ID}}))
		s.clock.set(judgingStart.Add(time.Hour))
		s.score(judge, e1, 90, 85, 80)
		s.score(judge, e2, 70, 70, 70)
		p = reader.get(c.Path())
		p.expect(t, http.StatusOK, ".stage.is-current", "Penjurian")

		s.clock.set(announceAt.Add(-time.Second))
		p = reader.get(c.Path())
		p.expect(t, http.StatusOK, "#hasil", "Hasil")
		p.expect(t, http.StatusOK, "main", "Pemenang diumumkan pada 17 Agustus 2024 pukul 10.00 WIB.")
		if p.count(".pemenang") != 0 || p.count("table") != 0 || strings.Contains(p.text("main"), "Ayu Lestari") {
			t.Error("the results show before the announcement")
		}

		s.clock.set(announceAt.Add(time.Second))
		p = reader.get(c.Path())
		p.expect(t, http.StatusOK, ".stage.is-current", "Pengumuman pemenang")
		p.expect(t, http.StatusOK, ".hasil", "Hasil dan pemenang", "Kategori Poster", "Kategori Video", "Tidak ada pemenang di kategori ini.")
		p.expect(t, http.StatusOK, ".pemenang", "Juara 1: “Suaramu Menentukan” karya Ayu Lestari (Rp5.000.000)",
			"Juara 2: “Pilih Cerdas” karya Bima Sakti (Rp3.000.000)")
		// 80 % of the rubric's 85.5; no public votes.
		p.expect(t, http.StatusOK, ".tabel tr.menang", "1", "Suaramu Menentukan", "Ayu Lestari", "68,40")
		p = reader.get("/lomba")
		p.expect(t, http.StatusOK, "section[aria-labelledby=selesai]", c.Title, "Pemenang diumumkan")
		// The winners' works are public now.
		if got := reader.get(c.Path() + "/karya/" + e1.ID + "/berkas"); got.status != http.StatusOK || got.header.Get("Content-Type") != "image/jpeg" {
			t.Errorf("a winner's file after the announcement: %d %s", got.status, got.header.Get("Content-Type"))
		}
	})
}

// TestVoting votes as the public does: choose an entry, give an email,
// follow the emailed link; once per email per category; a burst from one
// network waits for review; the counted votes show in the results.
func TestVoting(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		c := s.newContest()
		_, poster := s.entrant(c, "Ayu Lestari", contest.EntryInput{Category: "poster", Title: "Suaramu Menentukan", File: strings.NewReader(string(jpegWithEXIF("a")))})
		_, video := s.entrant(c, "Bima Sakti", contest.EntryInput{Category: "video", Title: "Jangan Golput", Link: "https://www.tiktok.com/@bima/video/1"})
		voter := s.visitor()

		s.clock.set(voteStart.Add(-time.Minute))
		voter.get(c.Path()+"/pilih").expect(t, http.StatusOK, ".peringatan", "Pemungutan suara publik dibuka pada 5 Agustus 2024 pukul 00.00 WIB.")

		s.clock.set(voteStart.Add(time.Hour))
		p := voter.get(c.Path())
		if p.count(`a[href="`+c.Path()+`/pilih"]`) != 1 {
			t.Error("the contest page does not invite to vote")
		}
		p = voter.get(c.Path() + "/pilih")
		p.expect(t, http.StatusOK, "#pilih-poster-judul", "Kategori Poster")
		p.expect(t, http.StatusOK, "main", "Suaramu Menentukan", "Jangan Golput")
		if strings.Contains(p.text("main"), "Ayu Lestari") || strings.Contains(p.text("main"), "Bima Sakti") {
			t.Error("the ballot names the authors")
		}
		if p.count("input[type=radio][name=entry][value="+poster.ID+"]") != 1 {
			t.Fatal("the poster is not on the ballot")
		}
		src := p.attr(`img[src^="`+c.Path()+"/karya/"+poster.ID+`/berkas"]`, "src")
		if got := s.visitor().get(src); src == "" || got.status != http.StatusOK || got.header.Get("Content-Type") != "image/jpeg" {
			t.Errorf("the ballot's image %q does not load for the public", src)
		}

		ballot := func(entry, email string) *page {
			return voter.post(c.Path()+"/pilih", url.Values{"category": {"poster"}, "entry": {entry}, "email": {email}})
		}
		p = ballot("", "warga@pemilih.example")
		p.expect(t, http.StatusBadRequest, "#pilih-poster-entry-err", "Pilih satu karya di kategori Poster.")
		if p.value("#pilih-poster-email") != "warga@pemilih.example" {
			t.Error("the ballot lost the email")
		}
		p = ballot(poster.ID, "bukan-email")
		p.expect(t, http.StatusBadRequest, "#pilih-poster-email-err", "Alamat email tidak valid.")
		if p.count("#pilih-poster-"+poster.ID+"[checked]") != 1 {
			t.Error("the ballot lost the choice")
		}
		p = ballot(poster.ID, "warga@pemilih.example")
		p.expect(t, http.StatusOK, "section[aria-labelledby=pilih-poster-judul] .sukses", "Tautan konfirmasi sudah dikirim")
		link := s.mailed("warga@pemilih.example")
		if !strings.HasPrefix(link, "/lomba/suara?token=") {
			t.Fatalf("vote link %s", link)
		}
		confirm := s.visitor().get(link)
		confirm.expect(t, http.StatusOK, "main", "Suara Anda sudah dihitung", "kategori Poster")
		if cc := confirm.header.Get("Cache-Control"); cc != "no-store, private" {
			t.Errorf("vote confirmation Cache-Control %q", cc)
		}
		ballot(poster.ID, "warga@pemilih.example").
			expect(t, http.StatusConflict, "#pilih-poster-email-err", "Email ini sudah dipakai memilih di kategori Poster.")
		s.visitor().get("/lomba/suara?token=palsu").expect(t, http.StatusBadRequest, ".error-summary", "Tautan konfirmasi suara tidak dikenal")

		// A vote for the video, counted in the results with its share.
		voter.post(c.Path()+"/pilih", url.Values{"category": {"video"}, "entry": {video.ID}, "email": {"lain@pemilih.example"}}).
			expect(t, http.StatusOK, "section[aria-labelledby=pilih-video-judul] .sukses", "Tautan konfirmasi")
		s.visitor().get(s.mailed("lain@pemilih.example")).expect(t, http.StatusOK, "main", "Suara Anda sudah dihitung", "kategori Video")

		// Later, five from the same network within minutes: the burst is
		// held for review.
		s.clock.set(voteStart.Add(2 * time.Hour))
		for _, who := range []string{"a", "b", "c", "d", "e"} {
			ballot(poster.ID, who+"@pemilih.example").expect(t, http.StatusOK, ".sukses", "Tautan konfirmasi sudah dikirim")
		}
		s.visitor().get(s.mailed("e@pemilih.example")).expect(t, http.StatusOK, "main", "menunggu peninjauan panitia")

		s.clock.set(voteEnd)
		voter.get(c.Path()+"/pilih").expect(t, http.StatusOK, ".peringatan", "Pemungutan suara publik sudah ditutup pada 12 Agustus 2024 pukul 00.00 WIB.")
		s.clock.set(announceAt)
		p = s.visitor().get(c.Path())
		p.expect(t, http.StatusOK, "#peringkat-video", "Peringkat kategori Video")
		p.expect(t, http.StatusOK, "section[aria-labelledby=hasil-video] tbody tr", "Jangan Golput", "1")
	})
}

// TestPersonal lists which paths the page cache must skip, and checks
// that those pages say so themselves.
func TestPersonal(t *testing.T) {
	for path, want := range map[string]bool{
		"/lomba": false, "/lomba/lomba-konten-pemilih-cerdas": false, "/lomba/gaya.css": false, "/berita/x": false, "/lombaku": false,
		"/lomba/saya": true, "/lomba/daftar": true, "/lomba/masuk": true, "/lomba/keluar": true, "/lomba/verifikasi": true, "/lomba/suara": true,
		"/lomba/x/ikut": true, "/lomba/x/kirim": true, "/lomba/x/pilih": true, "/lomba/x/karya/1/ubah": true, "/lomba/x/karya/1/berkas": true,
	} {
		if got := contestweb.Personal(path); got != want {
			t.Errorf("Personal(%q) = %v, want %v", path, got, want)
		}
	}
	each(t, func(t *testing.T, s *site) {
		c := s.newContest()
		v := s.visitor()
		for _, path := range []string{"/lomba/daftar", "/lomba/masuk", "/lomba/verifikasi", c.Path() + "/pilih", "/lomba/suara?token=x"} {
			if cc := v.get(path).header.Get("Cache-Control"); cc != "no-store, private" {
				t.Errorf("%s: Cache-Control %q", path, cc)
			}
		}
		p := v.get("/lomba/saya")
		if !strings.HasPrefix(p.path, "/lomba/masuk?lanjut=%2Flomba%2Fsaya") {
			t.Errorf("/lomba/saya without a session: at %s", p.path)
		}
		// Without the portal's frame the pages still make a whole, accessible
		// document.
		bare, err := contestweb.New(contestweb.Config{Contests: s.svc, Regions: s.db.Regions})
		must(t, "bare pages", err)
		mux := http.NewServeMux()
		bare.PublicRoutes(mux)
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, c.Path(), nil))
		doc, err := html.Parse(rec.Body)
		must(t, "parse", err)
		framed := &page{t: t, status: rec.Code, path: c.Path(), doc: doc}
		checkPage(t, framed)
		framed.expect(t, http.StatusOK, "main#konten h1", c.Title)

		css := v.get(strings.TrimPrefix(p.attr(`link[rel=stylesheet][href^="/lomba/gaya.css"]`, "href"), s.url))
		if css.status != http.StatusOK || !strings.HasPrefix(css.header.Get("Content-Type"), "text/css") ||
			!strings.Contains(css.header.Get("Cache-Control"), "immutable") {
			t.Errorf("stylesheet: %d %s %s", css.status, css.header.Get("Content-Type"), css.header.Get("Cache-Control"))
		}
	})
}
