package contest_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// submitAccepted sends an accepted entry: a poster (PNG of the seed) or,
// when link is set, a video link.
func (e *env) submitAccepted(c *contest.Contest, p *contest.Participant, title string, seed int, link string) *contest.Entry {
	e.t.Helper()
	at := e.clock.now()
	defer e.clock.set(at)
	if !c.SubmissionOpen(at) {
		e.clock.set(subOpen.Add(time.Duration(seed) * time.Minute))
	}
	in := contest.EntryInput{Category: "poster", Title: title, File: bytes.NewReader(pngFile(seed))}
	if link != "" {
		in = contest.EntryInput{Category: "video", Title: title, Link: link}
	}
	en, err := e.svc.Submit(e.ctx, p, c.ID, in)
	if err != nil {
		e.t.Fatalf("submit %s: %v", title, err)
	}
	if en, err = e.svc.AcceptEntry(e.ctx, e.editor, en.ID); err != nil {
		e.t.Fatalf("accept %s: %v", title, err)
	}
	return en
}

// panel puts judges on a panel of the contest (category "" for all).
func (e *env) panel(c *contest.Contest, name, category string, judges ...*warta.User) *contest.Panel {
	e.t.Helper()
	p := &contest.Panel{ContestID: c.ID, Name: name}
	if category != "" {
		cat, _ := c.Category(category)
		p.CategoryID = cat.ID
	}
	for _, j := range judges {
		p.JudgeIDs = append(p.JudgeIDs, j.ID)
	}
	if err := e.svc.SavePanel(e.ctx, e.editor, p); err != nil {
		e.t.Fatalf("panel %s: %v", name, err)
	}
	return p
}

// rubric returns the criteria IDs of the test rubric: Pesan, Kreativitas,
// Teknis.
func (e *env) rubric(c *contest.Contest) (pesan, kreativitas, teknis string) {
	e.t.Helper()
	cr, err := e.svc.Rubric(e.ctx, c.ID, c.Categories[0].ID)
	if err != nil || len(cr) != 3 {
		e.t.Fatalf("rubric %+v: %v", cr, err)
	}
	return cr[0].ID, cr[1].ID, cr[2].ID
}

// score has a judge score an entry on Pesan, Kreativitas and Teknis.
func (e *env) score(c *contest.Contest, j *warta.User, en *contest.Entry, p, k, t int) {
	e.t.Helper()
	pesan, kreativitas, teknis := e.rubric(c)
	if err := e.svc.ScoreEntry(e.ctx, j, en.ID, map[string]int{pesan: p, kreativitas: k, teknis: t}); err != nil {
		e.t.Fatalf("%s scores %s: %v", j.Name, en.Title, err)
	}
}

func ids(list []contest.JudgeEntry) []string {
	var out []string
	for _, je := range list {
		out = append(out, je.Title)
	}
	slices.Sort(out)
	return out
}

// TestJudging follows three judges through a blind contest: each receives
// only the entries of their panels, never one they declared a conflict
// with and never an author's name; scores lock when judging closes.
func TestJudging(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.newContest(func(c *contest.Contest) { c.Blind = true })
		ja, jb, jc := e.judges[0], e.judges[1], e.judges[2]
		ayu, bima, citra := e.joined(c, "Ayu"), e.joined(c, "Bima"), e.joined(c, "Citra")
		posterAyu := e.submitAccepted(c, ayu, "Poster Ayu", 1, "")
		e.submitAccepted(c, bima, "Poster Bima", 2, "")
		videoCitra := e.submitAccepted(c, citra, "Video Citra", 3, "https://www.tiktok.com/@citra/video/7300000000000000003")
		e.at(subOpen)
		pending, err := e.svc.Submit(e.ctx, e.joined(c, "Eka"), c.ID, contest.EntryInput{Category: "poster", Title: "Poster Eka (belum dimoderasi)", File: bytes.NewReader(pngFile(5))})
		must(t, "pending entry", err)

		err = e.svc.SavePanel(e.ctx, e.editor, &contest.Panel{ContestID: c.ID, Name: "Salah", JudgeIDs: []string{e.editor.ID}})
		wantErr(t, "an editor on a panel", err, warta.EInvalid, "bukan juri aktif")
		e.panel(c, "Panel Utama", "", ja, jb)
		e.panel(c, "Panel Video", "video", jc)

		// Judge A knows Bima: declared by email, which tells A nothing
		// about whether Bima took part.
		must(t, "A declares Bima", e.svc.DeclareConflict(e.ctx, ja, &contest.Conflict{ContestID: c.ID, ParticipantEmail: "Bima@peserta.example", Reason: "Keponakan"}))
		err = e.svc.DeclareConflict(e.ctx, jc, &contest.Conflict{ContestID: c.ID})
		if code(err) != warta.EInvalid || field(err) != "entry" {
			t.Errorf("empty declaration: %v", err)
		}

		e.at(judgingStart.Add(-time.Second))
		_, err = e.svc.JudgeEntries(e.ctx, ja, c.ID)
		wantErr(t, "a second before judging", err, warta.EConflict, "Penjurian baru dimulai pada 2 Agustus 2024 pukul 08.00 WIB.")
		err = e.svc.ScoreEntry(e.ctx, ja, posterAyu.ID, nil)
		wantErr(t, "score a second before judging", err, warta.EConflict, "Penjurian baru dimulai")

		e.at(judgingStart.Add(time.Second))
		got := map[*warta.User][]contest.JudgeEntry{}
		for _, j := range []*warta.User{ja, jb, jc} {
			got[j], err = e.svc.JudgeEntries(e.ctx, j, c.ID)
			must(t, "judge entries", err)
			for _, je := range got[j] {
				if je.ParticipantName != "" || je.ParticipantID != "" || !strings.HasPrefix(je.Code, "K-") || len(je.Criteria) != 3 {
					t.Errorf("%s receives %+v in a blind contest", j.Name, je)
				}
			}
		}
		if g := ids(got[ja]); !slices.Equal(g, []string{"Poster Ayu", "Video Citra"}) {
			t.Errorf("judge A (conflicted with Bima) receives %v", g)
		}
		if g := ids(got[jb]); !slices.Equal(g, []string{"Poster Ayu", "Poster Bima", "Video Citra"}) {
			t.Errorf("judge B receives %v", g)
		}
		if g := ids(got[jc]); !slices.Equal(g, []string{"Video Citra"}) {
			t.Errorf("judge C (video panel) receives %v", g)
		}
		var bimaID string
		for _, je := range got[jb] {
			if je.Title == "Poster Bima" {
				bimaID = je.ID
			}
		}
		err = e.svc.ScoreEntry(e.ctx, ja, bimaID, map[string]int{})
		wantErr(t, "A scores Bima's entry", err, warta.EForbidden, "konflik kepentingan")
		err = e.svc.ScoreEntry(e.ctx, ja, pending.ID, map[string]int{})
		wantErr(t, "A scores an unmoderated entry", err, warta.EForbidden, "belum diterima")

		pesan, kreativitas, teknis := e.rubric(c)
		err = e.svc.ScoreEntry(e.ctx, ja, posterAyu.ID, map[string]int{pesan: 80, kreativitas: 70})
		wantErr(t, "a criterion left out", err, warta.EInvalid, "belum dinilai: Teknis.")
		err = e.svc.ScoreEntry(e.ctx, ja, posterAyu.ID, map[string]int{pesan: 80, kreativitas: 70, teknis: 101})
		if code(err) != warta.EInvalid || field(err) != "score_"+teknis {
			t.Errorf("score 101: %v", err)
		}
		err = e.svc.ScoreEntry(e.ctx, ja, posterAyu.ID, map[string]int{pesan: 80, kreativitas: 70, teknis: 0})
		wantErr(t, "score 0", err, warta.EInvalid, "Nilai Teknis harus bilangan bulat 1–100.")
		e.score(c, ja, posterAyu, 80, 70, 60)
		err = e.svc.SetRubric(e.ctx, e.editor, c.ID, "", []contest.Criterion{{Name: "Semua", Weight: 100}})
		wantErr(t, "rubric changed after scoring", err, warta.EConflict, "juri sudah mulai menilai")

		// B scores Citra's video, then realises they know her: the
		// declaration takes the entry away, score and all.
		e.score(c, jb, videoCitra, 90, 90, 90)
		e.score(c, jb, posterAyu, 70, 70, 70)
		must(t, "B declares Citra's video", e.svc.DeclareConflict(e.ctx, jb, &contest.Conflict{ContestID: c.ID, EntryID: videoCitra.ID}))
		after, err := e.svc.JudgeEntries(e.ctx, jb, c.ID)
		must(t, "B's entries after declaring", err)
		if g := ids(after); !slices.Equal(g, []string{"Poster Ayu", "Poster Bima"}) {
			t.Errorf("judge B after declaring Citra receives %v", g)
		}
		var n int
		must(t, "count", e.db.SQL().QueryRow(e.db.Rebind("SELECT COUNT(*) FROM contest_scores WHERE judge_id = ? AND entry_id = ?"), jb.ID, videoCitra.ID).Scan(&n))
		if n != 0 {
			t.Errorf("%d scores of B on the conflicted entry remain", n)
		}

		// Progress: every judge's for the editor, one's own for a judge.
		progress, err := e.svc.JudgingProgress(e.ctx, e.editor, c.ID)
		must(t, "progress", err)
		want := map[string][2]int{ja.ID: {1, 2}, jb.ID: {1, 2}, jc.ID: {0, 1}}
		if len(progress) != 3 {
			t.Fatalf("progress %+v", progress)
		}
		for _, p := range progress {
			if w := want[p.Judge.ID]; p.Scored != w[0] || p.Total != w[1] {
				t.Errorf("%s: %d/%d scored, want %d/%d", p.Judge.Name, p.Scored, p.Total, w[0], w[1])
			}
		}
		own, err := e.svc.JudgingProgress(e.ctx, jc, c.ID)
		must(t, "own progress", err)
		if len(own) != 1 || own[0].Judge.ID != jc.ID {
			t.Errorf("judge C's progress %+v", own)
		}
		mine, err := e.svc.Conflicts(e.ctx, ja, c.ID)
		must(t, "A's conflicts", err)
		if len(mine) != 1 || mine[0].ParticipantEmail != "bima@peserta.example" {
			t.Errorf("A's conflicts %+v", mine)
		}

		// A judge of no panel of a contest gets nothing from it.
		other := e.newContest(nil)
		_, err = e.svc.JudgeEntries(e.ctx, ja, other.ID)
		wantErr(t, "judge outside the panel", err, warta.EForbidden, "tidak termasuk panel juri")
		_, err = e.svc.JudgeEntries(e.ctx, e.editor, c.ID)
		wantErr(t, "editor asks for judge entries", err, warta.EForbidden, "Hanya juri")

		// Scores lock when judging closes at 15 August 17:00 WIB.
		e.at(judgingEnd.Add(-time.Second))
		e.score(c, jc, videoCitra, 75, 80, 85)
		e.at(judgingEnd.Add(time.Second))
		err = e.svc.ScoreEntry(e.ctx, jc, videoCitra.ID, map[string]int{pesan: 1, kreativitas: 1, teknis: 1})
		wantErr(t, "score a second after judging closed", err, warta.EConflict, "Penjurian sudah ditutup pada 15 Agustus 2024 pukul 17.00 WIB; nilai sudah dikunci.")
		err = e.svc.DeclareConflict(e.ctx, jc, &contest.Conflict{ContestID: c.ID, EntryID: videoCitra.ID})
		wantErr(t, "declare after judging closed", err, warta.EConflict, "nilai sudah dikunci")
		final, err := e.svc.JudgeEntries(e.ctx, jc, c.ID)
		must(t, "read after closing", err)
		if len(final) != 1 || !final[0].Scored() || final[0].Scores[pesan] != 75 {
			t.Errorf("judge C's locked scores %+v", final)
		}
	})
}
