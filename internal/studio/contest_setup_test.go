package studio_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// contestForm is the contest form as an editor fills it in: a poster
// category for images up to 2,5 MB and a video category for TikTok and
// YouTube links, for residents of Surabaya aged 17 or more, with blind
// judging, the public vote at 20 % and three prizes.
func contestForm(agency string) url.Values {
	return url.Values{
		"title": {"Lomba Poster Pemilu Damai"}, "theme": {"Pemilih cerdas"}, "agency": {agency},
		"rules": {"Karya **orisinal** dan belum pernah dilombakan."}, "min_age": {"17"}, "regions": {"kota-surabaya"},
		"registration_open": {"2024-07-01T08:00"}, "submission_deadline": {"2024-08-01T00:00"},
		"judging_start": {"2024-08-02T08:00"}, "judging_end": {"2024-08-15T17:00"},
		"vote_start": {"2024-08-05T00:00"}, "vote_end": {"2024-08-12T00:00"}, "announcement_at": {"2024-08-17T10:00"},
		"public_vote": {"1"}, "vote_weight": {"20"}, "blind": {"1"}, "tie_break": {"earlier_submission"}, "published": {"1"},
		"cat_rows":  {"3"},
		"cat0_name": {"Poster"}, "cat0_kind": {"file"}, "cat0_accept": {"image/jpeg", "image/png"}, "cat0_max_mb": {"2,5"}, "cat0_max_entries": {"1"},
		"cat1_name": {"Video Pendek"}, "cat1_kind": {"link"}, "cat1_platforms": {"tiktok", "youtube"}, "cat1_max_entries": {"2"},
		"cat2_name": {""}, "cat2_kind": {"file"}, "cat2_accept": {"image/jpeg"}, "cat2_max_mb": {"5"},
		"prize_rows":   {"3"},
		"prize0_place": {"1"}, "prize0_title": {"Juara 1"}, "prize0_reward": {"Rp5.000.000"},
		"prize1_place": {"2"}, "prize1_reward": {"Rp3.000.000"},
		"prize2_place": {"3"},
	}
}

func TestContestSetup(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newLombaEnv(t, db)
		e.user("rina@kominfo.example", warta.RoleEditor, nil)
		ed := e.login("rina@kominfo.example")

		if p := ed.get("/studio/"); !containsHref(t, p, "/studio/lomba") {
			t.Error("no Lomba link in an editor's navigation")
		}
		if p := ed.get("/studio/lomba/baru"); p.status != http.StatusOK || p.count("#cat0_name") != 1 || p.value("registration_open") != "" {
			t.Fatalf("new contest form: %d", p.status)
		}

		// The rules preview renders the Markdown and keeps everything typed.
		v := contestForm(e.kpu.ID)
		v.Set("preview", "1")
		p := ed.post("/studio/lomba", v)
		if p.status != http.StatusOK || !strings.Contains(p.text("#pratinjau strong"), "orisinal") || p.value("cat1_name") != "Video Pendek" {
			t.Fatalf("rules preview: %d %q", p.status, p.text("#pratinjau"))
		}

		// A timeline out of order is refused beside its field, input kept.
		v = contestForm(e.kpu.ID)
		v.Set("judging_start", "2024-07-20T08:00")
		p = ed.post("/studio/lomba", v)
		if p.status != http.StatusBadRequest || !strings.Contains(p.text("#judging_start-err"), "batas pengiriman") ||
			p.value("judging_start") != "2024-07-20T08:00" || p.value("cat0_max_mb") != "2,5" || p.value("title") != "Lomba Poster Pemilu Damai" {
			t.Fatalf("bad timeline: %d %q", p.status, p.text(".error-summary"))
		}

		p = ed.post("/studio/lomba", contestForm(e.kpu.ID))
		if p.status != http.StatusSeeOther || !strings.HasPrefix(p.location(), "/studio/lomba/") {
			t.Fatalf("create contest: %d %q", p.status, p.text(".error-summary"))
		}
		id := strings.TrimPrefix(strings.Split(p.location(), "?")[0], "/studio/lomba/")
		editor, _ := db.UserByEmail(e.ctx, "rina@kominfo.example")
		c, err := e.cs.Contest(e.ctx, editor, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Categories) != 2 || c.Categories[0].MaxBytes != 5<<19 || c.Categories[0].Kind != contest.KindFile ||
			c.Categories[1].Kind != contest.KindLink || c.Categories[1].MaxEntries != 2 || len(c.Categories[1].Platforms) != 2 {
			t.Errorf("categories %+v", c.Categories)
		}
		if !c.Timeline.RegistrationOpen.Equal(lombaOpen) || !c.Timeline.AnnouncementAt.Equal(lombaAnnounce) || c.MinAge != 17 ||
			len(c.Regions) != 1 || !c.Blind || !c.PublicVote || c.VoteWeight != 20 || c.TieBreak != contest.TieBreakEarlierSubmission ||
			len(c.Prizes) != 2 || c.Prizes[1].Title != "Juara 2" {
			t.Errorf("contest %+v", c)
		}

		// The edit form shows what is stored, times in WIB; a change saves.
		p = ed.follow(p)
		if !strings.Contains(p.text(".notice"), "Lomba dibuat") || p.value("registration_open") != "2024-07-01T08:00" ||
			p.value("cat0_max_mb") != "2,5" || p.value("cat0_id") != c.Categories[0].ID {
			t.Errorf("edit form: %q %q %q", p.text(".notice"), p.value("registration_open"), p.value("cat0_max_mb"))
		}
		v = contestForm(e.kpu.ID)
		v.Set("title", "Lomba Poster Pemilu Damai 2024")
		v.Set("cat0_id", c.Categories[0].ID)
		v.Set("cat1_id", c.Categories[1].ID)
		if p := ed.post("/studio/lomba/"+id, v); p.status != http.StatusSeeOther {
			t.Fatalf("save contest: %d %q", p.status, p.text(".error-summary"))
		}
		if p := ed.get("/studio/lomba"); !strings.Contains(p.text("table.contests"), "Lomba Poster Pemilu Damai 2024") {
			t.Errorf("list: %q", p.text("table.contests"))
		}

		// A rubric whose weights do not add up to 100 is refused with
		// the sum, and what was typed stays.
		rubric := url.Values{"kategori": {""}, "rows": {"4"},
			"crit0_name": {"Pesan"}, "crit0_weight": {"40"}, "crit1_name": {"Kreativitas"}, "crit1_weight": {"30"},
			"crit2_name": {"Teknis"}, "crit2_weight": {"20"}, "crit2_description": {"Komposisi dan keterbacaan"}}
		p = ed.post("/studio/lomba/"+id+"/rubrik", rubric)
		if p.status != http.StatusBadRequest || !strings.Contains(p.text("#rubrik-lomba-criteria-err"), "harus 100%, sekarang 90%") ||
			p.value("rubrik-lomba-crit2_weight") != "20" || p.value("rubrik-lomba-crit2_description") != "Komposisi dan keterbacaan" {
			t.Fatalf("rubric of 90%%: %d %q", p.status, p.text(".error-summary"))
		}
		rubric.Set("crit2_weight", "30")
		if p := ed.post("/studio/lomba/"+id+"/rubrik", rubric); p.status != http.StatusSeeOther {
			t.Fatalf("rubric: %d %q", p.status, p.text(".error-summary"))
		}
		criteria, err := e.cs.Rubric(e.ctx, id, "")
		if err != nil || len(criteria) != 3 || criteria[2].Weight != 30 || criteria[2].Description != "Komposisi dan keterbacaan" {
			t.Errorf("rubric %+v, %v", criteria, err)
		}
		// A category's own rubric.
		p = ed.post("/studio/lomba/"+id+"/rubrik", url.Values{"kategori": {c.Categories[1].ID}, "rows": {"2"},
			"crit0_name": {"Pesan"}, "crit0_weight": {"50"}, "crit1_name": {"Sinematografi"}, "crit1_weight": {"50"}})
		if p.status != http.StatusSeeOther {
			t.Fatalf("category rubric: %d %q", p.status, p.text(".error-summary"))
		}
		if own, _ := e.cs.Rubric(e.ctx, id, c.Categories[1].ID); len(own) != 2 || own[1].Name != "Sinematografi" {
			t.Errorf("category rubric %+v", own)
		}
		if p := ed.get("/studio/lomba/" + id + "/rubrik"); p.value("rubrik-video-pendek-crit1_name") != "Sinematografi" ||
			p.value("rubrik-lomba-crit0_name") != "Pesan" || p.value("rubrik-poster-crit0_name") != "" {
			t.Errorf("rubric page: %q", p.text("main"))
		}
	})
}

// containsHref reports whether the page links to href.
func containsHref(t *testing.T, p *page, href string) bool {
	t.Helper()
	for _, h := range hrefs(t, p.doc, "a") {
		if h == href {
			return true
		}
	}
	return false
}
