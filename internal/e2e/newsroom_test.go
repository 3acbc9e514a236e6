package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// The journey's story: what the contributor first writes, what the editor
// asks for, and the fix.
const (
	storyTitle   = "KPU Jatim Tetapkan Jadwal Rekapitulasi Suara Tingkat Provinsi"
	storyBody    = "Rapat pleno rekapitulasi tingkat provinsi dimulai pukul 09.00 WIB di Surabaya."
	storyFix     = " Saksi dari 18 partai politik hadir."
	returnReason = "Sebutkan berapa saksi partai yang hadir."
)

// TestNewsroomJourney drives the editorial workflow in Chromium with two
// people at two computers: a KPU contributor drafts and submits a story; an
// editor returns it with a comment; the contributor reads the comment,
// fixes the story and submits it again; the editor approves it and
// schedules it a minute ahead; and the story appears on the public portal
// at its time, published by the scheduler.
func TestNewsroomJourney(t *testing.T) {
	if testing.Short() && !requireBrowser() {
		t.Skip("browser test skipped in -short mode")
	}
	chromiumPath(t)
	a := startNewsroomApp(t)
	base := a.URL()
	kpu := warta.Agency{Slug: "kpu-jatim", Name: "KPU Provinsi Jawa Timur", ShortName: "KPU Jatim"}
	if err := a.DB.CreateAgency(context.Background(), &kpu); err != nil {
		t.Fatal(err)
	}
	newsroomAccount(t, a, "andi@kpu-jatim.example", "Andi Kontributor", warta.RoleContributor, kpu.ID)
	newsroomAccount(t, a, "rina@kominfo.example", "Rina Redaktur", warta.RoleEditor, "")

	browser := newBrowser(t)
	dir := artifactDir(t)
	writer := newPersonTab(t, browser, base, dir, "newsroom-kontributor")
	editor := newPersonTab(t, browser, base, dir, "newsroom-redaktur")

	// The contributor drafts the story.
	writer.signIn("andi@kpu-jatim.example")
	writer.screenshot("01-dasbor")
	writer.clickFirstVisible(`nav a[href="/studio/artikel/baru"]`)
	writer.typeInto("#title", storyTitle)
	writer.typeInto("#dek", "Rekapitulasi berlangsung tiga hari.")
	writer.typeInto("#body", storyBody)
	writer.typeInto("#dateline", "Surabaya")
	writer.typeInto("#tags", "rekapitulasi, pleno")
	writer.click(`label[for="r-kota-surabaya"]`)
	writer.screenshot("02-menulis")
	writer.submit(`#editor button[name=simpan]`)
	writer.expectText(".notice", "Draf tersimpan")
	article := writer.path()
	if !strings.HasPrefix(article, "/studio/artikel/") {
		writer.fail("after saving the draft: at %s", article)
	}
	article = strings.SplitN(article, "?", 2)[0]
	writer.screenshot("03-draf")

	// … and submits it.
	writer.submit(`#editor button[name=ajukan]`)
	writer.expectText(".notice", "diajukan")
	writer.expectText(".page-head .status", "menunggu tinjauan")
	writer.screenshot("04-diajukan")

	// The editor finds it waiting and returns it with a comment.
	editor.signIn("rina@kominfo.example")
	editor.expectText("main", storyTitle)
	editor.screenshot("01-dasbor")
	editor.clickFirstVisible(`a[href="` + article + `"]`)
	editor.typeInto("#act-comment", returnReason)
	editor.screenshot("02-meninjau")
	editor.submit(`form[action$="/kembalikan"] button`)
	editor.expectText(".notice", "dikembalikan")
	editor.screenshot("03-dikembalikan")

	// The contributor reads the comment, fixes the story, resubmits.
	writer.open("/studio/")
	writer.clickFirstVisible(`a[href="` + article + `"]`)
	writer.expectText("#catatan-redaktur", returnReason)
	writer.screenshot("05-catatan")
	writer.appendTo("#body", storyFix)
	writer.typeInto("#note", "menambah jumlah saksi")
	writer.submit(`#editor button[name=ajukan]`)
	writer.expectText(".notice", "diajukan")
	writer.screenshot("06-diajukan-lagi")
	writer.fitsPhone(map[string]string{"dasbor": "/studio/", "artikel": article, "media": "/studio/media"})

	// The editor sees the change, approves it, and schedules it for the
	// next minute at least ten seconds away, in WIB.
	editor.open(article + "/riwayat")
	editor.expectText(".diff ins", "18")
	editor.screenshot("04-revisi")
	editor.open(article)
	editor.submit(`form[action$="/setujui"] button`)
	editor.expectText(".page-head .status", "disetujui")
	at := time.Now().Add(10 * time.Second).Truncate(time.Minute).Add(time.Minute)
	editor.setValue("#act-scheduled_at", at.In(warta.Jakarta).Format("2006-01-02T15:04"))
	editor.screenshot("05-menjadwalkan")
	editor.submit(`form[action$="/jadwalkan"] button`)
	editor.expectText(".page-head .status", "terjadwal")
	editor.expectText(".page-head", at.In(warta.Jakarta).Format("15.04")+" WIB")
	editor.screenshot("06-terjadwal")
	if publicHas(t, base, "/indeks", storyTitle) {
		t.Fatalf("the story is on the portal before its time (%s)", at.Format(time.TimeOnly))
	}

	// At its time the scheduler publishes it; a reader finds it.
	t.Logf("scheduled for %s; waiting", at.In(warta.Jakarta).Format("15:04:05 MST"))
	seen := waitForPublic(t, base, "/indeks", storyTitle, at.Add(45*time.Second))
	if seen.Before(at) {
		t.Errorf("the story appeared at %s, before its time %s", seen.Format(time.TimeOnly), at.Format(time.TimeOnly))
	}
	t.Logf("on the portal %v after its time", seen.Sub(at).Round(time.Second))
	reader := newTab(t, browser, base, dir, "newsroom-pembaca")
	reader.open("/indeks")
	reader.clickFirstVisible(`main a[href^="/berita/"]`)
	reader.expectText("main h1", storyTitle)
	reader.expectText("main", "18 partai")
	reader.expectText("main", "Sumber resmi")
	reader.screenshot("01-berita")

	for _, tb := range []*tab{writer, editor, reader} {
		tb.checkResources()
	}
}
