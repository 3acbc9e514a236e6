package clinic

import (
	"fmt"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// TestAccessLogPagesContinueWhereTheyStopped pages through a log whose
// entries share seconds, forwards and back.
func TestAccessLogPagesContinueWhereTheyStopped(t *testing.T) {
	pdpEach(t, func(t *testing.T, e *pdpEnv) {
		// Eight entries, two to a second: purposes "akses 1" (oldest) to
		// "akses 8" (newest).
		for i := 1; i <= 8; i++ {
			e.clock.set(pdpStart.Add(time.Duration((i+1)/2) * time.Second))
			if err := e.svc.logAccess(e.ctx, e.checker.ID, AccessView, "kontak-1", fmt.Sprintf("akses %d", i)); err != nil {
				t.Fatal(err)
			}
		}
		page := func(q AccessLogQuery) *AccessLogPage {
			t.Helper()
			q.Limit = 3
			p, err := e.svc.AccessLogPage(e.ctx, e.admin, q)
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		want := func(what string, p *AccessLogPage, purposes []string, newer, older bool) {
			t.Helper()
			got := fmt.Sprint(purposesOf(p))
			if got != fmt.Sprint(purposes) || (p.Newer != "") != newer || (p.Older != "") != older {
				t.Errorf("%s: %s newer %q older %q, want %v newer %v older %v", what, got, p.Newer, p.Older, purposes, newer, older)
			}
		}
		p1 := page(AccessLogQuery{})
		want("page 1", p1, []string{"akses 8", "akses 7", "akses 6"}, false, true)
		p2 := page(AccessLogQuery{Before: p1.Older})
		want("page 2", p2, []string{"akses 5", "akses 4", "akses 3"}, true, true)
		p3 := page(AccessLogQuery{Before: p2.Older})
		want("page 3", p3, []string{"akses 2", "akses 1"}, true, false)
		back2 := page(AccessLogQuery{After: p3.Newer})
		want("back to page 2", back2, []string{"akses 5", "akses 4", "akses 3"}, true, true)
		back1 := page(AccessLogQuery{After: back2.Newer})
		want("back to page 1", back1, []string{"akses 8", "akses 7", "akses 6"}, false, true)

		for _, bad := range []string{"kemarin", "12", ".ABC", "-5.ABC"} {
			_, err := e.svc.AccessLogPage(e.ctx, e.admin, AccessLogQuery{Before: bad})
			pdpCode(t, "cursor "+bad, err, warta.EInvalid, "Tautan halaman log akses tidak valid")
		}
		_, err := e.svc.AccessLogPage(e.ctx, e.checker, AccessLogQuery{})
		pdpCode(t, "checker", err, warta.EForbidden, "hanya admin")
	})
}

func purposesOf(p *AccessLogPage) []string {
	out := []string{}
	for _, l := range p.Entries {
		out = append(out, l.Purpose)
	}
	return out
}
