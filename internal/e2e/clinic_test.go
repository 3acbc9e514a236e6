package e2e

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/kominfo-jatim/warta/internal/mail"
	"github.com/kominfo-jatim/warta/internal/warta"
)

var ticketRE = regexp.MustCompile(`KH-\d{4}-\d{6}`)

// TestClinicJourney walks the hoax clinic in Chromium with JavaScript off:
// a citizen reports a known hoax on /klinik and is answered on the spot;
// reports a new rumour leaving an email address; a fact-checker finds it
// in the studio queue and publishes the verdict; the citizen gets the
// answer by email, the ticket page shows it, and the Cek Fakta article
// carries ClaimReview.
func TestClinicJourney(t *testing.T) {
	if testing.Short() && !requireBrowser() {
		t.Skip("browser test skipped in -short mode")
	}
	chromiumPath(t)
	a := startNewsroomApp(t)
	base := a.URL()
	ctx := context.Background()
	if err := a.DB.CreateAgency(ctx, &warta.Agency{Slug: "diskominfo-jatim", Name: "Dinas Komunikasi dan Informatika Provinsi Jawa Timur", ShortName: "Diskominfo Jatim"}); err != nil {
		t.Fatal(err)
	}
	newsroomAccount(t, a, "citra@kominfo.example", "Citra Pemeriksa", warta.RoleFactChecker, "")
	if _, err := a.Clinic.Import(ctx, strings.NewReader("id,title,label\n"+
		"arsip-7,Pesan Berantai TPS Dibuka Pukul 05.00 dan Ditutup Pukul 10.00,HOAKS\n")); err != nil {
		t.Fatal(err)
	}

	browser := newBrowser(t)
	dir := artifactDir(t)
	citizen := newPersonTab(t, browser, base, dir, "klinik-warga")
	if _, err := chromedp.Call(citizen.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("disable JavaScript: %v", err)
	}

	// A known hoax: answered on the receipt page.
	citizen.open("/klinik")
	citizen.typeInto(`textarea[name=text]`, "PENTING!!! Pesan berantai: TPS dibuka pukul 05.00 dan DITUTUP pukul 10.00, sebarkan ke grup keluarga 🙏🙏")
	time.Sleep(3200 * time.Millisecond) // people take longer than the form's robot check
	citizen.screenshot("01-lapor")
	citizen.submit(`form[action="/klinik"] button[type=submit]`)
	citizen.screenshot("02-jawaban-langsung")
	if body := citizen.text("main"); !strings.Contains(body, "HOAKS") || !ticketRE.MatchString(body) {
		citizen.fail("receipt of a known hoax: %q", body)
	}

	// A new rumour, with an email address for the answer.
	citizen.open("/klinik")
	citizen.typeInto(`textarea[name=text]`, "Katanya surat suara pilkada di Kecamatan Kraton sudah dicoblos duluan oleh petugas KPPS sebelum pemungutan")
	citizen.click(`input[name=contact_kind][value=email]`)
	citizen.typeInto(`input[name=contact_address]`, "warga.kraton@example.com")
	citizen.click(`input[name=consent]`)
	time.Sleep(3200 * time.Millisecond)
	citizen.submit(`form[action="/klinik"] button[type=submit]`)
	citizen.screenshot("03-tiket")
	receipt := citizen.text("main")
	ticket := ticketRE.FindString(receipt)
	if ticket == "" || !strings.Contains(receipt, "1×24 jam") {
		citizen.fail("receipt of a new rumour: %q", receipt)
	}

	// The fact-checker works the queue to a published verdict.
	checker := newPersonTab(t, browser, base, dir, "klinik-pemeriksa")
	checker.signIn("citra@kominfo.example")
	checker.open("/studio/klinik")
	checker.screenshot("04-antrean")
	checker.expectText("main", "sisa")
	checker.clickFirstVisible(`a.claim-title`)
	checker.expectText("main", "Kraton")
	checker.setValue(`form[action$="/putusan"] select[name=label]`, "HOAKS")
	checker.setValue(`form[action$="/putusan"] select[name=type]`, "fabricated")
	// The form starts from the claim's wording; the checker writes the headline.
	checker.setValue(`form[action$="/putusan"] input[name=title]`, "Surat Suara Pilkada di Kraton Dicoblos Petugas KPPS Sebelum Pemungutan")
	checker.typeInto(`form[action$="/putusan"] textarea[name=explanation]`, "KPU Kabupaten Pasuruan memastikan surat suara disimpan tersegel di gudang sampai hari pemungutan.")
	checker.typeInto(`form[action$="/putusan"] textarea[name=references]`, "https://kpu.example/pasuruan/klarifikasi")
	checker.submit(`form[action$="/putusan"] button[type=submit]`)
	checker.screenshot("05-putusan-terbit")
	checker.expectText("main", "Selesai")
	links := checker.hrefs(`main a[href*="/berita/"]`)
	if len(links) == 0 {
		checker.fail("no link to the published Cek Fakta article")
	}
	article := strings.TrimPrefix(links[0], base)

	// The citizen is answered by email, once, with the verdict's link.
	var answer string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline) && answer == ""; time.Sleep(200 * time.Millisecond) {
		msgs, err := a.Mail.(*mail.Outbox).List(ctx, 20)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			if m.To == "warga.kraton@example.com" && strings.Contains(m.Text, article) {
				answer = m.Text
			}
		}
	}
	if answer == "" || !strings.Contains(answer, "[HOAKS]") {
		t.Fatalf("no email answer with the verdict to the reporter")
	}

	citizen.open("/klinik/tiket/" + ticket)
	citizen.screenshot("06-status-tiket")
	if body := citizen.text("main"); !strings.Contains(body, "HOAKS") || strings.Contains(body, "warga.kraton") {
		citizen.fail("ticket page: %q", body)
	}
	citizen.open(article)
	citizen.screenshot("07-artikel-cek-fakta")
	citizen.expectText("h1", "[HOAKS] Surat Suara Pilkada di Kraton Dicoblos Petugas KPPS Sebelum Pemungutan")
	citizen.expectText("main", "Penilaian: HOAKS (konten palsu)")
	checker.open(article) // a tab that runs scripts reads the JSON-LD
	ld := eval[[]string](checker, `[...document.querySelectorAll('script[type="application/ld+json"]')].map(s => s.textContent)`)
	found := false
	for _, s := range ld {
		var v map[string]any
		if json.Unmarshal([]byte(s), &v) == nil && v["@type"] == "ClaimReview" {
			rating, _ := v["reviewRating"].(map[string]any)
			found = v["claimReviewed"] != "" && rating["alternateName"] == "HOAKS" && v["url"] != nil
		}
	}
	if !found {
		t.Fatalf("Cek Fakta article has no valid ClaimReview among %d JSON-LD blocks", len(ld))
	}
	citizen.checkResources()
	checker.checkResources()
}
