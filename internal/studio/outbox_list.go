package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// outboxView lists the local outbox.
type outboxView struct {
	layout
	Enabled bool // false when mail goes out through SMTP
	Mails   []store.OutboxMail
}

// outboxList shows the newest mail kept in the local outbox, where
// password reset links land when no SMTP server is configured.
func (s *Studio) outboxList(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	v := outboxView{layout: s.newLayout(r, "Kotak keluar"), Enabled: s.outbox != nil}
	if s.outbox != nil {
		var err error
		if v.Mails, err = s.outbox.List(r.Context(), 100); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "outbox", &v)
	return nil
}
