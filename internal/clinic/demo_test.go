package clinic

import (
	"testing"
)

func TestDemoFillsAnEmptyClinicOnce(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		if err := e.svc.LoadDemo(e.ctx); err != nil {
			t.Fatal(err)
		}
		page, err := e.svc.Verdicts(e.ctx, VerdictFilter{Limit: 100})
		if err != nil || len(page.Verdicts) != len(demoVerdicts) {
			t.Fatalf("%d demo verdicts, %v", len(page.Verdicts), err)
		}
		q, err := e.svc.Queue(e.ctx, e.checker, QueueFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(q) < 5 {
			t.Fatalf("%d open demo claims: %v", len(q), claimIDs(q))
		}
		overdue, suggested, clustered := 0, 0, 0
		for _, c := range q {
			if c.Overdue(e.clock.now()) {
				overdue++
			}
			if c.SuggestedVerdictID != "" {
				suggested++
			}
			if c.ReportCount >= 3 {
				clustered++
			}
		}
		if overdue != 1 || suggested < 1 || clustered != 1 {
			t.Fatalf("overdue %d, suggested %d, clustered %d: %v", overdue, suggested, clustered, claimIDs(q))
		}
		if n := e.count("SELECT COUNT(*) FROM clinic_contacts"); n != 0 {
			t.Fatalf("demo stored %d contacts", n)
		}
		if err := e.svc.LoadDemo(e.ctx); err != nil {
			t.Fatal(err)
		}
		if n := e.count("SELECT COUNT(*) FROM clinic_verdicts"); n != len(demoVerdicts) {
			t.Fatalf("second load: %d verdicts", n)
		}
	})
}
