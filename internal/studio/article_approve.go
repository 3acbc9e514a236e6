package studio

import (
	"context"
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// articleApprove accepts a submitted story (or cancels a schedule).
func (s *Studio) articleApprove(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	return s.articleAct(w, r, u, "disetujui", func(ctx context.Context, id string, f *form) error {
		_, err := s.nr.Approve(ctx, u, id)
		return err
	})
}
