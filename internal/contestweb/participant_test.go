package contestweb_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/contest"
)

// TestParticipantJourney walks a participant through the pages: register,
// verify through the emailed link, sign in, join, send a link entry and a
// file entry (a phone photo that comes back without its EXIF), edit,
// read a moderator's rejection, withdraw; and, after the deadline, find
// the entries locked.
func TestParticipantJourney(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		c := s.newContest()
		ayu := s.visitor()

		// Sign-up refusals keep what was typed, never the password.
		form := url.Values{"name": {"Ayu Lestari"}, "email": {"ayu@"}, "birth_date": {"2004-03-02"}, "region": {"kota-surabaya"},
			"password": {password}}
		p := ayu.post("/lomba/daftar", form)
		p.expect(t, http.StatusBadRequest, "#consent-err", "Centang persetujuan")
		if p.value("#name") != "Ayu Lestari" || p.value("#birth_date") != "2004-03-02" || p.text("#region option[selected]") != "Kota Surabaya" {
			t.Errorf("the form lost what was typed: name %q", p.value("#name"))
		}
		form.Set("consent", "setuju")
		p = ayu.post("/lomba/daftar", form)
		p.expect(t, http.StatusBadRequest, "#email-err", "Alamat email tidak valid.")
		p.expect(t, http.StatusBadRequest, ".error-summary", "Alamat email tidak valid.")
		if p.value("#email") != "ayu@" || bytes.Contains(p.body, []byte(password)) {
			t.Error("the refused form lost the email or echoed the password")
		}
		form.Set("email", "Ayu@Peserta.example")
		p = ayu.post("/lomba/daftar", form)
		p.expect(t, http.StatusOK, "main", "Akun Anda sudah dibuat", "belum terverifikasi", "Kirim ulang tautan verifikasi")
		if !strings.HasPrefix(p.path, "/lomba/saya") {
			t.Fatalf("after registering: at %s", p.path)
		}

		// Joining waits for the verified email.
		ayu.get(c.Path()+"/ikut").expect(t, http.StatusOK, ".peringatan", "Verifikasi email Anda terlebih dahulu")
		ayu.post(c.Path()+"/ikut", nil).expect(t, http.StatusForbidden, ".error-summary", "Verifikasi email Anda")
		link := s.mailed("ayu@peserta.example")
		if !strings.HasPrefix(link, "/lomba/verifikasi?token=") {
			t.Fatalf("verification link %s", link)
		}
		ayu.get(link).expect(t, http.StatusOK, "h1", "Email terverifikasi")
		ayu.get(link).expect(t, http.StatusBadRequest, ".error-summary", "Tautan verifikasi tidak berlaku lagi")

		// Signing out and in again, back to where the visitor was going.
		p = ayu.post("/lomba/keluar", nil)
		p.expect(t, http.StatusOK, ".sukses", "Anda sudah keluar")
		p = ayu.get(c.Path() + "/kirim")
		if !strings.HasPrefix(p.path, "/lomba/masuk?lanjut=") || p.value("input[name=lanjut]") != c.Path()+"/kirim" {
			t.Fatalf("a signed-out visitor to the entry form is at %s", p.path)
		}
		p = ayu.post("/lomba/masuk", url.Values{"email": {"ayu@peserta.example"}, "password": {"salah-kata-sandi"}, "lanjut": {c.Path() + "/kirim"}})
		p.expect(t, http.StatusUnauthorized, "#password-err", "Email atau kata sandi salah.")
		if p.value("#email") != "ayu@peserta.example" || p.value("#password") != "" {
			t.Error("the sign-in form lost the email or kept the password")
		}
		p = ayu.post("/lomba/masuk", url.Values{"email": {"ayu@peserta.example"}, "password": {password}, "lanjut": {c.Path() + "/ikut"}})
		if p.path != c.Path()+"/ikut" {
			t.Fatalf("after signing in: at %s", p.path)
		}

		// Join, then send a link entry.
		p.expect(t, http.StatusOK, "main", "Berusia paling sedikit 17 tahun", "Kota Surabaya atau Kabupaten Sidoarjo", "Daftar ke lomba ini")
		p = ayu.post(c.Path()+"/ikut", nil)
		p.expect(t, http.StatusOK, ".sukses", "Anda sudah terdaftar di lomba ini")
		if p.count(`a[href*="/kirim?kategori=poster"]`) != 1 || p.count(`a[href*="/kirim?kategori=video"]`) != 1 {
			t.Errorf("the entry page does not offer both categories")
		}
		p = ayu.get(c.Path() + "/kirim?kategori=video")
		p.expect(t, http.StatusOK, "main", "Kategori Video", "TikTok, YouTube atau Instagram")
		if p.count("form[enctype] input[type=file]") != 0 || p.count("input#link[type=url]") != 1 {
			t.Error("the video form asks for a file")
		}
		p = ayu.post(c.Path()+"/kirim?kategori=video", url.Values{"title": {"Jangan Golput"}, "link": {"https://youtu.be/dQw4w9WgXcQ?si=pelacak"}})
		p.expect(t, http.StatusOK, ".sukses", "Karya Anda terkirim")
		p.expect(t, http.StatusOK, "main", "Jangan Golput", "Menunggu moderasi", "Kategori Video")
		if p.count(`a[href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"]`) != 1 {
			t.Error("my page does not link to the cleaned-up video link")
		}

		// A file entry: the photo's EXIF does not survive.
		photo := jpegWithEXIF("GPS-7.2575S-112.7521E")
		p = ayu.upload(c.Path()+"/kirim?kategori=poster", map[string]string{"title": "Suaramu Menentukan", "description": "Ajakan memilih."},
			"poster.jpg", photo)
		p.expect(t, http.StatusOK, ".sukses", "Karya Anda terkirim")
		mine, err := s.svc.MyEntries(s.ctx, mustSession(t, s, ayu), c.ID)
		must(t, "my entries", err)
		var poster *contest.Entry
		for i := range mine {
			if mine[i].Kind == contest.KindFile {
				poster = &mine[i]
			}
		}
		if poster == nil {
			t.Fatalf("no file entry among %+v", mine)
		}
		fileURL := c.Path() + "/karya/" + poster.ID + "/berkas"
		if p.count(`a[href="`+fileURL+`"]`) != 1 {
			t.Errorf("my page does not link to the file %s", fileURL)
		}
		f := ayu.get(fileURL)
		if f.status != http.StatusOK || f.header.Get("Content-Type") != "image/jpeg" || len(f.body) == 0 {
			t.Fatalf("own file: %d %s", f.status, f.header.Get("Content-Type"))
		}
		if bytes.Contains(f.body, []byte("GPS-7.2575S")) || bytes.Contains(f.body, []byte("Exif")) {
			t.Error("the downloaded photo still carries its EXIF block")
		}
		if cc := f.header.Get("Cache-Control"); cc != "no-store, private" {
			t.Errorf("own file Cache-Control %q", cc)
		}
		if got := s.visitor().get(fileURL); got.status != http.StatusNotFound {
			t.Errorf("a stranger fetched a pending entry's file: %d", got.status)
		}

		// Edit: the form starts from the entry; the change goes back to
		// moderation.
		edit := c.Path() + "/karya/" + poster.ID + "/ubah"
		p = ayu.get(edit)
		if p.value("#title") != "Suaramu Menentukan" || p.text("#description") != "Ajakan memilih." {
			t.Errorf("edit form starts with %q / %q", p.value("#title"), p.text("#description"))
		}
		_, err = s.svc.RejectEntry(s.ctx, s.editor, poster.ID, "Poster memuat logo partai politik.")
		must(t, "reject", err)
		p = ayu.get("/lomba/saya")
		p.expect(t, http.StatusOK, "#karya-"+poster.ID, "Ditolak", "Alasan penolakan: Poster memuat logo partai politik.")
		p = ayu.upload(edit, map[string]string{"title": "Suaramu Menentukan (revisi)", "description": "Tanpa logo."}, "revisi.png", pngFile())
		p.expect(t, http.StatusOK, ".sukses", "Perubahan karya tersimpan")
		p.expect(t, http.StatusOK, "#karya-"+poster.ID, "Suaramu Menentukan (revisi)", "Menunggu moderasi")

		// Withdraw the video.
		var video *contest.Entry
		for i := range mine {
			if mine[i].Kind == contest.KindLink {
				video = &mine[i]
			}
		}
		p = ayu.post(c.Path()+"/karya/"+video.ID+"/tarik", nil)
		p.expect(t, http.StatusOK, ".sukses", "Karya sudah ditarik")
		p.expect(t, http.StatusOK, "#karya-"+video.ID, "Ditarik")
		if p.count(`a[href="`+c.Path()+"/karya/"+video.ID+`/ubah"]`) != 0 {
			t.Error("a withdrawn entry still offers to be edited")
		}

		// After the deadline, by the clock, nothing changes.
		s.clock.set(deadline.Add(time.Second))
		late := "Batas pengiriman karya sudah lewat (1 Agustus 2024 pukul 00.00 WIB)"
		p = ayu.post(c.Path()+"/kirim?kategori=video", url.Values{"title": {"Terlambat"}, "link": {"https://www.tiktok.com/@ayu/video/7300000000000000001"}})
		p.expect(t, http.StatusConflict, ".error-summary", late)
		ayu.get(c.Path()+"/kirim").expect(t, http.StatusOK, ".peringatan", late)
		p = ayu.get(edit)
		p.expect(t, http.StatusOK, ".peringatan", late)
		if p.count("form[action$=\"/ubah\"]") != 0 || p.count("form[action$=\"/tarik\"]") != 0 {
			t.Error("after the deadline the edit page still offers to edit or withdraw")
		}
		p = ayu.upload(edit, map[string]string{"title": "Terlambat"}, "x.png", pngFile())
		p.expect(t, http.StatusConflict, ".error-summary", late)
		ayu.post(c.Path()+"/karya/"+poster.ID+"/tarik", nil).expect(t, http.StatusConflict, ".error-summary", late)

		// Someone else's entry is nobody's business.
		bima := s.register("Bima Sakti", "2003-05-05", "kabupaten-sidoarjo")
		if got := bima.get(edit); got.status != http.StatusNotFound {
			t.Errorf("another participant opened the edit page: %d", got.status)
		}
		if got := bima.post(c.Path()+"/karya/"+poster.ID+"/tarik", nil); got.status != http.StatusNotFound {
			t.Errorf("another participant withdrew the entry: %d", got.status)
		}
	})
}

// TestRefusals shows each refusal's message beside its field, with what
// was typed kept: ineligible by age and by domicile, a PHP script named
// .jpg, a file over the limit, the same post twice.
func TestRefusals(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		c := s.newContest()

		young := s.register("Citra Muda", "2010-01-01", "kota-surabaya")
		young.get(c.Path()+"/ikut").expect(t, http.StatusOK, ".peringatan", "Usia minimal 17 tahun pada tanggal pendaftaran.")
		young.post(c.Path()+"/ikut", nil).expect(t, http.StatusForbidden, ".error-summary", "Usia minimal 17 tahun")
		far := s.register("Dewi Malang", "2000-01-01", "kota-malang")
		far.get(c.Path()+"/kirim?kategori=video").expect(t, http.StatusOK, ".peringatan", "Lomba ini hanya untuk warga Kota Surabaya dan Kabupaten Sidoarjo.")
		p := far.post(c.Path()+"/kirim?kategori=video", url.Values{"title": {"Dari Malang"}, "link": {"https://www.tiktok.com/@dewi/video/1"}})
		p.expect(t, http.StatusForbidden, ".error-summary", "Lomba ini hanya untuk warga Kota Surabaya dan Kabupaten Sidoarjo.")

		eko := s.register("Eko Prasetyo", "2001-02-03", "kota-surabaya")
		fields := map[string]string{"title": "Poster Pemilu", "description": "Deskripsi tetap ada."}
		php := []byte("<?php system($_GET['c']); ?>\n")
		p = eko.upload(c.Path()+"/kirim?kategori=poster", fields, "poster.jpg", php)
		p.expect(t, http.StatusBadRequest, "#file-err", "Jenis berkas ini tidak diterima di kategori Poster.")
		if p.value("#title") != "Poster Pemilu" || p.text("#description") != "Deskripsi tetap ada." {
			t.Error("the refused entry form lost the title or description")
		}
		if p.text("#file-err") == "" || !strings.Contains(p.text("main"), "Kirim berkas JPEG, PNG dan PDF") {
			t.Errorf("wrong type message: %q", p.text("#file-err"))
		}
		big := append(jpegWithEXIF("x"), bytes.Repeat([]byte{0}, 2<<20)...)
		eko.upload(c.Path()+"/kirim?kategori=poster", fields, "besar.jpg", big).
			expect(t, http.StatusBadRequest, "#file-err", "Ukuran berkas melebihi batas 2 MB untuk kategori Poster.")
		huge := bytes.Repeat([]byte{0}, 4<<20) // beyond what the form may carry at all
		eko.upload(c.Path()+"/kirim?kategori=poster", fields, "besar.jpg", huge).
			expect(t, http.StatusBadRequest, "#file-err", "Ukuran berkas melebihi batas 2 MB untuk kategori Poster.")

		link := "https://www.instagram.com/reel/C9xyz/"
		eko.post(c.Path()+"/kirim?kategori=video", url.Values{"title": {"Reel Eko"}, "link": {link}}).expect(t, http.StatusOK, ".sukses", "terkirim")
		fajar := s.register("Fajar Nugroho", "2002-02-02", "kota-surabaya")
		p = fajar.post(c.Path()+"/kirim?kategori=video", url.Values{"title": {"Reel Fajar"}, "link": {"instagram.com/reel/C9xyz/?igsh=abc"}})
		p.expect(t, http.StatusConflict, "#link-err", "Kiriman pada tautan ini sudah diikutkan dalam lomba ini.")
		if p.value("#link") != "instagram.com/reel/C9xyz/?igsh=abc" || p.value("#title") != "Reel Fajar" {
			t.Error("the duplicate refusal lost what was typed")
		}
		p = fajar.post(c.Path()+"/kirim?kategori=video", url.Values{"title": {"Reel Fajar"}, "link": {"https://www.facebook.com/fajar/videos/1"}})
		p.expect(t, http.StatusBadRequest, "#link-err", "hanya menerima tautan kiriman dari TikTok, YouTube dan Instagram")
		fajar.post(c.Path()+"/kirim?kategori=video", url.Values{"link": {"https://www.tiktok.com/@fajar/video/2"}}).
			expect(t, http.StatusBadRequest, "#title-err", "Judul karya wajib diisi.")

		// Too early and closed registration, by the clock.
		s.clock.set(regOpen.Add(-time.Minute))
		gita := s.register("Gita Ayu", "2000-01-01", "kota-surabaya")
		gita.get(c.Path()+"/ikut").expect(t, http.StatusOK, ".peringatan", "Pendaftaran lomba ini baru dibuka pada 1 Juli 2024 pukul 08.00 WIB.")
		s.clock.set(deadline)
		hadi := s.register("Hadi Santoso", "2000-01-01", "kota-surabaya")
		hadi.get(c.Path()+"/ikut").expect(t, http.StatusOK, ".peringatan", "Pendaftaran lomba ini sudah ditutup pada 1 Agustus 2024 pukul 00.00 WIB.")
	})
}

func mustSession(t *testing.T, s *site, v *visitor) *contest.Participant {
	t.Helper()
	u, _ := url.Parse(s.url + "/lomba/")
	for _, ck := range v.client.Jar.Cookies(u) {
		if ck.Name == "warta_peserta" {
			p, err := s.svc.Session(s.ctx, ck.Value)
			must(t, "session", err)
			return p
		}
	}
	t.Fatal("no participant cookie")
	return nil
}
