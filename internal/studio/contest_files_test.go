package studio_test

import (
	"bytes"
	"image"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// TestContestFilesAndVotes checks who may open an entry's file and the
// review of flagged public votes.
func TestContestFilesAndVotes(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newLombaEnv(t, db)
		editor := e.user("rina@kominfo.example", warta.RoleEditor, nil)
		j1 := e.user("juri.satu@kampus.example", warta.RoleJudge, nil)
		j2 := e.user("juri.dua@kampus.example", warta.RoleJudge, nil)
		e.user("juri.tiga@kampus.example", warta.RoleJudge, nil)
		c := e.newContest(editor, func(c *contest.Contest) {
			c.PublicVote, c.VoteWeight, c.Timeline.VoteStart, c.Timeline.VoteEnd = true, 20, lombaVote, lombaVoteEnd
		})
		// A participant sends a video, then a poster.
		video := e.entry(c, "Dewi Anggraini", "Suara tanpa hoaks", "https://www.instagram.com/reel/Dewi1/")
		img := image.NewRGBA(image.Rect(0, 0, 40, 30))
		for i := range img.Pix {
			img.Pix[i] = uint8(i * 13)
		}
		var buf bytes.Buffer
		png.Encode(&buf, img)
		dewi := &contest.Participant{ID: video.ParticipantID}
		e.clock.set(lombaOpen.Add(2 * time.Hour))
		file, err := e.cs.Submit(e.ctx, dewi, c.ID, contest.EntryInput{Category: "poster", Title: "Poster tanpa hoaks", File: &buf})
		if err != nil {
			t.Fatal(err)
		}
		e.clock.set(lombaDeadline.Add(time.Hour))
		if _, err := e.cs.AcceptEntry(e.ctx, editor, file.ID); err != nil {
			t.Fatal(err)
		}
		ed := e.login("rina@kominfo.example")
		base := "/studio/lomba/" + c.ID
		if p := ed.post(base+"/panel", url.Values{"name": {"Panel poster"}, "category": {c.Categories[0].ID}, "judges": {j1.ID, j2.ID}}); p.status != http.StatusSeeOther {
			t.Fatalf("panel: %d %q", p.status, p.text(".error-summary"))
		}

		fileURL := base + "/karya/" + file.ID + "/berkas"
		if p := ed.get(base + "/karya/" + file.ID); !strings.HasPrefix(attr(query(t, p.doc, "main figure img"), "src"), fileURL) {
			t.Errorf("entry page shows no image: %q", p.text("main"))
		}
		if p := ed.get(fileURL); p.status != http.StatusOK || p.header.Get("Content-Type") != "image/jpeg" ||
			strings.Contains(p.header.Get("Content-Disposition"), "Dewi") {
			t.Errorf("editor opens the file: %d %q %q", p.status, p.header.Get("Content-Type"), p.header.Get("Content-Disposition"))
		}
		e.clock.set(lombaJudging.Add(time.Hour))
		judgeURL := "/studio/penjurian/" + c.ID + "/karya/" + file.ID + "/berkas"
		if p := e.login("juri.satu@kampus.example").get(judgeURL); p.status != http.StatusOK || p.header.Get("Content-Type") != "image/jpeg" {
			t.Errorf("panel judge opens the file: %d", p.status)
		}
		if p := e.login("juri.tiga@kampus.example").get(judgeURL); p.status != http.StatusForbidden {
			t.Errorf("judge off the panel opens the file: %d", p.status)
		}
		// A conflict with the participant, by email, hides the file too.
		judge2 := e.login("juri.dua@kampus.example")
		if p := judge2.post("/studio/penjurian/"+c.ID+"/konflik", url.Values{"participant_email": {"dewi.anggraini@peserta.example"}}); p.status != http.StatusSeeOther {
			t.Fatalf("conflict by email: %d %q", p.status, p.text(".error-summary"))
		}
		if p := judge2.get(judgeURL); p.status != http.StatusNotFound {
			t.Errorf("conflicted judge opens the file: %d", p.status)
		}

		// Five vote requests from one network in minutes are flagged.
		e.clock.set(lombaVote.Add(time.Hour))
		voters := []string{"a", "b", "c", "d", "e"}
		for i, v := range voters {
			if err := e.cs.RequestVote(e.ctx, file.ID, "pemilih."+v+"@contoh.example", "10.1.2."+string(rune('1'+i))); err != nil {
				t.Fatal(err)
			}
		}
		for _, v := range voters[:2] {
			if _, err := e.cs.ConfirmVote(e.ctx, e.mail.token(t, "pemilih."+v+"@contoh.example")); err != nil {
				t.Fatal(err)
			}
		}
		p := ed.get(base + "/suara")
		if p.count("table.votes tbody tr") != 5 || !strings.Contains(p.text("table.votes"), "10.1.2.0/24") {
			t.Fatalf("flagged votes: %q", p.text("main"))
		}
		if p := ed.post(base+"/suara", url.Values{"keputusan": {"hitung"}}); p.status != http.StatusBadRequest ||
			!strings.Contains(p.text(".error-summary"), "Centang paling sedikit satu suara") {
			t.Errorf("review without a vote: %d %q", p.status, p.text(".error-summary"))
		}
		votes, _ := e.cs.Votes(e.ctx, editor, contest.VoteFilter{ContestID: c.ID, Flag: contest.VoteFlagged})
		var confirmed []string
		for _, v := range votes {
			if !v.ConfirmedAt.IsZero() {
				confirmed = append(confirmed, v.ID)
			}
		}
		p = ed.post(base+"/suara", url.Values{"keputusan": {"hitung"}, "suara": confirmed})
		if p.status != http.StatusSeeOther || !strings.Contains(ed.follow(p).text(".notice"), "dihitung") {
			t.Fatalf("count votes: %d %q", p.status, p.text("main"))
		}
		p = ed.get(base + "/suara")
		if p.count("table.votes tbody tr") != 3 || p.count("table.votes-reviewed tbody tr") != 2 || !strings.Contains(p.text("main"), "Dihitung sekarang: 2 suara") {
			t.Errorf("after review: %q", p.text("main"))
		}
		res, _ := e.cs.Results(e.ctx, editor, c.ID)
		if st := res.Categories[0].Standings; len(st) != 1 || st[0].Votes != 2 {
			t.Errorf("counted votes in results: %+v", st)
		}
	})
}
