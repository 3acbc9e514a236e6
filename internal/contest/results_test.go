package contest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// TestResultsAndAnnouncement checks that results stay hidden from the
// public until the announcement time, and that the winners' article is
// drafted in the newsroom once judging is over.
func TestResultsAndAnnouncement(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.newContest(nil)
		hidden := e.newContest(func(c *contest.Contest) { c.Published = false })
		ja := e.judges[0]
		p1 := e.submitAccepted(c, e.joined(c, "Ayu Lestari"), "Suaramu Menentukan", 1, "")
		p2 := e.submitAccepted(c, e.joined(c, "Bima Sakti"), "Pilih Cerdas", 2, "")
		e.submitAccepted(c, e.joined(c, "Citra Dewi"), "Tolak Politik Uang", 3, "https://www.tiktok.com/@citra/video/3")
		e.panel(c, "Panel Utama", "poster", ja)
		e.at(judgingStart)
		e.score(c, ja, p1, 90, 85, 80) // (3600 + 2550 + 2400) / 100 = 85.5
		e.score(c, ja, p2, 70, 70, 70) // 70

		// Lists: the public sees published contests only.
		public, err := e.svc.Contests(e.ctx, nil, contest.ContestFilter{})
		must(t, "public list", err)
		staffList, err := e.svc.Contests(e.ctx, e.editor, contest.ContestFilter{})
		must(t, "staff list", err)
		if len(public) != 1 || public[0].ID != c.ID || len(staffList) != 2 || len(public[0].Categories) != 2 {
			t.Errorf("public list %d, staff list %d", len(public), len(staffList))
		}
		judging, err := e.svc.Contests(e.ctx, nil, contest.ContestFilter{Phase: contest.PhaseJudging})
		must(t, "judging list", err)
		upcoming, err := e.svc.Contests(e.ctx, nil, contest.ContestFilter{Phase: contest.PhaseUpcoming})
		must(t, "upcoming list", err)
		if len(judging) != 1 || len(upcoming) != 0 {
			t.Errorf("%d judging, %d upcoming", len(judging), len(upcoming))
		}
		if _, err := e.svc.Results(e.ctx, nil, hidden.ID); code(err) != warta.ENotFound {
			t.Errorf("results of an unpublished contest: %v", err)
		}

		// The announcement is drafted once judging closes.
		e.at(judgingEnd.Add(-time.Second))
		_, err = e.svc.DraftAnnouncement(e.ctx, e.editor, c.ID)
		wantErr(t, "draft a second before judging closes", err, warta.EConflict, "setelah penjurian dan pemungutan suara selesai pada 15 Agustus 2024 pukul 17.00 WIB")
		e.at(judgingEnd.Add(time.Second))
		_, err = e.svc.DraftAnnouncement(e.ctx, ja, c.ID)
		wantErr(t, "a judge drafts", err, warta.EForbidden, "redaktur")
		art, err := e.svc.DraftAnnouncement(e.ctx, e.editor, c.ID)
		must(t, "draft the announcement", err)
		sa, err := e.nr.Get(e.ctx, e.editor, art.ID)
		must(t, "read the draft", err)
		if sa.Status != warta.StatusDraft || sa.Title != "Pemenang Lomba Konten Pemilih Cerdas A" || sa.AgencyID != e.agency.ID ||
			len(sa.Regions) != 2 {
			t.Errorf("draft %q, status %s, agency %s, regions %v", sa.Title, sa.Status, sa.AgencyID, sa.Regions)
		}
		for _, want := range []string{
			"## Kategori Poster",
			`1. **Juara 1**: "Suaramu Menentukan" karya Ayu Lestari (Rp5.000.000), nilai akhir 85,50.`,
			`2. **Juara 2**: "Pilih Cerdas" karya Bima Sakti (Rp3.000.000), nilai akhir 70,00.`,
			"## Kategori Video\n\nTidak ada pemenang di kategori ini.",
			"kriteria berbobot terbesar",
			"Hasil lengkap: https://warta.example/lomba/lomba-konten-pemilih-cerdas-a\n",
		} {
			if !strings.Contains(sa.Body, want) {
				t.Errorf("the draft lacks %q:\n%s", want, sa.Body)
			}
		}
		_, err = e.svc.DraftAnnouncement(e.ctx, e.editor, c.ID)
		wantErr(t, "draft twice", err, warta.EConflict, "sudah dibuat")
		got, err := e.svc.Contest(e.ctx, nil, c.ID)
		must(t, "contest", err)
		if got.AnnouncementArticleID != art.ID {
			t.Errorf("contest records announcement %q, want %q", got.AnnouncementArticleID, art.ID)
		}

		// Results: hidden from the public (and judges) until 17 August
		// 10:00 WIB; the editor previews them.
		e.at(announceAt.Add(-time.Second))
		for who, u := range map[string]*warta.User{"public": nil, "judge": ja} {
			_, err = e.svc.Results(e.ctx, u, c.ID)
			wantErr(t, who+" a second before the announcement", err, warta.EForbidden, "Hasil lomba diumumkan pada 17 Agustus 2024 pukul 10.00 WIB.")
		}
		preview, err := e.svc.Results(e.ctx, e.editor, c.ID)
		must(t, "preview", err)
		if preview.Published || preview.Categories[0].Standings[0].Entry.ID != p1.ID {
			t.Errorf("preview %+v", preview)
		}
		e.at(announceAt.Add(time.Second))
		res, err := e.svc.Results(e.ctx, nil, c.ID)
		must(t, "public results a second after the announcement", err)
		if !res.Published || len(res.Categories) != 2 {
			t.Fatalf("results %+v", res)
		}
		poster, video := res.Categories[0].Standings, res.Categories[1].Standings
		if poster[0].Entry.ParticipantName != "Ayu Lestari" || poster[0].Prize == nil || poster[1].Rank != 2 ||
			len(video) != 1 || video[0].Judges != 0 || video[0].Final != 0 || video[0].Prize != nil {
			t.Errorf("poster %+v\nvideo %+v", poster, video)
		}
		if contest.PhaseAnnounced != c.Phase(announceAt.Add(time.Second)) {
			t.Error("not announced")
		}
	})
}
