package clinic

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/kominfo-jatim/warta/internal/newsroom"
)

// TestRiverAnswersReportersAndPurges wires the clinic into the newsroom's
// River client as the app does and lets River work the jobs.
func TestRiverAnswersReportersAndPurges(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		// The clinic's jobs go to the newsroom's client; the clinic is
		// built after the newsroom, which it publishes through.
		var svc *Service
		nr, err := newsroom.New(newsroom.Config{DB: e.db, Logger: quietLog(), Now: e.clock.now, Jobs: []newsroom.Jobs{{
			Queues:   (*Service)(nil).Queues(),
			Add:      func(w *river.Workers) { svc.AddWorkers(w) },
			Periodic: (*Service)(nil).PeriodicJobs(),
		}}})
		if err != nil {
			t.Fatal(err)
		}
		svc, err = New(Config{DB: e.db, Media: e.files, Newsroom: nr, SecretKey: testKey, BaseURL: "https://warta.example",
			Repliers: map[string]Replier{"whatsapp": e.wa}, Now: e.clock.now, Logger: quietLog()})
		if err != nil {
			t.Fatal(err)
		}
		e.svc = svc
		r := e.submit(waReport("081234567890", dptHoax))
		if _, err := svc.PublishVerdict(e.ctx, e.checker, e.claimOf(r.Ticket).ID, dptVerdict()); err != nil {
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
		for len(e.wa.all()) == 0 || e.count("SELECT COUNT(*) FROM river_job WHERE kind = 'clinic_purge' AND state = 'completed'") == 0 {
			if time.Now().After(deadline) {
				t.Fatalf("after 30 s: %d answers sent, purge jobs %d", len(e.wa.all()),
					e.count("SELECT COUNT(*) FROM river_job WHERE kind = 'clinic_purge'"))
			}
			time.Sleep(100 * time.Millisecond)
		}
		if s := e.wa.all(); len(s) != 1 || s[0].msg.Ticket != r.Ticket {
			t.Fatalf("answers %+v", s)
		}
		if tv, _ := svc.Ticket(e.ctx, r.Ticket); tv.AnsweredAt.IsZero() {
			t.Fatal("report not marked answered")
		}
	})
}
