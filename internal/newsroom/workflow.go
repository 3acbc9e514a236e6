package newsroom

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// transition checks that u may take action on article id and applies it.
func (s *Service) transition(ctx context.Context, u *warta.User, id string, st step) (*warta.StaffArticle, error) {
	sa, err := s.article(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if err := warta.Authorize(u, st.action, sa.Article); err != nil {
		return nil, err
	}
	st.actor = u.ID
	if err := s.apply(ctx, sa, st); err != nil {
		return nil, err
	}
	return sa, nil
}

// Submit sends a draft or a returned article to the editors for review.
func (s *Service) Submit(ctx context.Context, u *warta.User, id string) (*warta.StaffArticle, error) {
	return s.transition(ctx, u, id, step{action: warta.ActionSubmit})
}

// Return sends a submitted article back to its writer with the editor's
// comment, which is required: the writer must know what to fix.
func (s *Service) Return(ctx context.Context, u *warta.User, id, comment string) (*warta.StaffArticle, error) {
	comment = strings.TrimSpace(comment)
	if comment == "" {
		return nil, &warta.Error{Code: warta.EInvalid, Message: "Tulis alasan pengembalian agar penulis tahu apa yang harus diperbaiki.", Field: "comment"}
	}
	return s.transition(ctx, u, id, step{action: warta.ActionReturn, comment: comment})
}

// Approve accepts a submitted article for publication. Approving a
// scheduled article cancels its schedule; its pending job then does
// nothing.
func (s *Service) Approve(ctx context.Context, u *warta.User, id string) (*warta.StaffArticle, error) {
	return s.transition(ctx, u, id, step{action: warta.ActionApprove})
}

// Schedule sets the time an article goes live, and queues the job that
// publishes it then. Staff choose the time to the minute in Asia/Jakarta
// (warta.ParseScheduleTime); the service keeps it to the second and refuses
// a time that is not in the future. Scheduling a scheduled article moves it
// to the new time.
func (s *Service) Schedule(ctx context.Context, u *warta.User, id string, at time.Time) (*warta.StaffArticle, error) {
	at = at.UTC().Truncate(time.Second)
	if now := s.clock(); !at.After(now) {
		return nil, &warta.Error{Code: warta.EInvalid, Field: "scheduled_at", Message: fmt.Sprintf(
			"Waktu tayang %s WIB sudah lewat. Pilih waktu setelah %s WIB.",
			at.In(warta.Jakarta).Format("02-01-2006 15.04"), now.In(warta.Jakarta).Format("02-01-2006 15.04"))}
	}
	return s.transition(ctx, u, id, step{action: warta.ActionSchedule, at: at})
}

// Publish puts an article live now: from review, from its schedule, or back
// after it was unpublished (keeping its first publication date and URL).
func (s *Service) Publish(ctx context.Context, u *warta.User, id string) (*warta.StaffArticle, error) {
	return s.transition(ctx, u, id, step{action: warta.ActionPublish})
}

// Unpublish takes a live article off the portal. It keeps its URL, which
// answers "not found" until the article is published again.
func (s *Service) Unpublish(ctx context.Context, u *warta.User, id string) (*warta.StaffArticle, error) {
	return s.transition(ctx, u, id, step{action: warta.ActionUnpublish})
}

// Correct adds a public correction note to a live article and marks it
// updated. The note is shown to readers under the story.
func (s *Service) Correct(ctx context.Context, u *warta.User, id, note string) (*warta.StaffArticle, error) {
	note = strings.TrimSpace(note)
	if note == "" {
		return nil, &warta.Error{Code: warta.EInvalid, Message: "Catatan koreksi wajib diisi.", Field: "note"}
	}
	return s.transition(ctx, u, id, step{action: warta.ActionCorrect, comment: note})
}
