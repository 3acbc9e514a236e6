package clinic

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

func TestTicketsAreNumberedPerYearInWIB(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		var tickets []string
		for _, text := range []string{"Pesan berantai pertama tentang banjir", "Pesan kedua soal harga beras", "Pesan ketiga soal jembatan"} {
			tickets = append(tickets, e.submit(Submission{Text: text}).Ticket)
		}
		want := []string{"KH-2026-000001", "KH-2026-000002", "KH-2026-000003"}
		for i := range want {
			if tickets[i] != want[i] {
				t.Fatalf("tickets %v, want %v", tickets, want)
			}
		}
		// 31 December 23:30 WIB is still 2026; ten past midnight is 2027,
		// although both are 31 December in UTC.
		e.clock.set(time.Date(2026, 12, 31, 23, 30, 0, 0, warta.Jakarta))
		if got := e.submit(Submission{Text: "Kabar akhir tahun tentang kembang api"}).Ticket; got != "KH-2026-000004" {
			t.Fatalf("last report of 2026: %s", got)
		}
		e.clock.set(time.Date(2027, 1, 1, 0, 10, 0, 0, warta.Jakarta))
		if got := e.submit(Submission{Text: "Kabar tahun baru tentang libur sekolah"}).Ticket; got != "KH-2027-000001" {
			t.Fatalf("first report of 2027: %s", got)
		}

		tv, err := e.svc.Ticket(e.ctx, "kh-2026-000002")
		if err != nil {
			t.Fatalf("ticket in lower case: %v", err)
		}
		if tv.Ticket != "KH-2026-000002" || tv.Status != StatusNew || !tv.DueAt.Equal(tv.ReceivedAt.Add(24*time.Hour)) || tv.Verdict != nil {
			t.Fatalf("ticket view %+v", tv)
		}
		for _, code := range []string{"KH-2026-999999", "KH-2026", "'; DROP TABLE clinic_reports; --", ""} {
			_, err := e.svc.Ticket(e.ctx, code)
			wantErr(t, "ticket "+code, err, warta.ENotFound, "Nomor tiket tidak ditemukan")
		}
	})
}

func TestRedeliveredMessageIsStoredOnce(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		in := waReport("081234567890", "Beredar pesan bahwa TPS dipindah ke balai desa")
		first := e.submit(in)
		again := e.submit(in)
		if !again.Repeat || first.Repeat || again.Ticket != first.Ticket || again.Reply != first.Reply {
			t.Fatalf("first %+v, again %+v", first, again)
		}
		if n := e.count("SELECT COUNT(*) FROM clinic_reports"); n != 1 {
			t.Fatalf("%d reports stored, want 1", n)
		}
		if c := e.claimOf(first.Ticket); c.ReportCount != 1 {
			t.Fatalf("claim counts %d reports", c.ReportCount)
		}
		// The same message id on another channel is another message.
		other := in
		other.Channel = ChannelTelegram
		other.Contact = &ContactInput{Kind: "telegram", Address: "123456789"}
		if r := e.submit(other); r.Repeat || r.Ticket == first.Ticket {
			t.Fatalf("telegram message with a WhatsApp id treated as a repeat: %+v", r)
		}
	})
}

func TestKnownHoaxIsAnsweredAtOnce(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.importCSV(archive)
		r := e.submit(waReport("081234567890", "SEBARKAN!!! Video KPU Jatim menghapus suara paslon nomor urut 2 di Sirekap 😡😡 #pilkada"))
		if r.Decision != DecisionAuto || r.Verdict == nil {
			t.Fatalf("decision %s (score %.2f), want auto", r.Decision, r.Score)
		}
		if r.Verdict.Label != "HOAKS" || !strings.Contains(r.Verdict.Title, "Menghapus Suara") {
			t.Fatalf("verdict %+v", r.Verdict)
		}
		for _, want := range []string{r.Ticket, "[HOAKS] Video KPU Jatim Menghapus Suara", "https://cekfakta.example/arsip-1"} {
			if !strings.Contains(r.Reply, want) {
				t.Fatalf("reply %q lacks %q", r.Reply, want)
			}
		}
		tv, err := e.svc.Ticket(e.ctx, r.Ticket)
		if err != nil {
			t.Fatal(err)
		}
		if tv.Status != StatusDone || tv.Verdict == nil || tv.Verdict.ID != r.Verdict.ID || tv.AnsweredAt.IsZero() {
			t.Fatalf("ticket of an answered report: %+v", tv)
		}
		// Answered on the spot, so not in the checkers' queue and not
		// answered again by a job.
		q, err := e.svc.Queue(e.ctx, e.checker, QueueFilter{})
		if err != nil || len(q) != 0 {
			t.Fatalf("queue %v, %v; want empty", q, err)
		}
		if n := e.runReplies(); n != 0 || len(e.wa.all()) != 0 {
			t.Fatalf("%d reply jobs, %d sent after an instant answer", n, len(e.wa.all()))
		}
		// A second reporter joins the same answered claim.
		r2 := e.submit(Submission{Channel: ChannelAPI, URL: "https://cekfakta.example/arsip-1"})
		if r2.Decision != DecisionAuto || r2.Verdict.ID != r.Verdict.ID || r2.Score != 1 {
			t.Fatalf("same link: %+v", r2)
		}
		if c := e.claimOf(r2.Ticket); c.ID != e.claimOf(r.Ticket).ID || c.ReportCount != 2 || c.Status != StatusDone {
			t.Fatalf("answered claim %+v", c)
		}
	})
}

func TestNewClaimAndSimilarReportsCluster(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.importCSV(archive)
		text := "Pesan berantai: besok semua pemilih di Kabupaten Jember wajib membawa fotokopi kartu keluarga ke TPS, kalau tidak suara dianggap hangus"
		r1 := e.submit(Submission{Text: text})
		if r1.Decision != DecisionNew || r1.Verdict != nil {
			t.Fatalf("first report: %+v", r1)
		}
		for _, want := range []string{r1.Ticket, "1×24 jam", "https://warta.example/klinik/tiket/" + r1.Ticket} {
			if !strings.Contains(r1.Reply, want) {
				t.Fatalf("acknowledgement %q lacks %q", r1.Reply, want)
			}
		}
		c1 := e.claimOf(r1.Ticket)
		if c1.Status != StatusNew || c1.ReportCount != 1 || !c1.Election || !c1.DueAt.Equal(start.Add(24*time.Hour)) {
			t.Fatalf("new claim %+v", c1)
		}
		e.clock.add(time.Hour)
		r2 := e.submit(waReport("085711112222", "sebarkan!! BESOK semua pemilih di kabupaten jember WAJIB membawa fotokopi kartu keluarga ke TPS kalau tidak suara dianggap hangus!!!"))
		c2 := e.claimOf(r2.Ticket)
		if c2.ID != c1.ID || c2.ReportCount != 2 {
			t.Fatalf("similar report went to claim %s with %d reports, want %s with 2", c2.ID, c2.ReportCount, c1.ID)
		}
		if c2.Priority <= c1.Priority {
			t.Fatalf("priority %d after a second report, was %d", c2.Priority, c1.Priority)
		}
		// The first report still sets the timer.
		if !c2.DueAt.Equal(c1.DueAt) {
			t.Fatalf("due %v, want %v", c2.DueAt, c1.DueAt)
		}
		r3 := e.submit(Submission{Text: "Harga cabai rawit di Pasar Keputran naik tiga kali lipat karena gagal panen"})
		c3 := e.claimOf(r3.Ticket)
		if c3.ID == c1.ID || c3.Election {
			t.Fatalf("unrelated report joined the claim or was marked election-related: %+v", c3)
		}
		q, err := e.svc.Queue(e.ctx, e.checker, QueueFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(q) != 2 || q[0].ID != c1.ID || q[1].ID != c3.ID {
			t.Fatalf("queue order %v, want the election claim with two reports first", claimIDs(q))
		}
	})
}

func claimIDs(cs []*Claim) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID+" "+c.Title)
	}
	return out
}

func TestWebReportsAreRateLimitedPerAddress(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		for i := range 10 {
			e.submit(Submission{Text: "Laporan nomor " + strings.Repeat("x", i+1), IP: "203.0.113.7"})
		}
		_, err := e.svc.Submit(e.ctx, Submission{Channel: ChannelAPI, Text: "Laporan kesebelas", IP: "203.0.113.7"})
		wantErr(t, "eleventh report", err, warta.ETooMany, "Mohon tunggu")
		e.submit(Submission{Text: "Laporan dari alamat lain", IP: "198.51.100.1"})
		// The address itself is never stored.
		if n := e.count("SELECT COUNT(*) FROM clinic_reports WHERE ip_hash LIKE '%203.0.113%'"); n != 0 {
			t.Fatal("the address is stored in clear")
		}
		e.clock.add(61 * time.Minute)
		e.submit(Submission{Text: "Laporan satu jam kemudian", IP: "203.0.113.7"})
	})
}

func TestBadReportsAreRefusedClearly(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		big := bytes.Repeat([]byte{0xff}, 5<<20+1)
		for _, c := range []struct {
			name  string
			in    Submission
			field string
			want  string
		}{
			{"empty", Submission{Channel: ChannelWeb, Text: "   "}, "text", "Laporan masih kosong"},
			{"too long", Submission{Channel: ChannelWeb, Text: strings.Repeat("hoaks ", 1000)}, "text", "paling banyak 5000"},
			{"not a web link", Submission{Channel: ChannelWeb, URL: "ftp://contoh.example/berkas"}, "url", "Tautan tidak valid"},
			{"link without host", Submission{Channel: ChannelWeb, URL: "https://"}, "url", "Tautan tidak valid"},
			{"not an image", Submission{Channel: ChannelWeb, Image: []byte("%PDF-1.4 bukan gambar")}, "image", "bukan gambar"},
			{"broken image", Submission{Channel: ChannelWeb, Image: append([]byte("\x89PNG\r\n\x1a\n"), 1, 2, 3)}, "image", "bukan gambar"},
			{"image too big", Submission{Channel: ChannelWeb, Image: big}, "image", "terlalu besar"},
			{"contact without consent", Submission{Channel: ChannelWeb, Text: "Ada kabar TPS pindah",
				Contact: &ContactInput{Kind: "email", Address: "warga@contoh.example"}}, "consent", "centang persetujuan"},
			{"unknown channel", Submission{Channel: "faks", Text: "Ada kabar"}, "channel", "tidak dikenal"},
		} {
			_, err := e.svc.Submit(e.ctx, c.in)
			if f := wantErr(t, c.name, err, warta.EInvalid, c.want); f != c.field {
				t.Errorf("%s: field %q, want %q", c.name, f, c.field)
			}
		}
		if n := e.count("SELECT COUNT(*) FROM clinic_reports"); n != 0 {
			t.Fatalf("%d bad reports stored", n)
		}
		if n := e.count("SELECT COUNT(*) FROM clinic_contacts"); n != 0 {
			t.Fatalf("%d contacts stored from bad reports", n)
		}
	})
}

func TestScreenshotIsStoredStrippedAndMatched(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		shot := pngImage(3)
		r1 := e.submit(Submission{Image: shot})
		c1 := e.claimOf(r1.Ticket)
		if c1.Title != "Tangkapan layar tanpa teks" {
			t.Fatalf("title %q", c1.Title)
		}
		d, err := e.svc.Claim(e.ctx, e.checker, c1.ID)
		if err != nil {
			t.Fatal(err)
		}
		path, err := e.svc.ScreenshotFile(e.ctx, e.checker, d.Reports[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(path)
		if err != nil || !bytes.HasPrefix(data, []byte{0xff, 0xd8}) {
			t.Fatalf("stored screenshot %s is not the re-encoded JPEG: %v", path, err)
		}
		_, err = e.svc.ScreenshotFile(e.ctx, e.contributor, d.Reports[0].ID)
		wantErr(t, "contributor opens screenshot", err, warta.EForbidden, "pemeriksa fakta")

		// The same picture again clusters by its perceptual hash.
		r2 := e.submit(Submission{Image: shot, Text: "apa benar?"})
		if c2 := e.claimOf(r2.Ticket); c2.ID != c1.ID || c2.ReportCount != 2 {
			t.Fatalf("same screenshot: claim %s (%d reports), want %s", c2.ID, c2.ReportCount, c1.ID)
		}
	})
}

func TestConcurrentReportsGetDistinctTickets(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		const n = 16
		tickets := make(chan string, n)
		errs := make(chan error, n)
		for i := range n {
			go func() {
				r, err := e.svc.Submit(e.ctx, Submission{Channel: ChannelTelegram, ExternalID: "42:" + string(rune('a'+i)),
					Text: "Pesan serentak nomor " + strings.Repeat("i", i+1)})
				if err != nil {
					errs <- err
					return
				}
				tickets <- r.Ticket
			}()
		}
		seen := map[string]bool{}
		for range n {
			select {
			case err := <-errs:
				t.Fatal(err)
			case tk := <-tickets:
				if seen[tk] {
					t.Fatalf("ticket %s given twice", tk)
				}
				seen[tk] = true
			}
		}
		for i := 1; i <= n; i++ {
			if want := fmt.Sprintf("KH-2026-%06d", i); !seen[want] {
				t.Fatalf("tickets %v lack %s", seen, want)
			}
		}
	})
}
