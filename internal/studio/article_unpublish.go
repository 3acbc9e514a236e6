package studio

import (
	"context"
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// articleUnpublish takes a live story off the portal.
func (s *Studio) articleUnpublish(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	return s.articleAct(w, r, u, "ditarik", func(ctx context.Context, id string, f *form) error {
		_, err := s.nr.Unpublish(ctx, u, id)
		return err
	})
}
