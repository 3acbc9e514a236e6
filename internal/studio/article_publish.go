package studio

import (
	"context"
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// articlePublish puts the story live now.
func (s *Studio) articlePublish(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	return s.articleAct(w, r, u, "diterbitkan", func(ctx context.Context, id string, f *form) error {
		_, err := s.nr.Publish(ctx, u, id)
		return err
	})
}
