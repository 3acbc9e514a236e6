package studio

import (
	"context"
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// articleCorrect adds a public correction note to a live story.
func (s *Studio) articleCorrect(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	return s.articleAct(w, r, u, "dikoreksi", func(ctx context.Context, id string, f *form) error {
		_, err := s.nr.Correct(ctx, u, id, f.Get("note"))
		return err
	})
}
