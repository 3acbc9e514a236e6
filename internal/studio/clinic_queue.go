package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// clinicQueueView is the fact-checkers' queue.
type clinicQueueView struct {
	layout
	Tabs []queueTab
	Tab  string
	Rows []queueRow
	Full bool // the page shows the first queueLimit claims only
}

// queueTab is one of the queue's filters.
type queueTab struct{ Value, Label string }

// queueTabs are the queue's filters, in the order shown.
var queueTabs = []queueTab{
	{"", "Semua terbuka"}, {"saya", "Milik saya"}, {"terlambat", "Terlambat"}, {"selesai", "Selesai"}, {"ditolak", "Ditolak"},
}

// queueRow is one claim with what the queue shows about it.
type queueRow struct {
	Claim *clinic.Claim
	Title string
	Timer timer
}

// queueLimit is how many claims one page of the queue shows.
const queueLimit = 100

// clinicQueue shows the claims, highest priority first, with their
// 1×24-hour timers; ?tampil= picks a filter.
func (s *Studio) clinicQueue(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	v := clinicQueueView{layout: s.newLayout(r, "Klinik Hoaks"), Tabs: queueTabs, Tab: r.URL.Query().Get("tampil")}
	f := clinic.QueueFilter{Limit: queueLimit}
	switch v.Tab {
	case "saya":
		f.Assignee = u.ID
	case "terlambat":
		f.Overdue = true
	case "selesai":
		f.Status = clinic.StatusDone
	case "ditolak":
		f.Status = clinic.StatusRejected
	default:
		v.Tab = ""
	}
	claims, err := s.clinic.Queue(r.Context(), u, f)
	if err != nil {
		return err
	}
	now := s.now()
	for _, c := range claims {
		v.Rows = append(v.Rows, queueRow{Claim: c, Title: s.queueTitle(r, u, c), Timer: claimTimer(c, now)})
	}
	v.Full = len(claims) >= queueLimit
	s.render(w, r, http.StatusOK, "clinic_queue", &v)
	return nil
}

// queueTitle is the claim's title, or its first report's text while
// checkers have not named it; reading the reports costs a query, so only
// untitled claims pay it.
func (s *Studio) queueTitle(r *http.Request, u *warta.User, c *clinic.Claim) string {
	if c.Title != "" {
		return claimTitle(c, nil)
	}
	d, err := s.clinic.Claim(r.Context(), u, c.ID)
	if err != nil {
		return claimTitle(c, nil)
	}
	return claimTitle(c, d.Reports)
}
