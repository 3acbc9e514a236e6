package studio_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/newsroom"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
)

// TestClinicClaimShowsFailedAnswer: the clinic has no mailer, so the
// answer to a reporter who left an email address cannot go out; River
// stops it at once and the checker sees why next to the reporter.
func TestClinicClaimShowsFailedAnswer(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newKlinikEnv(t, db)
		rc := e.submit(report{text: sirihText, email: "warga@contoh.example"})
		anon := e.submit(report{text: sirihText})
		c := e.claimOf(rc.Ticket)
		if e.claimOf(anon.Ticket).ID != c.ID {
			t.Fatal("the anonymous report joined another claim")
		}
		if _, err := e.cs.PublishVerdict(e.ctx, e.checker, c.ID, clinic.VerdictInput{Label: "HOAKS", Type: "fabricated",
			Title: "Rebusan daun sirih menyembuhkan diabetes dalam seminggu", ClaimReviewed: sirihText,
			Explanation: "Tidak ada penelitian yang menunjukkan daun sirih menyembuhkan diabetes."}); err != nil {
			t.Fatal(err)
		}
		jobs, err := newsroom.New(newsroom.Config{DB: db, Logger: quiet(), Now: e.clock.now, Jobs: []newsroom.Jobs{{
			Queues: e.cs.Queues(), Add: e.cs.AddWorkers}}})
		if err != nil {
			t.Fatal(err)
		}
		if err := jobs.Start(e.ctx); err != nil {
			t.Fatal(err)
		}
		defer func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			jobs.Stop(ctx)
		}()
		cancelled := func() int {
			var n int
			db.SQL().QueryRow("SELECT COUNT(*) FROM river_job WHERE kind = 'clinic_reply' AND state = 'cancelled'").Scan(&n)
			return n
		}
		for deadline := time.Now().Add(30 * time.Second); cancelled() == 0; time.Sleep(100 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("after 30 s the answer job is not cancelled")
			}
		}

		var failedID, anonID string
		for _, r := range e.detail(c.ID).Reports {
			if r.Ticket == rc.Ticket {
				failedID = r.ID
			} else {
				anonID = r.ID
			}
		}
		p := e.login("sari@kominfo.example").get("/studio/klinik/" + c.ID)
		got := strings.Join(strings.Fields(p.text("#laporan-"+failedID+" .reply-failed")), " ")
		if !strings.HasPrefix(got, "Jawaban gagal dikirim: Kanal email belum diatur") {
			t.Errorf("failed answer shown as %q", got)
		}
		if meta := p.text("#laporan-" + failedID + " .meta"); strings.Contains(meta, "dijawab") {
			t.Errorf("the report is shown as answered: %q", meta)
		}
		if p.count("#laporan-"+anonID+" .reply-failed") != 0 {
			t.Error("the anonymous report shows a failed answer")
		}

		// Sent again (the channel is still missing here): queued anew,
		// and stopped again with its reason.
		b := e.login("bayu@kominfo.example")
		form := queryAll(t, p.doc, "#laporan-"+failedID+" .reply-failed form")
		if len(form) != 1 || attr(form[0], "action") != "/studio/klinik/laporan/"+failedID+"/kirim-ulang" {
			t.Fatalf("no resend form beside the failure")
		}
		after := b.follow(b.post(attr(form[0], "action"), nil))
		if !strings.Contains(after.text(".notice"), "dikirim ulang") {
			t.Errorf("after resending: notice %q", after.text(".notice"))
		}
		for deadline := time.Now().Add(30 * time.Second); cancelled() < 2; time.Sleep(100 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("after 30 s the resent answer is not cancelled")
			}
		}
		p = b.get("/studio/klinik/" + c.ID)
		if got := p.text("#laporan-" + failedID + " .reply-failed"); !strings.Contains(got, "Kanal email belum diatur") {
			t.Errorf("after the second failure: %q", got)
		}
		if r := b.post("/studio/klinik/laporan/"+anonID+"/kirim-ulang", nil); r.status != http.StatusConflict {
			t.Errorf("resending to an anonymous report: %d", r.status)
		}
	})
}

// TestClinicAccessLogPages: the access log pages by plain links, newest
// first; page 2 continues where page 1 stopped, and back again.
func TestClinicAccessLogPages(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newKlinikEnv(t, db)
		rc := e.submit(report{text: suramaduText, email: "dewi@contoh.example"})
		id := e.detail(e.claimOf(rc.Ticket).ID).Reports[0].ID
		// 105 accesses in the same second: the order is the log's own.
		for i := 1; i <= 105; i++ {
			if _, err := e.cs.ReporterContact(e.ctx, e.checker, id, fmt.Sprintf("keperluan %d", i)); err != nil {
				t.Fatal(err)
			}
		}
		purposes := func(p *page) []string {
			var out []string
			for _, row := range queryAll(t, p.doc, "table.access-log tbody tr") {
				cells := queryAll(t, row, "td")
				out = append(out, strings.TrimSpace(text(cells[3])))
			}
			return out
		}
		a := e.login("admin@kominfo.example")
		p1 := a.get("/studio/klinik/data-pribadi")
		got := purposes(p1)
		if len(got) != 100 || got[0] != "keperluan 105" || got[99] != "keperluan 6" {
			t.Fatalf("page 1: %d rows, %q … %q", len(got), got[0], got[len(got)-1])
		}
		if p1.count(`a[rel="prev"]`) != 0 {
			t.Error("page 1 links to a page before it")
		}
		next := hrefs(t, p1.doc, `nav.pager a[rel="next"]`)
		if len(next) != 1 || !strings.Contains(p1.text(`nav.pager a[rel="next"]`), "Berikutnya") {
			t.Fatalf("page 1 pager: %v", next)
		}
		p2 := a.get(next[0])
		if got := purposes(p2); fmt.Sprint(got) != "[keperluan 5 keperluan 4 keperluan 3 keperluan 2 keperluan 1]" {
			t.Fatalf("page 2: %q", got)
		}
		if p2.count(`a[rel="next"]`) != 0 {
			t.Error("the last page links to a page after it")
		}
		prev := hrefs(t, p2.doc, `nav.pager a[rel="prev"]`)
		if len(prev) != 1 || !strings.Contains(p2.text(`nav.pager a[rel="prev"]`), "Sebelumnya") {
			t.Fatalf("page 2 pager: %v", prev)
		}
		if back := purposes(a.get(prev[0])); len(back) != 100 || back[0] != "keperluan 105" || back[99] != "keperluan 6" {
			t.Errorf("back to page 1: %d rows, %q … %q", len(back), back[0], back[len(back)-1])
		}
		if p := a.get("/studio/klinik/data-pribadi?sebelum=kemarin"); p.status != http.StatusBadRequest || !strings.Contains(p.body, "Tautan halaman log akses tidak valid") {
			t.Errorf("bad cursor: %d", p.status)
		}
	})
}
