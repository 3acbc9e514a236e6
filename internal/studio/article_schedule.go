package studio

import (
	"context"
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// articleSchedule sets the time, to the minute in WIB, at which the story
// goes live by itself.
func (s *Studio) articleSchedule(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	return s.articleAct(w, r, u, "dijadwalkan", func(ctx context.Context, id string, f *form) error {
		at, err := warta.ParseScheduleTime(f.Get("scheduled_at"))
		if err != nil {
			return err
		}
		_, err = s.nr.Schedule(ctx, u, id, at)
		return err
	})
}
