package e2e

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/kominfo-jatim/warta/internal/app"
	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/mail"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// TestContestJourney drives a content competition from registration to a
// winner in Chromium, with JavaScript off: a citizen finds the contest,
// registers, verifies the email through the link in the outbox, joins and
// sends a poster; the organisers (through the contest service, as the
// studio would) accept it, close submissions, a judge scores it, and at
// the announcement time the contest page shows the citizen as the winner.
func TestContestJourney(t *testing.T) {
	if testing.Short() && !requireBrowser() {
		t.Skip("browser test skipped in -short mode")
	}
	chromiumPath(t)
	a := startNewsroomApp(t)
	base := a.URL()
	ctx := context.Background()
	cs := a.Contests
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	organiser := warta.Agency{Slug: "diskominfo-jatim", Name: "Dinas Komunikasi dan Informatika Provinsi Jawa Timur", ShortName: "Diskominfo Jatim"}
	if err := a.DB.CreateAgency(ctx, &organiser); err != nil {
		t.Fatal(err)
	}
	newsroomAccount(t, a, "rina@kominfo.example", "Rina Redaktur", warta.RoleEditor, "")
	newsroomAccount(t, a, "joko@juri.example", "Joko Juri", warta.RoleJudge, "")
	editor, err := a.DB.UserByEmail(ctx, "rina@kominfo.example")
	must("editor", err)
	judge, err := a.DB.UserByEmail(ctx, "joko@juri.example")
	must("judge", err)

	// The contest is open for entries now; its later phases are set
	// once the entry is in.
	now := cs.Now()
	c := &contest.Contest{
		Title: "Lomba Poster Pemilih Cerdas", Theme: "Suaramu menentukan masa depan Jawa Timur",
		Rules:    "Poster **orisinal**, belum pernah dilombakan, tanpa atribut partai politik.",
		AgencyID: organiser.ID, MinAge: 17, Regions: []warta.Region{{Slug: "kota-surabaya"}, {Slug: "kabupaten-sidoarjo"}},
		Timeline: contest.Timeline{RegistrationOpen: now.Add(-48 * time.Hour), SubmissionDeadline: now.Add(2 * time.Hour),
			JudgingStart: now.Add(2 * time.Hour), JudgingEnd: now.Add(3 * time.Hour), AnnouncementAt: now.Add(4 * time.Hour)},
		Categories: []contest.Category{{Name: "Poster", Kind: contest.KindFile, Accept: []string{contest.TypeJPEG, contest.TypePNG}, MaxBytes: 2 << 20}},
		Prizes:     []contest.Prize{{Place: 1, Reward: "Rp5.000.000 dan sertifikat"}},
		Published:  true,
	}
	must("save contest", cs.SaveContest(ctx, editor, c))
	must("rubric", cs.SetRubric(ctx, editor, c.ID, "", []contest.Criterion{{Name: "Pesan", Weight: 40}, {Name: "Kreativitas", Weight: 30}, {Name: "Teknis", Weight: 30}}))
	must("panel", cs.SavePanel(ctx, editor, &contest.Panel{ContestID: c.ID, Name: "Panel Poster", JudgeIDs: []string{judge.ID}}))

	browser := newBrowser(t)
	dir := artifactDir(t)
	ayu := newPersonTab(t, browser, base, dir, "lomba-peserta")
	if _, err := chromedp.Call(ayu.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("disable JavaScript: %v", err)
	}

	// The citizen finds the contest and reads it.
	ayu.open("/lomba")
	ayu.expectText("main", c.Title)
	ayu.screenshot("01-daftar-lomba")
	ayu.clickFirstVisible(`main a[href="` + c.Path() + `"]`)
	ayu.expectText(".stage.is-current", "Pengiriman karya")
	ayu.expectText("main", "Berusia paling sedikit 17 tahun")
	ayu.screenshot("02-halaman-lomba")

	// Joining asks for an account: register.
	ayu.clickFirstVisible(`a[href="` + c.Path() + `/ikut"]`)
	if p := ayu.path(); !strings.HasPrefix(p, "/lomba/masuk") {
		ayu.fail("joining without an account: at %s, want the sign-in page", p)
	}
	ayu.clickFirstVisible(`main a[href="/lomba/daftar"]`)
	ayu.typeInto("#name", "Ayu Lestari")
	ayu.typeInto("#email", "ayu@peserta.example")
	ayu.setValue("#birth_date", "2004-03-02")
	ayu.setValue("#region", "kota-surabaya")
	ayu.typeInto("#password", "kata-sandi-peserta-uji")
	ayu.click(`label[for="consent"]`)
	ayu.screenshot("03-pendaftaran")
	ayu.submit(`form[action="/lomba/daftar"] button[type=submit]`)
	ayu.expectText(".sukses", "Akun Anda sudah dibuat")
	ayu.screenshot("04-akun-baru")

	// The verification link from the outbox.
	ayu.open(outboxLink(t, a, "ayu@peserta.example"))
	ayu.expectText("h1", "Email terverifikasi")
	ayu.screenshot("05-email-terverifikasi")

	// Join and send the poster.
	ayu.open(c.Path() + "/ikut")
	ayu.expectText("main", "Kota Surabaya")
	ayu.screenshot("06-ikut")
	ayu.submit(`form[action="` + c.Path() + `/ikut"] button[type=submit]`)
	ayu.expectText(".sukses", "Anda sudah terdaftar")
	ayu.typeInto("#title", "Suaramu Menentukan")
	ayu.typeInto("#description", "Ajakan datang ke TPS dan memilih dengan cerdas.")
	poster := filepath.Join(t.TempDir(), "poster.jpg")
	if err := os.WriteFile(poster, posterJPEG(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ayu.ctx, chromedp.SetUploadFiles("#file", []string{poster})); err != nil {
		ayu.fail("choose the poster: %v", err)
	}
	ayu.screenshot("07-kirim-karya")
	ayu.submit(`main form[enctype] button[type=submit]`)
	ayu.expectText(".sukses", "Karya Anda terkirim")
	ayu.expectText(".karya-daftar", "Menunggu moderasi")
	ayu.screenshot("08-karya-saya")
	ayu.fitsPhone(map[string]string{"lomba": c.Path(), "saya": "/lomba/saya", "kirim": c.Path() + "/kirim", "daftar": "/lomba/daftar"})

	// The organisers accept the poster and bring the timeline forward so
	// that the journey need not wait for real deadlines: submissions close
	// in a moment, judging follows, then the announcement. Every phase is
	// still decided by the app's clock.
	mine, err := cs.Entries(ctx, editor, contest.EntryFilter{ContestID: c.ID})
	if err != nil || len(mine) != 1 {
		t.Fatalf("entries: %v %+v", err, mine)
	}
	_, err = cs.AcceptEntry(ctx, editor, mine[0].ID)
	must("accept", err)
	c, err = cs.Contest(ctx, editor, c.ID)
	must("contest", err)
	// Judging stays open long enough for a judge on a loaded CI machine.
	closes := cs.Now().Add(2 * time.Second)
	c.Timeline.SubmissionDeadline, c.Timeline.JudgingStart = closes, closes
	c.Timeline.JudgingEnd, c.Timeline.AnnouncementAt = closes.Add(10*time.Second), closes.Add(10*time.Second)
	must("reschedule", cs.SaveContest(ctx, editor, c))
	waitForClock(t, cs, c.Timeline.JudgingStart)
	criteria, err := cs.Rubric(ctx, c.ID, c.Categories[0].ID)
	must("rubric", err)
	must("score", cs.ScoreEntry(ctx, judge, mine[0].ID, map[string]int{criteria[0].ID: 90, criteria[1].ID: 85, criteria[2].ID: 80}))
	waitForClock(t, cs, c.Timeline.AnnouncementAt)

	// The public page shows the winner (once the page cache has let go of
	// the copy from before the announcement).
	waitForPublic(t, base, c.Path(), "Ayu Lestari", time.Now().Add(90*time.Second))
	ayu.open(c.Path())
	ayu.expectText(".pemenang", "Juara 1")
	ayu.expectText(".pemenang", "Suaramu Menentukan")
	ayu.expectText(".pemenang", "Ayu Lestari")
	ayu.expectText(".stage.is-current", "Pengumuman pemenang")
	ayu.screenshot("09-pemenang")
	ayu.fitsPhone(map[string]string{"pemenang": c.Path()})
	ayu.checkResources()
}

var outboxLinkRE = regexp.MustCompile(`https?://\S+\?token=[A-Za-z0-9_%-]+`)

// outboxLink returns the path of the newest link mailed to the address,
// from the local outbox the app keeps mail in without SMTP.
func outboxLink(t *testing.T, a *app.App, to string) string {
	t.Helper()
	box, ok := a.Mail.(*mail.Outbox)
	if !ok {
		t.Fatal("the app sends mail over SMTP; the journey needs the local outbox")
	}
	msgs, err := box.List(context.Background(), 50)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if m.To == to {
			if link := outboxLinkRE.FindString(m.Text); link != "" {
				return strings.TrimPrefix(link, a.Config().BaseURL)
			}
		}
	}
	t.Fatalf("no link mailed to %s", to)
	return ""
}

// waitForClock sleeps until the contest service's clock reaches at.
func waitForClock(t *testing.T, cs *contest.Service, at time.Time) {
	t.Helper()
	if d := at.Sub(cs.Now()); d > 0 {
		if d > time.Minute {
			t.Fatalf("waiting %v for the clock", d)
		}
		time.Sleep(d + 1100*time.Millisecond) // the service's clock keeps whole seconds
	}
}

// posterJPEG is a 600×400 poster-like picture.
func posterJPEG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 600, 400))
	for y := 0; y < 400; y++ {
		for x := 0; x < 600; x++ {
			img.Set(x, y, color.RGBA{uint8(11 + y/8), uint8(58 + x/10), 110, 255})
		}
	}
	var b bytes.Buffer
	jpeg.Encode(&b, img, &jpeg.Options{Quality: 85})
	return b.Bytes()
}
