package contest_test

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// TestSubmissions sends files and links the way participants do, with every
// refusal: too early, too late, not registered, wrong type, too large,
// duplicate, one entry too many, a link to the wrong platform.
func TestSubmissions(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.newContest(nil)
		ayu := e.joined(c, "Ayu")
		bima := e.joined(c, "Bima")
		sec := time.Second
		poster := func(b []byte) contest.EntryInput {
			return contest.EntryInput{Category: "poster", Title: "Suaramu Menentukan", File: bytes.NewReader(b)}
		}

		// Submissions open on 8 July 08:00 WIB, after registration.
		e.at(subOpen.Add(-sec))
		_, err := e.svc.Submit(e.ctx, ayu, c.ID, poster(pngFile(1)))
		wantErr(t, "a second before submissions open", err, warta.EConflict, "Pengiriman karya baru dibuka pada 8 Juli 2024 pukul 08.00 WIB.")
		e.at(subOpen.Add(sec))
		stranger := e.participant("Citra", "2000-01-01", "kota-malang")
		_, err = e.svc.Submit(e.ctx, stranger, c.ID, poster(pngFile(1)))
		wantErr(t, "ineligible", err, warta.EForbidden, "Lomba ini hanya untuk warga Kota Surabaya dan Kabupaten Sidoarjo.")
		dewi := e.participant("Dewi", "2000-01-01", "kabupaten-sidoarjo")
		_, err = e.svc.Submit(e.ctx, dewi, c.ID, contest.EntryInput{Category: "video", Title: "Tanpa daftar dulu", Link: "https://www.instagram.com/reel/Dewi1/"})
		must(t, "submit without joining first", err)
		if ok, _ := e.svc.Joined(e.ctx, dewi, c.ID); !ok {
			t.Error("submitting did not register Dewi")
		}

		// Wrong type, by content: a text file named like a PDF, a GIF.
		for name, b := range map[string][]byte{
			"text":     []byte("ini bukan PDF, hanya teks biasa"),
			"GIF":      []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
			"fake PDF": append([]byte("  \n"), pdfFile("x")...),
		} {
			_, err = e.svc.Submit(e.ctx, ayu, c.ID, poster(b))
			wantErr(t, name, err, warta.EInvalid, "Jenis berkas ini tidak diterima di kategori Poster. Kirim berkas JPEG, PNG dan PDF.")
			if field(err) != "file" {
				t.Errorf("%s refused on field %q", name, field(err))
			}
		}
		// Too large: 2 MB is the limit.
		big := append(pdfFile("besar"), bytes.Repeat([]byte{' '}, 2<<20)...)
		_, err = e.svc.Submit(e.ctx, ayu, c.ID, poster(big))
		wantErr(t, "too large", err, warta.EInvalid, "Ukuran berkas melebihi batas 2 MB untuk kategori Poster.")
		_, err = e.svc.Submit(e.ctx, ayu, c.ID, contest.EntryInput{Category: "poster", File: bytes.NewReader(pngFile(1))})
		if code(err) != warta.EInvalid || field(err) != "title" {
			t.Errorf("no title: %v", err)
		}
		_, err = e.svc.Submit(e.ctx, ayu, c.ID, contest.EntryInput{Category: "lukisan", Title: "x"})
		if code(err) != warta.EInvalid || field(err) != "category" {
			t.Errorf("unknown category: %v", err)
		}

		// A phone photo goes in with its metadata stripped.
		photo := jpegWithEXIF("GPS-7.2575S-112.7521E")
		en, err := e.svc.Submit(e.ctx, ayu, c.ID, poster(photo))
		must(t, "submit a JPEG", err)
		if en.Status != contest.EntryPending || en.File == nil || en.File.MIME != contest.TypeJPEG || en.File.Size != int64(len(photo)) {
			t.Fatalf("entry %+v file %+v", en, en.File)
		}
		stored, err := os.ReadFile(e.svc.FilePath(en.File, 0))
		must(t, "read stored file", err)
		if bytes.Contains(stored, []byte("GPS-7.2575S")) || !bytes.Contains(photo, []byte("GPS-7.2575S")) {
			t.Error("the stored image still carries its EXIF block")
		}
		// One poster per participant.
		_, err = e.svc.Submit(e.ctx, ayu, c.ID, poster(pngFile(2)))
		wantErr(t, "second poster", err, warta.EConflict, "Anda sudah mengirim 1 karya di kategori Poster")
		// The same file from someone else is a duplicate.
		_, err = e.svc.Submit(e.ctx, bima, c.ID, poster(photo))
		wantErr(t, "same file twice", err, warta.EConflict, "Berkas yang sama persis sudah dikirim")
		if field(err) != "file" {
			t.Errorf("duplicate refused on field %q", field(err))
		}
		pdf, err := e.svc.Submit(e.ctx, bima, c.ID, poster(pdfFile("poster Bima")))
		must(t, "submit a PDF", err)
		if pdf.File.MIME != contest.TypePDF || !strings.HasPrefix(pdf.File.Key, "pdf/2024/07/") {
			t.Errorf("PDF stored as %+v", pdf.File)
		}

		// Links: the category's platforms only, one post once.
		video := func(link string) contest.EntryInput {
			return contest.EntryInput{Category: "video", Title: "Jangan Golput", Link: link}
		}
		_, err = e.svc.Submit(e.ctx, ayu, c.ID, video("https://www.facebook.com/ayu/videos/123456"))
		wantErr(t, "Facebook link in a TikTok/YouTube/Instagram category", err, warta.EInvalid, "hanya menerima tautan kiriman dari TikTok, YouTube dan Instagram")
		_, err = e.svc.Submit(e.ctx, ayu, c.ID, video("https://www.youtube.com/@ayu"))
		wantErr(t, "link to a channel", err, warta.EInvalid, "bukan tautan ke satu kiriman YouTube")
		vid, err := e.svc.Submit(e.ctx, ayu, c.ID, video("https://youtu.be/dQw4w9WgXcQ?si=pelacak"))
		must(t, "submit a YouTube link", err)
		if vid.Link != "https://www.youtube.com/watch?v=dQw4w9WgXcQ" || vid.Platform != contest.PlatformYouTube || vid.File != nil {
			t.Errorf("link entry %+v", vid)
		}
		_, err = e.svc.Submit(e.ctx, bima, c.ID, video("https://m.youtube.com/watch?v=dQw4w9WgXcQ&t=10"))
		wantErr(t, "same video by another link", err, warta.EConflict, "sudah diikutkan dalam lomba ini")

		// Edit until the deadline: the new version goes back to moderation.
		_, err = e.svc.AcceptEntry(e.ctx, e.editor, en.ID)
		must(t, "accept", err)
		e.at(deadline.Add(-sec))
		edited, err := e.svc.EditEntry(e.ctx, ayu, en.ID, contest.EntryInput{Title: "Suaramu Menentukan (revisi)", File: bytes.NewReader(pngFile(3))})
		must(t, "edit a second before the deadline", err)
		if edited.Status != contest.EntryPending || !edited.SubmittedAt.Equal(deadline.Add(-sec)) || edited.File.Key == en.File.Key {
			t.Errorf("edited entry %+v", edited)
		}
		if _, err := os.Stat(e.svc.FilePath(en.File, 0)); !os.IsNotExist(err) {
			t.Errorf("the replaced file is still on disk: %v", err)
		}
		_, err = e.svc.EditEntry(e.ctx, bima, en.ID, contest.EntryInput{Title: "bukan punyaku"})
		if code(err) != warta.ENotFound {
			t.Errorf("edit someone else's entry: %v", err)
		}
		// Withdrawing frees the work for someone else.
		must(t, "withdraw", e.svc.WithdrawEntry(e.ctx, ayu, vid.ID))
		_, err = e.svc.Submit(e.ctx, bima, c.ID, video("https://www.youtube.com/shorts/dQw4w9WgXcQ"))
		must(t, "submit the withdrawn video", err)

		// After the deadline nothing changes.
		e.at(deadline.Add(sec))
		late := "Batas pengiriman karya sudah lewat (1 Agustus 2024 pukul 00.00 WIB)."
		_, err = e.svc.Submit(e.ctx, ayu, c.ID, video("https://www.tiktok.com/@ayu/video/7300000000000000001"))
		wantErr(t, "submit a second late", err, warta.EConflict, late)
		_, err = e.svc.EditEntry(e.ctx, ayu, en.ID, contest.EntryInput{Title: "terlambat"})
		wantErr(t, "edit a second late", err, warta.EConflict, late)
		err = e.svc.WithdrawEntry(e.ctx, ayu, en.ID)
		wantErr(t, "withdraw a second late", err, warta.EConflict, late)

		// Moderation: a rejection needs a reason, which the participant reads.
		_, err = e.svc.RejectEntry(e.ctx, e.editor, pdf.ID, " ")
		if code(err) != warta.EInvalid || field(err) != "reason" {
			t.Errorf("reject without reason: %v", err)
		}
		_, err = e.svc.RejectEntry(e.ctx, e.judges[0], pdf.ID, "x")
		wantErr(t, "judge moderates", err, warta.EForbidden, "redaktur")
		_, err = e.svc.RejectEntry(e.ctx, e.editor, pdf.ID, "Poster memuat logo partai politik.")
		must(t, "reject", err)
		page, err := e.db.ListAudit(e.ctx, warta.AuditFilter{Action: "contest.entry.rejected", ObjectID: pdf.ID})
		must(t, "audit", err)
		if len(page.Entries) != 1 || page.Entries[0].Actor != e.editor.ID {
			t.Errorf("the rejection is not in the audit log: %+v", page.Entries)
		}
		mine, err := e.svc.MyEntries(e.ctx, bima, c.ID)
		must(t, "my entries", err)
		if len(mine) != 2 {
			t.Fatalf("Bima's entries: %+v", mine)
		}
		for _, m := range mine {
			if m.ID == pdf.ID && (m.Status != contest.EntryRejected || m.Reason != "Poster memuat logo partai politik.") {
				t.Errorf("rejected entry as its author sees it: %+v", m)
			}
		}
		pending, err := e.svc.Entries(e.ctx, e.editor, contest.EntryFilter{ContestID: c.ID, Status: contest.EntryPending})
		must(t, "moderation queue", err)
		if len(pending) != 3 || pending[0].ParticipantName != "Dewi" || pending[1].ID != edited.ID || pending[1].ParticipantName != "Ayu" {
			t.Errorf("moderation queue %+v", pending)
		}
	})
}

// TestParseLink checks which links count as a post on which platform.
func TestParseLink(t *testing.T) {
	all := contest.Platforms
	for _, tc := range []struct {
		in, url, key string
	}{
		{"https://www.instagram.com/p/C8abc_12-X/?igsh=abc", "https://www.instagram.com/p/C8abc_12-X/", "instagram:C8abc_12-X"},
		{"instagram.com/reel/C9xyz/", "https://www.instagram.com/reel/C9xyz/", "instagram:C9xyz"},
		{"https://www.tiktok.com/@pemilih.cerdas/video/7301234567890123456?lang=id", "https://www.tiktok.com/@pemilih.cerdas/video/7301234567890123456", "tiktok:7301234567890123456"},
		{"https://m.tiktok.com/@a_b/video/1", "https://www.tiktok.com/@a_b/video/1", "tiktok:1"},
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=x", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube:dQw4w9WgXcQ"},
		{"https://youtu.be/dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube:dQw4w9WgXcQ"},
		{"https://youtube.com/shorts/dQw4w9WgXcQ", "https://www.youtube.com/shorts/dQw4w9WgXcQ", "youtube:dQw4w9WgXcQ"},
		{"https://x.com/kpujatim/status/1790000000000000000", "https://x.com/kpujatim/status/1790000000000000000", "x:1790000000000000000"},
		{"https://twitter.com/kpujatim/status/1790000000000000000?s=20", "https://x.com/kpujatim/status/1790000000000000000", "x:1790000000000000000"},
		{"https://www.facebook.com/watch/?v=123456&ref=share", "https://www.facebook.com/watch?v=123456", "facebook:/watch?v=123456"},
		{"https://m.facebook.com/story.php?story_fbid=99&id=7&mibextid=x", "https://www.facebook.com/story.php?id=7&story_fbid=99", "facebook:/story.php?id=7&story_fbid=99"},
	} {
		l, err := contest.ParseLink(tc.in, all)
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if l.URL != tc.url || l.Key != tc.key {
			t.Errorf("%s: %s %s, want %s %s", tc.in, l.URL, l.Key, tc.url, tc.key)
		}
	}
	for in, want := range map[string]string{
		"":                                      "wajib diisi",
		"ftp://youtube.com/watch?v=dQw4w9WgXcQ": "tidak valid",
		"https://user@youtube.com/watch?v=dQw4w9WgXcQ":         "tidak valid",
		"https://youtube.com:8080/watch?v=dQw4w9WgXcQ":         "tidak valid",
		"https://www.instagram.com/pemilihcerdas/":             "bukan tautan ke satu kiriman Instagram",
		"https://www.instagram.com/stories/a/1/":               "bukan tautan ke satu kiriman Instagram",
		"https://vt.tiktok.com/ZSabc/":                         "hanya menerima tautan kiriman dari",
		"https://www.tiktok.com/@akun":                         "bukan tautan ke satu kiriman TikTok",
		"https://www.youtube.com/watch?v=pendek":               "bukan tautan ke satu kiriman YouTube",
		"https://x.com/kpujatim":                               "bukan tautan ke satu kiriman X (Twitter)",
		"https://www.facebook.com/":                            "bukan tautan ke satu kiriman Facebook",
		"https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ": "hanya menerima tautan kiriman dari",
		"https://evil.example/?u=https://youtu.be/dQw4w9WgXcQ": "hanya menerima tautan kiriman dari",
	} {
		_, err := contest.ParseLink(in, all)
		if code(err) != warta.EInvalid || field(err) != "link" || !strings.Contains(warta.ErrorMessage(err), want) {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
	_, err := contest.ParseLink("https://x.com/a/status/1", []string{contest.PlatformInstagram})
	wantErr(t, "X link where only Instagram is accepted", err, warta.EInvalid, "hanya menerima tautan kiriman dari Instagram.")
}
