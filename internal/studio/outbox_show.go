package studio

import (
	"net/http"
	"slices"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// outboxMailView is one message of the outbox.
type outboxMailView struct {
	layout
	Mail    *store.OutboxMail
	Headers []auditDetail
}

// outboxShow shows one message as text. Its HTML part, if any, is not
// rendered: mail is not the studio's to trust.
func (s *Studio) outboxShow(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	if s.outbox == nil {
		return warta.Errorf(warta.ENotFound, "Kotak keluar lokal tidak dipakai: surat dikirim lewat server SMTP.")
	}
	m, err := s.outbox.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	v := outboxMailView{layout: s.newLayout(r, m.Subject), Mail: m}
	for k, val := range m.Headers {
		v.Headers = append(v.Headers, auditDetail{k, val})
	}
	slices.SortFunc(v.Headers, func(a, b auditDetail) int {
		if a.Key < b.Key {
			return -1
		}
		if a.Key > b.Key {
			return 1
		}
		return 0
	})
	s.render(w, r, http.StatusOK, "outbox_mail", &v)
	return nil
}
