package studio_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

func TestContestAccess(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newLombaEnv(t, db)
		editor := e.user("rina@kominfo.example", warta.RoleEditor, nil)
		e.user("andi@kpu.example", warta.RoleContributor, &e.kpu)
		e.user("juri@kampus.example", warta.RoleJudge, nil)
		c := e.newContest(editor, nil)
		en := e.entry(c, "Ayu Lestari", "Suaramu menentukan", "https://www.tiktok.com/@ayu/video/7391234567890123456")

		for _, who := range []string{"andi@kpu.example", "juri@kampus.example"} {
			b := e.login(who)
			for _, path := range []string{"/studio/lomba", "/studio/lomba/baru", "/studio/lomba/" + c.ID, "/studio/lomba/" + c.ID + "/karya",
				"/studio/lomba/" + c.ID + "/karya/" + en.ID, "/studio/lomba/" + c.ID + "/karya/" + en.ID + "/berkas",
				"/studio/lomba/" + c.ID + "/hasil", "/studio/lomba/" + c.ID + "/progres", "/studio/lomba/" + c.ID + "/suara"} {
				if p := b.get(path); p.status != http.StatusForbidden {
					t.Errorf("%s GET %s: %d", who, path, p.status)
				}
			}
			for _, path := range []string{"/studio/lomba", "/studio/lomba/" + c.ID, "/studio/lomba/" + c.ID + "/rubrik",
				"/studio/lomba/" + c.ID + "/panel", "/studio/lomba/" + c.ID + "/karya/" + en.ID + "/terima",
				"/studio/lomba/" + c.ID + "/pengumuman"} {
				if p := b.post(path, url.Values{"title": {"X"}}); p.status != http.StatusForbidden {
					t.Errorf("%s POST %s: %d", who, path, p.status)
				}
			}
			if containsHref(t, b.get("/studio/"), "/studio/lomba") {
				t.Errorf("%s is offered the Lomba link", who)
			}
		}
		if got, _ := e.cs.Entry(e.ctx, editor, en.ID); got.Status != contest.EntryPending {
			t.Errorf("entry moderated through a refused request: %s", got.Status)
		}
		// Judging pages are for judges only.
		for _, who := range []string{"andi@kpu.example", "rina@kominfo.example"} {
			if p := e.login(who).get("/studio/penjurian"); p.status != http.StatusForbidden {
				t.Errorf("%s GET /studio/penjurian: %d", who, p.status)
			}
		}
		if p := e.login("juri@kampus.example").get("/studio/"); !containsHref(t, p, "/studio/penjurian") {
			t.Error("no Penjurian link in a judge's navigation")
		}
		if p := e.client().get("/studio/lomba"); p.status != http.StatusSeeOther || !strings.HasPrefix(p.location(), "/studio/login") {
			t.Errorf("signed out: %d %q", p.status, p.location())
		}
	})
}

// TestContestJudging follows a blind contest from moderation through
// judging to the results preview and the winners' draft.
func TestContestJudging(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newLombaEnv(t, db)
		editor := e.user("rina@kominfo.example", warta.RoleEditor, nil)
		j1 := e.user("juri.satu@kampus.example", warta.RoleJudge, nil)
		j2 := e.user("juri.dua@kampus.example", warta.RoleJudge, nil)
		e.user("juri.tiga@kampus.example", warta.RoleJudge, nil)
		c := e.newContest(editor, func(c *contest.Contest) { c.Blind = true })
		ayu := e.entry(c, "Ayu Lestari", "Suaramu menentukan", "https://www.tiktok.com/@ayu/video/7391234567890123456")
		budi := e.entry(c, "Budi Santoso", "Cek dulu sebelum memilih", "https://www.instagram.com/reel/Budi1/")
		cici := e.entry(c, "Cici Rahma", "Tolak politik uang", "https://www.instagram.com/reel/Cici1/")
		e.clock.set(lombaDeadline.Add(time.Hour))
		ed := e.login("rina@kominfo.example")
		base := "/studio/lomba/" + c.ID

		// Moderation: the queue lists the waiting entries with names; a
		// rejection needs a reason, which then shows.
		p := ed.get(base + "/karya")
		if p.count("table.entries tbody tr") != 3 || !strings.Contains(p.text("table.entries"), "Budi Santoso") {
			t.Fatalf("queue: %q", p.text("table.entries"))
		}
		p = ed.post(base+"/karya/"+cici.ID+"/tolak", url.Values{"reason": {"  "}})
		if p.status != http.StatusBadRequest || !strings.Contains(p.text("#tolak-reason-err"), "Alasan penolakan wajib") {
			t.Fatalf("reject without reason: %d %q", p.status, p.text(".error-summary"))
		}
		p = ed.post(base+"/karya/"+cici.ID+"/tolak", url.Values{"reason": {"Video bukan karya sendiri."}})
		if p.status != http.StatusSeeOther || !strings.Contains(ed.follow(p).text(".notice"), "ditolak") {
			t.Fatalf("reject: %d %q", p.status, p.text("main"))
		}
		if p := ed.get(base + "/karya?status=rejected"); !strings.Contains(p.text("table.entries"), "Alasan: Video bukan karya sendiri.") {
			t.Errorf("rejected queue: %q", p.text("table.entries"))
		}
		if p := ed.get(base + "/karya/" + cici.ID); !strings.Contains(p.text(".facts"), "Video bukan karya sendiri.") {
			t.Errorf("rejected entry: %q", p.text(".facts"))
		}
		for _, en := range []*contest.Entry{ayu, budi} {
			if p := ed.post(base+"/karya/"+en.ID+"/terima", nil); p.status != http.StatusSeeOther {
				t.Fatalf("accept: %d %q", p.status, p.text("main"))
			}
		}

		// The panel: two of the three judges.
		p = ed.post(base+"/panel", url.Values{"name": {"Panel utama"}, "judges": {j1.ID, j2.ID}})
		if p.status != http.StatusSeeOther {
			t.Fatalf("panel: %d %q", p.status, p.text(".error-summary"))
		}
		if p := ed.post(base+"/panel", url.Values{"name": {""}, "judges": {j1.ID}}); p.status != http.StatusBadRequest ||
			!strings.Contains(p.text("#panel-baru-name-err"), "wajib") {
			t.Errorf("panel without a name: %d %q", p.status, p.text(".error-summary"))
		}

		// Before judging opens, the judge sees the contest but no entries.
		judge1 := e.login("juri.satu@kampus.example")
		if p := judge1.get("/studio/penjurian/" + c.ID); p.status != http.StatusOK || !strings.Contains(p.text("main"), "Penjurian baru dimulai") {
			t.Errorf("before judging: %d %q", p.status, p.text("main"))
		}
		e.clock.set(lombaJudging.Add(time.Hour))
		p = judge1.get("/studio/penjurian")
		if !strings.Contains(p.text(".items"), c.Title) || !strings.Contains(p.text(".items"), "0 dari 2") {
			t.Errorf("judge's contests: %q", p.text(".items"))
		}

		// Blind: codes and titles, never names.
		p = judge1.get("/studio/penjurian/" + c.ID)
		if p.count("table.judge-entries tbody tr") != 2 || !strings.Contains(p.text("table.judge-entries"), ayu.Code()) {
			t.Fatalf("judge's entries: %q", p.text("main"))
		}
		for _, name := range []string{"Ayu Lestari", "Budi Santoso", "Cici Rahma", "peserta.example"} {
			if strings.Contains(p.body, name) {
				t.Errorf("blind judging shows %q", name)
			}
		}
		if p := judge1.get("/studio/penjurian/" + c.ID + "/karya/" + budi.ID); p.status != http.StatusOK || strings.Contains(p.body, "Budi Santoso") ||
			!strings.Contains(p.text("main"), budi.Code()) {
			t.Errorf("blind entry page: %d", p.status)
		}

		// A conflict declared: the entry is gone from every door.
		p = judge1.post("/studio/penjurian/"+c.ID+"/konflik", url.Values{"entry": {budi.ID}, "reason": {"Mahasiswa bimbingan saya."}})
		if p.status != http.StatusSeeOther {
			t.Fatalf("conflict: %d %q", p.status, p.text(".error-summary"))
		}
		p = judge1.follow(p)
		if p.count("table.judge-entries tbody tr") != 1 || strings.Contains(p.text("table.judge-entries"), budi.Code()) ||
			!strings.Contains(p.text(".panel"), "Karya "+budi.Code()) {
			t.Errorf("after the conflict: %q", p.text("main"))
		}
		if p := judge1.get("/studio/penjurian/" + c.ID + "/karya/" + budi.ID); p.status != http.StatusNotFound {
			t.Errorf("conflicted entry: %d", p.status)
		}
		if p := judge1.post("/studio/penjurian/"+c.ID+"/karya/"+budi.ID, url.Values{}); p.status != http.StatusNotFound {
			t.Errorf("score a conflicted entry: %d", p.status)
		}
		// A judge on no panel of the contest.
		judge3 := e.login("juri.tiga@kampus.example")
		for _, path := range []string{"/studio/penjurian/" + c.ID, "/studio/penjurian/" + c.ID + "/karya/" + ayu.ID} {
			if p := judge3.get(path); p.status != http.StatusForbidden && p.status != http.StatusNotFound {
				t.Errorf("judge off the panel GET %s: %d", path, p.status)
			}
		}

		// Scoring: each criterion 1–100; mistakes come back beside the field.
		criteria, _ := e.cs.Rubric(e.ctx, c.ID, "")
		scores := url.Values{}
		for i, cr := range criteria {
			scores.Set("score_"+cr.ID, []string{"80", "70", "90"}[i])
		}
		bad := url.Values{"score_" + criteria[0].ID: {"150"}, "score_" + criteria[1].ID: {"tujuh"}, "score_" + criteria[2].ID: {"90"}}
		entryPath := "/studio/penjurian/" + c.ID + "/karya/" + ayu.ID
		p = judge1.post(entryPath, bad)
		if p.status != http.StatusBadRequest || !strings.Contains(p.text("#score_"+criteria[1].ID+"-err"), "bilangan bulat") ||
			p.value("score_"+criteria[0].ID) != "150" {
			t.Fatalf("bad scores: %d %q", p.status, p.text(".error-summary"))
		}
		bad.Set("score_"+criteria[1].ID, "70")
		if p := judge1.post(entryPath, bad); p.status != http.StatusBadRequest || !strings.Contains(p.text("#score_"+criteria[0].ID+"-err"), "1–100") {
			t.Fatalf("score of 150: %d %q", p.status, p.text(".error-summary"))
		}
		if p := judge1.post(entryPath, scores); p.status != http.StatusSeeOther {
			t.Fatalf("score: %d %q", p.status, p.text(".error-summary"))
		}
		if p := judge1.get(entryPath); p.value("score_"+criteria[2].ID) != "90" {
			t.Errorf("stored score not shown: %q", p.value("score_"+criteria[2].ID))
		}
		judge2 := e.login("juri.dua@kampus.example")
		for _, en := range []*contest.Entry{ayu, budi} {
			v := url.Values{}
			for i, cr := range criteria {
				v.Set("score_"+cr.ID, []string{"60", "65", "70"}[i])
				if en == budi {
					v.Set("score_"+cr.ID, "95")
				}
			}
			if p := judge2.post("/studio/penjurian/"+c.ID+"/karya/"+en.ID, v); p.status != http.StatusSeeOther {
				t.Fatalf("judge 2 scores: %d %q", p.status, p.text(".error-summary"))
			}
		}

		// Progress per judge, and the conflict, for the editor.
		p = ed.get(base + "/progres")
		if !strings.Contains(p.text("table.progress"), "1 dari 1") || !strings.Contains(p.text("table.progress"), "2 dari 2") ||
			!strings.Contains(p.text("table.conflicts"), "Mahasiswa bimbingan saya.") {
			t.Errorf("progress: %q %q", p.text("table.progress"), p.text("table.conflicts"))
		}

		// The announcement waits for the end of judging.
		p = ed.post(base+"/pengumuman", nil)
		if p.status != http.StatusConflict || !strings.Contains(p.text(".error-summary"), "setelah penjurian") {
			t.Errorf("early announcement: %d %q", p.status, p.text(".error-summary"))
		}

		// After judging closes, scores are locked and read-only.
		e.clock.set(lombaJudged.Add(time.Minute))
		p = judge1.get(entryPath)
		if p.status != http.StatusOK || !strings.Contains(p.text("#terkunci"), "nilai sudah dikunci") || p.count("input[type=number]") != 0 ||
			!strings.Contains(p.text(".facts"), "80") {
			t.Errorf("locked entry: %d %q", p.status, p.text("main"))
		}
		late := url.Values{}
		for _, cr := range criteria {
			late.Set("score_"+cr.ID, "1")
		}
		if p := judge1.post(entryPath, late); p.status != http.StatusConflict || !strings.Contains(p.text(".error-summary"), "dikunci") {
			t.Errorf("late score: %d %q", p.status, p.text(".error-summary"))
		}
		if je, _ := e.cs.JudgeEntries(e.ctx, j1, c.ID); len(je) != 1 || je[0].Scores[criteria[0].ID] != 80 {
			t.Errorf("scores after the late attempt: %+v", je)
		}

		// The results preview is the service's leaderboard.
		res, err := e.cs.Results(e.ctx, editor, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		p = ed.get(base + "/hasil")
		if !strings.Contains(p.text("#aturan-seri"), "kriteria berbobot terbesar") || !strings.Contains(p.text("main"), "Pratinjau") {
			t.Errorf("results page: %q", p.text("main"))
		}
		tables := queryAll(t, p.doc, "table.leaderboard")
		if len(tables) != len(res.Categories) {
			t.Fatalf("%d leaderboards, want %d", len(tables), len(res.Categories))
		}
		for i, cr := range res.Categories {
			rows := queryAll(t, tables[i], "tbody tr")
			if len(cr.Standings) == 0 {
				continue
			}
			if len(rows) != len(cr.Standings) {
				t.Fatalf("category %s: %d rows, want %d", cr.Category.Name, len(rows), len(cr.Standings))
			}
			for j, st := range cr.Standings {
				cells := queryAll(t, rows[j], "td")
				final := strings.Replace(strconv.FormatFloat(st.Final, 'f', 2, 64), ".", ",", 1)
				if text(cells[0]) != strconv.Itoa(st.Rank) || !strings.Contains(text(cells[1]), st.Entry.Title) || text(cells[5]) != final {
					t.Errorf("row %d of %s: %q %q %q, want rank %d %q final %s", j, cr.Category.Name, text(cells[0]), text(cells[1]),
						text(cells[5]), st.Rank, st.Entry.Title, final)
				}
			}
		}
		// Budi (95 from judge 2 only) ranks above Ayu (80 and 64,5).
		video := res.Categories[1].Standings
		if len(video) != 2 || video[0].Entry.ID != budi.ID || video[0].Final != 95 || video[1].Final != 72.25 {
			t.Errorf("video standings %+v", video)
		}

		// The winners' announcement is drafted once and opened in the editor.
		p = ed.post(base+"/pengumuman", nil)
		if p.status != http.StatusSeeOther || !strings.HasPrefix(p.location(), "/studio/artikel/") {
			t.Fatalf("announcement: %d %q", p.status, p.text("main"))
		}
		artID := articleID(t, p)
		p = ed.follow(p)
		if !strings.Contains(p.text(".notice"), "Draf pengumuman") || !strings.HasPrefix(p.value("title"), "Pemenang Lomba") ||
			!strings.Contains(p.value("body"), "Budi Santoso") {
			t.Errorf("draft: %q %q", p.text(".notice"), p.value("title"))
		}
		if sa, err := e.nr.Get(e.ctx, editor, artID); err != nil || sa.Status != warta.StatusDraft || sa.AgencyID != e.kpu.ID {
			t.Errorf("draft article: %+v %v", sa, err)
		}
		if p := ed.get(base + "/hasil"); !containsHref(t, p, "/studio/artikel/"+artID) || p.count("form[action*=pengumuman]") != 0 {
			t.Errorf("results page after the draft: %q", p.text("#pengumuman-judul"))
		}
	})
}
