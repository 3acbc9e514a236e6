package clinic

import (
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

func TestRejectingAClaimNeedsAReason(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		r := e.submit(Submission{Text: "Menurut saya pelayanan kelurahan kami kurang ramah"})
		c := e.claimOf(r.Ticket)
		err := e.svc.SetStatus(e.ctx, e.checker, c.ID, StatusRejected, "   ")
		if f := wantErr(t, "reject without reason", err, warta.EInvalid, "alasan penolakan"); f != "reason" {
			t.Fatalf("field %q", f)
		}
		err = e.svc.SetStatus(e.ctx, e.checker, c.ID, StatusDone, "")
		wantErr(t, "done by hand", err, warta.EInvalid, "menerbitkan putusan")
		if err := e.svc.SetStatus(e.ctx, e.checker, c.ID, StatusRejected, "bukan klaim faktual"); err != nil {
			t.Fatal(err)
		}
		tv, err := e.svc.Ticket(e.ctx, r.Ticket)
		if err != nil || tv.Status != StatusRejected || tv.RejectReason != "bukan klaim faktual" {
			t.Fatalf("ticket %+v, %v", tv, err)
		}
		if q, _ := e.svc.Queue(e.ctx, e.checker, QueueFilter{}); len(q) != 0 {
			t.Fatalf("rejected claim still queued: %v", claimIDs(q))
		}
		if q, _ := e.svc.Queue(e.ctx, e.checker, QueueFilter{Status: StatusRejected}); len(q) != 1 || q[0].RejectReason != "bukan klaim faktual" {
			t.Fatalf("rejected list %v", claimIDs(q))
		}
		// A rejected claim no longer gathers reports…
		r2 := e.submit(Submission{Text: "Menurut saya pelayanan kelurahan kami kurang ramah"})
		if e.claimOf(r2.Ticket).ID == c.ID {
			t.Fatal("a report joined a rejected claim")
		}
		// …until it is reopened.
		if err := e.svc.SetStatus(e.ctx, e.checker, c.ID, StatusChecking, ""); err != nil {
			t.Fatal(err)
		}
		if got := e.claimOf(r.Ticket); got.Status != StatusChecking || got.RejectReason != "" {
			t.Fatalf("reopened %+v", got)
		}
		if n := e.count("SELECT COUNT(*) FROM audit_log WHERE action = 'clinic.status' AND object_id = ?", c.ID); n != 2 {
			t.Fatalf("%d status changes audited, want 2", n)
		}
	})
}

func TestOnlyCheckersWorkTheQueue(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		r := e.submit(Submission{Text: "Kabar pemadaman listrik total se-Jawa Timur besok"})
		c := e.claimOf(r.Ticket)
		for _, u := range []*warta.User{e.contributor, e.judge} {
			_, err := e.svc.Queue(e.ctx, u, QueueFilter{})
			wantErr(t, string(u.Role)+" queue", err, warta.EForbidden, "admin, redaktur dan pemeriksa fakta")
			err = e.svc.AddNote(e.ctx, u, c.ID, "catatan", "")
			wantErr(t, string(u.Role)+" note", err, warta.EForbidden, "pemeriksa fakta")
		}
		_, err := e.svc.Queue(e.ctx, nil, QueueFilter{})
		wantErr(t, "anonymous", err, warta.EUnauthorized, "Silakan masuk")
		for _, u := range []*warta.User{e.admin, e.editor, e.checker} {
			if _, err := e.svc.Queue(e.ctx, u, QueueFilter{}); err != nil {
				t.Fatalf("%s: %v", u.Role, err)
			}
		}
		err = e.svc.Assign(e.ctx, e.editor, c.ID, e.contributor.ID)
		wantErr(t, "assign to contributor", err, warta.EInvalid, "bukan pemeriksa fakta")
	})
}

func TestCheckersWorkAClaim(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		r := e.submit(Submission{Text: "Foto jembatan Suramadu retak dan akan ditutup"})
		c := e.claimOf(r.Ticket)
		if err := e.svc.Assign(e.ctx, e.editor, c.ID, e.checker.ID); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.AddNote(e.ctx, e.checker, c.ID, "Foto lama dari 2019, sudah dicek lewat pencarian gambar.",
			"https://arsip.example/suramadu-2019"); err != nil {
			t.Fatal(err)
		}
		err := e.svc.AddNote(e.ctx, e.checker, c.ID, "", "javascript:alert(1)")
		wantErr(t, "bad evidence link", err, warta.EInvalid, "Tautan bukti tidak valid")
		before := e.claimOf(r.Ticket).Priority
		if err := e.svc.UpdateClaim(e.ctx, e.checker, c.ID, "Jembatan Suramadu retak dan akan ditutup", "35.26", true); err != nil {
			t.Fatal(err)
		}
		err = e.svc.UpdateClaim(e.ctx, e.checker, c.ID, "Judul", "99.99", false)
		wantErr(t, "unknown region", err, warta.EInvalid, "tidak dikenal")

		d, err := e.svc.Claim(e.ctx, e.checker, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := d.Claim
		if got.Status != StatusChecking || got.AssigneeID != e.checker.ID || got.AssigneeName != e.checker.Name ||
			got.Title != "Jembatan Suramadu retak dan akan ditutup" || got.RegionCode != "35.26" || !got.Election {
			t.Fatalf("claim %+v", got)
		}
		if got.Priority <= before {
			t.Fatalf("priority %d after marking election-related, was %d", got.Priority, before)
		}
		if len(d.Notes) != 1 || d.Notes[0].AuthorName != e.checker.Name || d.Notes[0].EvidenceURL != "https://arsip.example/suramadu-2019" {
			t.Fatalf("notes %+v", d.Notes)
		}
		if len(d.Reports) != 1 || d.Reports[0].Ticket != r.Ticket || d.Reports[0].HasContact {
			t.Fatalf("reports %+v", d.Reports)
		}
		if q, _ := e.svc.Queue(e.ctx, e.checker, QueueFilter{Assignee: e.checker.ID}); len(q) != 1 {
			t.Fatalf("my queue %v", claimIDs(q))
		}

		// Overdue after 24 hours.
		if q, _ := e.svc.Queue(e.ctx, e.checker, QueueFilter{Overdue: true}); len(q) != 0 {
			t.Fatal("overdue at once")
		}
		e.clock.add(24*time.Hour + time.Minute)
		q, _ := e.svc.Queue(e.ctx, e.checker, QueueFilter{Overdue: true})
		if len(q) != 1 || !q[0].Overdue(e.clock.now()) {
			t.Fatalf("overdue queue %v", claimIDs(q))
		}
	})
}

func TestPriorityWeighsElectionCountAndCalendar(t *testing.T) {
	silence := Period{Name: "Masa tenang", Start: time.Date(2026, 11, 24, 0, 0, 0, 0, warta.Jakarta),
		End: time.Date(2026, 11, 27, 0, 0, 0, 0, warta.Jakarta), Weight: 30}
	eachWith(t, func(c *Config) { c.Calendar = []Period{silence} }, func(t *testing.T, e *env) {
		plain := e.svc.priority(false, 1, start)
		if e.svc.priority(true, 1, start) <= plain || e.svc.priority(false, 5, start) <= plain {
			t.Fatal("election or report count does not raise priority")
		}
		if e.svc.priority(false, 1000, start) >= 300 {
			t.Fatal("report count is not damped")
		}
		in := time.Date(2026, 11, 25, 12, 0, 0, 0, warta.Jakarta)
		if got := e.svc.priority(true, 1, in) - e.svc.priority(true, 1, start); got != 60 {
			t.Fatalf("silence period adds %d to an election claim, want 60", got)
		}
		e.clock.set(in)
		r := e.submit(Submission{Text: "Ada serangan fajar di Kecamatan Rungkut, amplop dibagikan malam ini"})
		if c := e.claimOf(r.Ticket); !c.Election || c.Priority != e.svc.priority(true, 1, in) {
			t.Fatalf("claim in masa tenang %+v", c)
		}
		// When the period ends, the hourly job lowers the priority again.
		e.clock.set(silence.End.Add(time.Hour))
		if n, err := e.svc.reprioritize(e.ctx); err != nil || n != 1 {
			t.Fatalf("reprioritize changed %d claims, %v", n, err)
		}
		if c := e.claimOf(r.Ticket); c.Priority != e.svc.priority(true, 1, e.clock.now()) {
			t.Fatalf("priority %d after the silence period", c.Priority)
		}
	})
}

func TestElectionWords(t *testing.T) {
	for text, want := range map[string]bool{
		"KPU hapus suara di Sirekap":                  true,
		"Besok coblosan dipindah ke balai desa":       true,
		"Ada serangan fajar di Sampang":               true,
		"surat suara sudah dicoblos":                  true,
		"Harga cabai naik lagi":                       false,
		"Suara ledakan terdengar di Gresik":           false,
		"Calon jamaah haji diminta transfer sekarang": false,
	} {
		if got := electionRelated(text); got != want {
			t.Errorf("electionRelated(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestReferralNeedsTheReportersSeparateConsent(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		with := e.submit(Submission{Channel: ChannelWeb, Text: "Tim sukses paslon 1 membagikan amplop di Desa Sukorejo",
			Contact: &ContactInput{Kind: "email", Address: "saksi@contoh.example", Name: "Siti Aminah", HomeAddress: "Jl. Melati 3, Sidoarjo"},
			Consent: true, ReferralConsent: true})
		without := e.submit(Submission{Channel: ChannelWeb, Text: "Tim sukses paslon 1 membagikan amplop di Desa Sukorejo!",
			Contact: &ContactInput{Kind: "email", Address: "warga@contoh.example"}, Consent: true})
		c := e.claimOf(with.Ticket)
		known := time.Date(2026, 3, 1, 20, 0, 0, 0, warta.Jakarta)
		ref := Referral{ReportID: reportID(e, without.Ticket), ReportedParty: "Tim sukses paslon 1",
			Description: "Pembagian amplop berisi uang kepada warga.", KnownAt: known}
		_, err := e.svc.Refer(e.ctx, e.checker, c.ID, ref)
		wantErr(t, "refer without consent", err, warta.EInvalid, "persetujuan terpisah")

		ref.ReportID = reportID(e, with.Ticket)
		ref.KnownAt = time.Time{}
		_, err = e.svc.Refer(e.ctx, e.checker, c.ID, ref)
		wantErr(t, "refer without known-at", err, warta.EInvalid, "7 hari")
		ref.KnownAt = known
		ref.Evidence = []string{"https://video.example/amplop"}
		got, err := e.svc.Refer(e.ctx, e.checker, c.ID, ref)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Deadline.Equal(known.Add(7*24*time.Hour)) || got.ReporterName != "Siti Aminah" || got.ReporterAddress != "Jl. Melati 3, Sidoarjo" {
			t.Fatalf("referral %+v", got)
		}
		var sealed string
		e.db.SQL().QueryRowContext(e.ctx, e.db.Rebind("SELECT sealed_reporter FROM clinic_referrals WHERE id = ?"), got.ID).Scan(&sealed)
		if sealed == "" || strings.Contains(sealed, "Siti") {
			t.Fatalf("reporter not sealed: %q", sealed)
		}
		if n := e.count("SELECT COUNT(*) FROM clinic_access_log WHERE action = 'referral' AND actor_id = ?", e.checker.ID); n != 1 {
			t.Fatalf("%d referral accesses logged", n)
		}
		d, err := e.svc.Claim(e.ctx, e.checker, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Referrals) != 1 || d.Referrals[0].ReporterName != "" || d.Referrals[0].ReportedParty != "Tim sukses paslon 1" ||
			len(d.Referrals[0].Evidence) != 1 {
			t.Fatalf("claim's referrals %+v", d.Referrals)
		}
	})
}

func TestCalendarFromTheElections(t *testing.T) {
	storetestElections := func(t *testing.T, e *env) []warta.Election {
		es, err := e.db.Elections(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		return es
	}
	each(t, func(t *testing.T, e *env) {
		cal := CalendarFromElections(storetestElections(t, e))
		at := func(s string) time.Time {
			v, _ := time.ParseInLocation("2006-01-02 15:04", s, warta.Jakarta)
			return v
		}
		weight := func(now time.Time) int {
			w := 0
			for _, p := range cal {
				if !now.Before(p.Start) && now.Before(p.End) {
					w += p.Weight
				}
			}
			return w
		}
		// Pilkada 2024: masa tenang 24–26 November, voting 27 November.
		for s, want := range map[string]int{"2024-11-23 23:59": 0, "2024-11-24 00:00": SilenceWeight,
			"2024-11-26 23:59": SilenceWeight, "2024-11-27 12:00": VotingDayWeight, "2024-11-28 00:00": 0} {
			if got := weight(at(s)); got != want {
				t.Errorf("%s: weight %d, want %d", s, got, want)
			}
		}
	})
}
