package opendata_test

import (
	"context"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// fixtureEntry is an entry of the contest fixtures with its two judges'
// scores on the single criterion (weight 100).
type fixtureEntry struct {
	category, participant, title, status string
	scores                               [2]int
}

// seedLomba writes, as the contest service would, two announced contests
// (one older, one 10 days ago, both with two prizes) and one announced in
// a week, with participants, judges, a rubric and scores.
func (e *env) seedLomba() {
	t, ctx := e.t, context.Background()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := e.db.SQL().ExecContext(ctx, e.db.Rebind(q), args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	now := time.Now().Unix()
	for _, j := range []string{"J1", "J2"} {
		exec(`INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, 'judge', 'x', ?)`,
			j, j+"@juri.example", "Juri "+j, now)
	}
	for _, p := range []struct{ id, email, name string }{
		{"P1", "ayu@peserta.example", "Ayu Lestari"}, {"P2", "budi@peserta.example", "Budi Santoso"}, {"P3", "citra@peserta.example", "Citra Dewi"},
	} {
		exec(`INSERT INTO contest_participants (id, email, name, birth_date, region_code, password_hash, verified_at, created_at)
			VALUES (?, ?, ?, '2001-02-03', '35.78', 'x', ?, ?)`, p.id, p.email, p.name, now, now)
	}
	contest := func(id, slug, title string, announced time.Time, cats []string, entries []fixtureEntry) {
		at := announced.Unix()
		exec(`INSERT INTO contests (id, slug, title, theme, rules, agency_id, prizes, registration_open, submission_open,
			submission_deadline, judging_start, judging_end, announcement_at, tie_break, published, created_by, created_at, updated_at)
			VALUES (?, ?, ?, 'Pemilu damai', 'Aturan lomba.', ?, ?, ?, ?, ?, ?, ?, ?, 'heaviest_criterion', 1, 'J1', ?, ?)`,
			id, slug, title, e.kpu.ID, `[{"place":1,"title":"Juara 1","reward":"Rp5.000.000"},{"place":2,"title":"Juara 2","reward":""}]`,
			at-40*86400, at-40*86400, at-20*86400, at-19*86400, at-2*86400, at, at-40*86400, at-40*86400)
		for i, c := range cats {
			exec(`INSERT INTO contest_categories (id, contest_id, slug, name, kind, accept, position) VALUES (?, ?, ?, ?, 'link', '', ?)`,
				id+"-"+c, id, c, "Kategori "+c, i+1)
		}
		exec(`INSERT INTO contest_criteria (id, contest_id, name, weight, position) VALUES (?, ?, 'Pesan', 100, 1)`, id+"-K", id)
		exec(`INSERT INTO contest_panels (id, contest_id, name, created_at) VALUES (?, ?, 'Panel', ?)`, id+"-PN", id, now)
		for _, j := range []string{"J1", "J2"} {
			exec(`INSERT INTO contest_panel_judges (panel_id, user_id) VALUES (?, ?)`, id+"-PN", j)
		}
		for i, en := range entries {
			eid := warta.NewID()
			exec(`INSERT INTO contest_entries (id, contest_id, category_id, participant_id, title, kind, link_url, content_key, status,
				created_at, submitted_at) VALUES (?, ?, ?, ?, ?, 'link', ?, ?, ?, ?, ?)`, eid, id, id+"-"+en.category, en.participant,
				en.title, "https://www.youtube.com/watch?v="+eid, "youtube:"+eid, en.status, at-30*86400+int64(i), at-30*86400+int64(i))
			for k, j := range []string{"J1", "J2"} {
				exec(`INSERT INTO contest_scores (entry_id, judge_id, criterion_id, score, updated_at) VALUES (?, ?, ?, ?, ?)`,
					eid, j, id+"-K", en.scores[k], now)
			}
		}
	}
	contest("LOMBA-A", "lomba-poster-pemilu-damai", "Lomba Poster Pemilu Damai", clinicDay(10, 10), []string{"poster", "video"}, []fixtureEntry{
		{"poster", "P1", "Suaramu Menentukan", "accepted", [2]int{90, 80}},
		{"poster", "P2", "Damai Itu Indah", "accepted", [2]int{70, 72}},
		{"poster", "P3", "Pilih Cerdas", "accepted", [2]int{60, 60}},
		{"poster", "P3", "Karya Ditolak", "rejected", [2]int{99, 99}},
		{"video", "P2", "Video Damai", "accepted", [2]int{75, 75}},
	})
	contest("LOMBA-B", "lomba-foto-tps", "Lomba Foto TPS", clinicDay(100, 10), []string{"foto"}, []fixtureEntry{
		{"foto", "P3", "TPS di Tepi Sungai", "accepted", [2]int{88, 86}},
		{"foto", "P1", "Antre Mencoblos", "accepted", [2]int{80, 81}},
		{"foto", "P2", "Kotak Suara", "accepted", [2]int{50, 55}},
	})
	contest("LOMBA-C", "lomba-belum-diumumkan", "Lomba Video Pendek", time.Now().Add(7*24*time.Hour), []string{"poster"}, []fixtureEntry{
		{"poster", "P1", "Karya Belum Diumumkan", "accepted", [2]int{95, 95}},
	})
}
