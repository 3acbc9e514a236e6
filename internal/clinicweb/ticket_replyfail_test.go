package clinicweb_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/newsroom"
)

// An answer that could not be sent (this site has no mailer) is not
// called "answered" on the ticket page, which still shows the verdict and
// never the staff-only reason.
func TestTicketPageDoesNotClaimAFailedAnswerWasSent(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		code := s.report(url.Values{"text": {"Surat suara tercoblos ditemukan di gudang kecamatan"},
			"contact_kind": {"email"}, "contact_address": {"warga@contoh.id"}, "consent": {"setuju"}}).ticket()
		s.publish(code, clinic.VerdictInput{Title: "Surat Suara Tercoblos di Gudang Kecamatan", Label: "HOAKS", Type: "fabricated",
			ClaimReviewed: "Surat suara sudah tercoblos ditemukan di gudang kecamatan", Explanation: "KPU memastikan surat suara masih tersegel."})
		jobs, err := newsroom.New(newsroom.Config{DB: s.db, Logger: slog.New(slog.DiscardHandler), Now: s.clock.now,
			Jobs: []newsroom.Jobs{{Queues: s.svc.Queues(), Add: s.svc.AddWorkers}}})
		must(t, "jobs", err)
		must(t, "start jobs", jobs.Start(s.ctx))
		defer func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			jobs.Stop(ctx)
		}()
		for deadline := time.Now().Add(30 * time.Second); s.count("SELECT COUNT(*) FROM river_job WHERE kind = 'clinic_reply' AND state = 'cancelled'") == 0; time.Sleep(100 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("after 30 s the answer job is not cancelled")
			}
		}
		tk := s.get("/klinik/tiket/" + code)
		tk.expect(t, http.StatusOK, "main", "Selesai: hasil pemeriksaan tersedia di halaman ini", "HOAKS", "Surat Suara Tercoblos di Gudang Kecamatan")
		for _, no := range []string{"sudah dijawab", "Dijawab", "Kanal email", "gagal"} {
			if strings.Contains(tk.text("main"), no) {
				t.Errorf("ticket page says %q", no)
			}
		}
	})
}
