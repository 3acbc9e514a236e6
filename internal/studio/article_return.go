package studio

import (
	"context"
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// articleReturn sends a submitted story back to its writer with the
// editor's reasons, which are required.
func (s *Studio) articleReturn(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	return s.articleAct(w, r, u, "dikembalikan", func(ctx context.Context, id string, f *form) error {
		_, err := s.nr.Return(ctx, u, id, f.Get("comment"))
		return err
	})
}
