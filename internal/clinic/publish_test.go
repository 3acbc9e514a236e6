package clinic

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

const dptHoax = "Pesan berantai: warga yang belum menerima undangan C6 dicoret dari DPT dan tidak bisa mencoblos di TPS mana pun pada hari pemungutan suara"

func dptVerdict() VerdictInput {
	return VerdictInput{
		Title:         "Warga Tanpa Undangan C6 Dicoret dari DPT dan Tidak Bisa Mencoblos",
		ClaimReviewed: "Warga yang belum menerima undangan C6 dicoret dari DPT dan tidak bisa mencoblos.",
		Label:         "hoaks", Type: "fabricated",
		Explanation: "KPU Jawa Timur menegaskan pemilih yang terdaftar di DPT tetap dapat mencoblos dengan KTP-el meskipun tidak menerima undangan C6.",
		References:  []string{"https://kpu.example/siaran-pers/c6", " "},
		RegionCode:  "35.78",
	}
}

func TestPublishedVerdictAnswersEveryReporterOnce(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		wa := e.submit(waReport("0812-3456-7890", dptHoax))
		e.clock.add(10 * time.Minute)
		tg := e.submit(Submission{Channel: ChannelTelegram, ExternalID: "555:1", Text: "Benarkah? " + dptHoax,
			Contact: &ContactInput{Kind: "telegram", Address: "555"}, Consent: true})
		em := e.submit(Submission{Channel: ChannelWeb, Text: strings.ToUpper(dptHoax),
			Contact: &ContactInput{Kind: "email", Address: "Warga@Contoh.example"}, Consent: true})
		anon := e.submit(Submission{Channel: ChannelAPI, Text: dptHoax + "!!!"})
		claim := e.claimOf(wa.Ticket)
		for _, r := range []*Receipt{tg, em, anon} {
			if c := e.claimOf(r.Ticket); c.ID != claim.ID {
				t.Fatalf("report %s in claim %q, want %q", r.Ticket, c.Title, claim.Title)
			}
		}
		if err := e.svc.Assign(e.ctx, e.checker, claim.ID, e.checker.ID); err != nil {
			t.Fatal(err)
		}
		_, err := e.svc.PublishVerdict(e.ctx, e.contributor, claim.ID, dptVerdict())
		wantErr(t, "contributor publishes", err, warta.EForbidden, "pemeriksa fakta")
		bad := dptVerdict()
		bad.Type = "rumor"
		_, err = e.svc.PublishVerdict(e.ctx, e.checker, claim.ID, bad)
		wantErr(t, "unknown type", err, warta.EInvalid, "Konten palsu")

		v, err := e.svc.PublishVerdict(e.ctx, e.checker, claim.ID, dptVerdict())
		if err != nil {
			t.Fatal(err)
		}
		if v.Label != "HOAKS" || v.ArticleID == "" || !strings.HasPrefix(v.URL, "https://warta.example/berita/2026/03/02/") {
			t.Fatalf("verdict %+v", v)
		}
		art, err := e.db.ArticleByID(e.ctx, v.ArticleID)
		if err != nil {
			t.Fatal(err)
		}
		if !art.Live() || art.Title != "[HOAKS] Warga Tanpa Undangan C6 Dicoret dari DPT dan Tidak Bisa Mencoblos" {
			t.Fatalf("article %q live %v", art.Title, art.Live())
		}
		if !strings.Contains(art.Body, "## Referensi") || !strings.Contains(art.Body, "https://kpu.example/siaran-pers/c6") {
			t.Fatalf("article body lacks references:\n%s", art.Body)
		}
		tags := map[string]bool{}
		for _, tg := range art.Tags {
			tags[tg.Slug] = true
		}
		if !tags["cek-fakta"] || !tags["hoaks"] || len(art.Regions) != 1 || art.Regions[0].Code != "35.78" {
			t.Fatalf("tags %v, regions %v", art.Tags, art.Regions)
		}
		// The newsroom's history names the checker, not an editor.
		var actor string
		if err := e.db.SQL().QueryRowContext(e.ctx, e.db.Rebind(
			"SELECT actor FROM audit_log WHERE action = 'article.create' AND object_id = ?"), v.ArticleID).Scan(&actor); err != nil || actor != e.checker.ID {
			t.Fatalf("article created by %q (%v), want the checker", actor, err)
		}
		if byArt, err := e.svc.VerdictByArticle(e.ctx, v.ArticleID); err != nil || byArt == nil || byArt.ID != v.ID {
			t.Fatalf("verdict by article: %v, %v", byArt, err)
		}

		if n := e.runReplies(); n != 3 {
			t.Fatalf("%d answers worked, want 3 (the anonymous reporter has no contact)", n)
		}
		if s := e.wa.all(); len(s) != 1 || s[0].to.Address != "+6281234567890" || s[0].msg.Ticket != wa.Ticket ||
			!strings.Contains(s[0].msg.Text, "[HOAKS] Warga Tanpa Undangan C6") || !strings.Contains(s[0].msg.Text, v.URL) {
			t.Fatalf("WhatsApp answers %+v", s)
		}
		if s := e.tg.all(); len(s) != 1 || s[0].to.Address != "555" || s[0].msg.Ticket != tg.Ticket {
			t.Fatalf("Telegram answers %+v", s)
		}
		if m := e.mail.all(); len(m) != 1 || m[0].To != "warga@contoh.example" || !strings.Contains(m[0].Subject, em.Ticket) ||
			!strings.Contains(m[0].Text, v.URL) {
			t.Fatalf("mail answers %+v", m)
		}
		// Every reporter is answered once, however often the jobs run.
		for _, r := range []*Receipt{wa, tg, em} {
			if err := e.svc.sendReply(e.ctx, reportID(e, r.Ticket)); err != nil {
				t.Fatal(err)
			}
		}
		if len(e.wa.all()) != 1 || len(e.tg.all()) != 1 || len(e.mail.all()) != 1 {
			t.Fatal("a reporter was answered twice")
		}
		if n := e.count("SELECT COUNT(*) FROM clinic_access_log WHERE action = 'reply'"); n != 3 {
			t.Fatalf("%d replies logged as contact access, want 3", n)
		}
		for _, r := range []*Receipt{wa, tg, em, anon} {
			tv, err := e.svc.Ticket(e.ctx, r.Ticket)
			if err != nil || tv.Status != StatusDone || tv.Verdict == nil || tv.Verdict.ID != v.ID {
				t.Fatalf("ticket %s: %+v, %v", r.Ticket, tv, err)
			}
		}
		_, err = e.svc.PublishVerdict(e.ctx, e.checker, claim.ID, dptVerdict())
		wantErr(t, "publish twice", err, warta.EConflict, "sudah selesai")

		// The next reporter of the hoax is answered at once with it.
		later := e.submit(waReport("081399998888", dptHoax))
		if later.Decision != DecisionAuto || later.Verdict == nil || later.Verdict.ID != v.ID {
			t.Fatalf("report after the verdict: %+v", later)
		}
		if n := e.count("SELECT COUNT(*) FROM audit_log WHERE action = 'clinic.publish' AND actor = ?", e.checker.ID); n != 1 {
			t.Fatalf("%d publish audit entries", n)
		}
	})
}

func reportID(e *env, ticket string) string {
	e.t.Helper()
	var id string
	if err := e.db.SQL().QueryRowContext(e.ctx, e.db.Rebind("SELECT id FROM clinic_reports WHERE ticket = ?"), ticket).Scan(&id); err != nil {
		e.t.Fatal(err)
	}
	return id
}

func TestFailedAnswerIsRetriedNotLost(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		r := e.submit(waReport("081234567890", dptHoax))
		claim := e.claimOf(r.Ticket)
		if _, err := e.svc.PublishVerdict(e.ctx, e.checker, claim.ID, dptVerdict()); err != nil {
			t.Fatal(err)
		}
		e.wa.fail = errors.New("WhatsApp sedang gangguan")
		if err := e.svc.sendReply(e.ctx, reportID(e, r.Ticket)); err == nil {
			t.Fatal("a failed send reported success")
		}
		if tv, _ := e.svc.Ticket(e.ctx, r.Ticket); !tv.AnsweredAt.IsZero() {
			t.Fatal("report marked answered although the send failed")
		}
		e.wa.fail = nil
		if err := e.svc.sendReply(e.ctx, reportID(e, r.Ticket)); err != nil {
			t.Fatal(err)
		}
		if tv, _ := e.svc.Ticket(e.ctx, r.Ticket); tv.AnsweredAt.IsZero() || len(e.wa.all()) != 1 {
			t.Fatalf("after the retry: answered %v, sent %d", tv.AnsweredAt, len(e.wa.all()))
		}
	})
}

func TestConfirmSuggestionAnswersWithIt(t *testing.T) {
	// A high automatic threshold leaves a looser match as a suggestion.
	eachWith(t, func(c *Config) { c.AutoThreshold, c.SuggestThreshold = 0.99, 0.3 }, func(t *testing.T, e *env) {
		e.importCSV(archive)
		r := e.submit(waReport("081234567890", "Katanya surat suara pilkada yang sudah tercoblos ditemukan di gudang kecamatan, benarkah?"))
		if r.Decision != DecisionSuggest {
			t.Fatalf("decision %s score %.2f, want suggest", r.Decision, r.Score)
		}
		if !strings.Contains(r.Reply, "1×24 jam") {
			t.Fatalf("a suggestion is not an answer yet: %q", r.Reply)
		}
		d, err := e.svc.Claim(e.ctx, e.checker, e.claimOf(r.Ticket).ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Suggested == nil || !strings.Contains(d.Suggested.Title, "Surat Suara Pilkada") || d.Claim.SuggestedScore != r.Score {
			t.Fatalf("suggested %+v score %.2f", d.Suggested, d.Claim.SuggestedScore)
		}
		if err := e.svc.ConfirmSuggestion(e.ctx, e.judge, d.Claim.ID); warta.ErrorCode(err) != warta.EForbidden {
			t.Fatalf("judge confirms: %v", err)
		}
		if err := e.svc.ConfirmSuggestion(e.ctx, e.checker, d.Claim.ID); err != nil {
			t.Fatal(err)
		}
		if n := e.runReplies(); n != 1 {
			t.Fatalf("%d answers", n)
		}
		s := e.wa.all()
		if len(s) != 1 || s[0].msg.Verdict == nil || s[0].msg.Verdict.ID != d.Suggested.ID ||
			!strings.Contains(s[0].msg.Text, "[DISINFORMASI]") || !strings.Contains(s[0].msg.Text, "https://cekfakta.example/arsip-2") {
			t.Fatalf("answer %+v", s)
		}
		tv, _ := e.svc.Ticket(e.ctx, r.Ticket)
		if tv.Status != StatusDone || tv.Verdict == nil || tv.Verdict.ID != d.Suggested.ID {
			t.Fatalf("ticket %+v", tv)
		}
		// No article: the verdict exists already.
		if n := e.count("SELECT COUNT(*) FROM articles"); n != 0 {
			t.Fatalf("%d articles made by a confirmation", n)
		}
		err = e.svc.ConfirmSuggestion(e.ctx, e.checker, d.Claim.ID)
		wantErr(t, "confirm twice", err, warta.EConflict, "sudah selesai")
		// Without a suggestion there is nothing to confirm.
		other := e.submit(Submission{Text: "Jalan tol Surabaya–Malang ditutup total sebulan mulai besok"})
		err = e.svc.ConfirmSuggestion(e.ctx, e.checker, e.claimOf(other.Ticket).ID)
		wantErr(t, "confirm without suggestion", err, warta.EConflict, "tidak memiliki saran")
	})
}

// Confirming a suggestion teaches the verdict the claim's screenshot: the
// next citizen who sends only that picture is answered at once.
func TestConfirmedSuggestionLearnsTheScreenshot(t *testing.T) {
	eachWith(t, func(c *Config) { c.AutoThreshold, c.SuggestThreshold = 0.95, 0.3 }, func(t *testing.T, e *env) {
		e.importCSV(archive)
		shot := pngImage(5)
		r := e.submit(Submission{Text: "Benarkah ada surat suara yang sudah dicoblos disimpan di gudang?", Image: shot})
		if r.Decision != DecisionSuggest {
			t.Fatalf("decision %s score %.2f, want suggest", r.Decision, r.Score)
		}
		d, err := e.svc.Claim(e.ctx, e.checker, e.claimOf(r.Ticket).ID)
		if err != nil || d.Suggested == nil {
			t.Fatalf("claim %+v: %v", d, err)
		}
		if err := e.svc.ConfirmSuggestion(e.ctx, e.checker, d.Claim.ID); err != nil {
			t.Fatal(err)
		}
		again := e.submit(Submission{Image: shot})
		if again.Decision != DecisionAuto || again.Verdict == nil || again.Verdict.ID != d.Suggested.ID {
			t.Fatalf("the same screenshot alone: decision %s verdict %+v, want an instant answer with %s", again.Decision, again.Verdict, d.Suggested.ID)
		}
		// The picture is stored with the verdict: a matcher rebuilt from
		// the database (a restart, another node) knows it too.
		if err := e.svc.Refresh(e.ctx); err != nil {
			t.Fatal(err)
		}
		if r := e.submit(Submission{Image: shot}); r.Decision != DecisionAuto || r.Verdict == nil || r.Verdict.ID != d.Suggested.ID {
			t.Fatalf("after a restart: decision %s verdict %+v", r.Decision, r.Verdict)
		}
	})
}
