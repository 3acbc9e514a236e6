package clinic

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/newsroom"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// countingReplier fails every call with err and counts the calls.
type countingReplier struct {
	mu    sync.Mutex
	calls int
	err   error
}

func (c *countingReplier) Reply(context.Context, Contact, Message) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
	return c.err
}

func (c *countingReplier) n() int { c.mu.Lock(); defer c.mu.Unlock(); return c.calls }

const noTemplate = "Pelapor terakhir menulis lebih dari 24 jam lalu, jadi WhatsApp hanya menerima templat yang disetujui, " +
	"tetapi templat klinik (clinic_template) belum diisi di pengaturan kanal WhatsApp."

// TestPermanentReplyErrorsStopAtOnceAndShow lets River work the answers
// of a published verdict whose reporters cannot be reached: a WhatsApp
// channel without the template, a contact erased after publishing and an
// email address with no mailer stop after one attempt, each with its
// reason on the report for the checker and not "answered" on the ticket;
// a Telegram outage (HTTP 503) is retried.
func TestPermanentReplyErrorsStopAtOnceAndShow(t *testing.T) {
	eachWith(t, func(c *Config) { c.Mailer = nil }, func(t *testing.T, e *env) {
		wa := &countingReplier{err: dissemination.Permanent(noTemplate, nil)}
		tg := &countingReplier{err: dissemination.Temporary("Telegram sedang bermasalah (HTTP 503); dicoba lagi otomatis.", errors.New("HTTP 503"), 0)}
		var svc *Service
		nr, err := newsroom.New(newsroom.Config{DB: e.db, Logger: quietLog(), Now: e.clock.now, Jobs: []newsroom.Jobs{{
			Queues: (*Service)(nil).Queues(),
			Add:    func(w *river.Workers) { svc.AddWorkers(w) },
		}}})
		if err != nil {
			t.Fatal(err)
		}
		svc, err = New(Config{DB: e.db, Media: e.files, Newsroom: nr, SecretKey: testKey, BaseURL: "https://warta.example",
			Repliers: map[string]Replier{"whatsapp": wa, "telegram": tg}, Now: e.clock.now, Logger: quietLog()})
		if err != nil {
			t.Fatal(err)
		}
		e.svc = svc
		noTpl := e.submit(waReport("081234567890", dptHoax))
		erased := e.submit(waReport("081298765432", dptHoax))
		byMail := e.submit(Submission{Channel: ChannelWeb, Text: dptHoax, Consent: true,
			Contact: &ContactInput{Kind: "email", Address: "warga@contoh.id"}})
		outage := e.submit(Submission{Channel: ChannelTelegram, ExternalID: "777:1", Text: dptHoax, Consent: true,
			Contact: &ContactInput{Kind: "telegram", Address: "777"}})
		claim := e.claimOf(noTpl.Ticket)
		for _, r := range []*Receipt{erased, byMail, outage} {
			if c := e.claimOf(r.Ticket); c.ID != claim.ID {
				t.Fatalf("%s filed under another claim", r.Ticket)
			}
		}
		if _, err := svc.PublishVerdict(e.ctx, e.checker, claim.ID, dptVerdict()); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.ErasePerson(e.ctx, e.admin, "whatsapp", "081298765432"); err != nil {
			t.Fatal(err)
		}
		if err := nr.Start(e.ctx); err != nil {
			t.Fatal(err)
		}
		defer func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			nr.Stop(ctx)
		}()
		deadline := time.Now().Add(30 * time.Second)
		for e.count(`SELECT COUNT(*) FROM river_job WHERE kind = 'clinic_reply' AND state = 'cancelled'`) < 3 ||
			e.count(`SELECT COUNT(*) FROM river_job WHERE kind = 'clinic_reply' AND attempt >= 2`) == 0 {
			if time.Now().After(deadline) {
				t.Fatalf("after 30 s: %d jobs cancelled, Telegram tried %d times", e.count(
					`SELECT COUNT(*) FROM river_job WHERE kind = 'clinic_reply' AND state = 'cancelled'`), tg.n())
			}
			time.Sleep(100 * time.Millisecond)
		}
		if n := e.count(`SELECT COUNT(*) FROM river_job WHERE kind = 'clinic_reply' AND state = 'cancelled' AND attempt = 1`); n != 3 {
			t.Errorf("%d permanent failures stopped after one attempt, want 3", n)
		}
		if wa.n() != 1 {
			t.Errorf("WhatsApp asked %d times, want once (the erased contact is never sent to)", wa.n())
		}
		if tg.n() < 2 {
			t.Errorf("the Telegram outage was tried %d times, want retries", tg.n())
		}

		fails, err := svc.ReplyFailures(e.ctx, e.checker, claim.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{
			noTpl.Ticket:  "Jawaban gagal dikirim: Pelapor terakhir menulis lebih dari 24 jam lalu",
			erased.Ticket: "Jawaban gagal dikirim: Kontak pelapor sudah dihapus",
			byMail.Ticket: "Jawaban gagal dikirim: Kanal email belum diatur",
		}
		for ticket, text := range want {
			f, ok := fails[reportID(e, ticket)]
			if !ok || !strings.HasPrefix(f.Text(), text) || !f.At.Equal(e.clock.now().UTC().Truncate(time.Second)) {
				t.Errorf("%s: failure %+v, want %q", ticket, f, text)
			}
			tv, err := svc.Ticket(e.ctx, ticket)
			if err != nil {
				t.Fatal(err)
			}
			if !tv.ReplyFailed || !tv.AnsweredAt.IsZero() {
				t.Errorf("%s: ticket shows failed %v, answered %v", ticket, tv.ReplyFailed, tv.AnsweredAt)
			}
		}
		if _, ok := fails[reportID(e, outage.Ticket)]; ok || len(fails) != 3 {
			t.Errorf("failures %+v; the Telegram outage is not one", fails)
		}
		if tv, _ := svc.Ticket(e.ctx, outage.Ticket); tv.ReplyFailed || !tv.AnsweredAt.IsZero() {
			t.Errorf("outage ticket %+v", tv)
		}
		if _, err := svc.ReplyFailures(e.ctx, e.judge, claim.ID); err == nil {
			t.Error("a judge read the failed answers")
		}
	})
}

// TestRetriedAnswerGoesOutAndClearsTheFailure: once the channel is fixed,
// a checker sends the failed answer again; it goes out and the report no
// longer shows the failure.
func TestRetriedAnswerGoesOutAndClearsTheFailure(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		r := e.submit(waReport("081234567890", dptHoax))
		anon := e.submit(Submission{Channel: ChannelWeb, Text: dptHoax})
		claim := e.claimOf(r.Ticket)
		if _, err := e.svc.PublishVerdict(e.ctx, e.checker, claim.ID, dptVerdict()); err != nil {
			t.Fatal(err)
		}
		e.wa.fail = dissemination.Permanent("WhatsApp tidak dapat mengirim ke nomor ini: Recipient phone number not in allowed list", nil)
		err := e.svc.sendReply(e.ctx, reportID(e, r.Ticket))
		var cancel *river.JobCancelError
		if !errors.As(err, &cancel) {
			t.Fatalf("a permanent error gave %v, want the job cancelled", err)
		}
		// As River would have left it.
		if _, err := e.db.SQL().ExecContext(e.ctx, `UPDATE river_job SET state = 'cancelled', finalized_at = created_at
			WHERE kind = 'clinic_reply'`); err != nil {
			t.Fatal(err)
		}
		for _, id := range e.jobIDs() {
			e.done[id] = true
		}
		if f, _ := e.svc.ReplyFailures(e.ctx, e.checker, claim.ID); len(f) != 1 {
			t.Fatalf("failures %+v", f)
		}

		e.wa.fail = nil
		if _, err := e.svc.RetryReply(e.ctx, e.judge, reportID(e, r.Ticket)); err == nil {
			t.Fatal("a judge sent the answer again")
		}
		got, err := e.svc.RetryReply(e.ctx, e.checker, reportID(e, r.Ticket))
		if err != nil || got != claim.ID {
			t.Fatalf("retry: %q, %v", got, err)
		}
		if n := e.runReplies(); n != 1 || len(e.wa.all()) != 1 {
			t.Fatalf("after the retry %d jobs worked, %d sent", n, len(e.wa.all()))
		}
		if f, _ := e.svc.ReplyFailures(e.ctx, e.checker, claim.ID); len(f) != 0 {
			t.Fatalf("failures after delivery %+v", f)
		}
		if tv, _ := e.svc.Ticket(e.ctx, r.Ticket); tv.ReplyFailed || tv.AnsweredAt.IsZero() {
			t.Fatalf("ticket %+v", tv)
		}
		_, err = e.svc.RetryReply(e.ctx, e.checker, reportID(e, r.Ticket))
		wantErr(t, "retry an answered report", err, warta.EConflict, "sudah dijawab")
		_, err = e.svc.RetryReply(e.ctx, e.checker, reportID(e, anon.Ticket))
		wantErr(t, "retry a report that did not fail", err, warta.EConflict, "tidak sedang gagal")
		_, err = e.svc.RetryReply(e.ctx, e.checker, "01JTIDAKADA0000000000000000")
		wantErr(t, "retry a report that is not there", err, warta.ENotFound, "tidak ditemukan")
	})
}

// jobIDs are the ids of the queued answer jobs.
func (e *env) jobIDs() []int64 {
	e.t.Helper()
	rows, err := e.db.SQL().QueryContext(e.ctx, "SELECT id FROM river_job WHERE kind = 'clinic_reply'")
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			e.t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// TestAnswerFailingToTheLastAttemptIsShown: a channel that stays down
// through every retry leaves its reason on the report when River gives up.
func TestAnswerFailingToTheLastAttemptIsShown(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		r := e.submit(waReport("081234567890", dptHoax))
		claim := e.claimOf(r.Ticket)
		if _, err := e.svc.PublishVerdict(e.ctx, e.checker, claim.ID, dptVerdict()); err != nil {
			t.Fatal(err)
		}
		e.wa.fail = dissemination.Temporary("WhatsApp sedang bermasalah (HTTP 503); dicoba lagi otomatis.", errors.New("HTTP 503"), 0)
		w := &replyWorker{s: e.svc}
		job := func(attempt int) *river.Job[ReplyArgs] {
			return &river.Job[ReplyArgs]{JobRow: &rivertype.JobRow{Attempt: attempt, MaxAttempts: 10},
				Args: ReplyArgs{ReportID: reportID(e, r.Ticket)}}
		}
		if err := w.Work(e.ctx, job(9)); err == nil {
			t.Fatal("a failed attempt reported success")
		}
		if f, _ := e.svc.ReplyFailures(e.ctx, e.checker, claim.ID); len(f) != 0 {
			t.Fatalf("failure shown while River still retries: %+v", f)
		}
		if err := w.Work(e.ctx, job(10)); err == nil {
			t.Fatal("the last failed attempt reported success")
		}
		f, _ := e.svc.ReplyFailures(e.ctx, e.checker, claim.ID)
		got := f[reportID(e, r.Ticket)]
		if got == nil || got.Text() != "Jawaban gagal dikirim: Gagal setelah 10 kali percobaan: WhatsApp sedang bermasalah (HTTP 503)." {
			t.Fatalf("after the last attempt: %+v", got)
		}
	})
}
