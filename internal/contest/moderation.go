package contest

import (
	"context"
	"fmt"
	"strings"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// EntryFilter selects entries for moderation. Zero fields do not filter.
type EntryFilter struct {
	ContestID  string // required
	CategoryID string
	Status     EntryStatus
}

// Entries lists a contest's entries for admins and editors, with their
// authors' names, oldest first so that moderation goes in order.
func (s *Service) Entries(ctx context.Context, u *warta.User, f EntryFilter) ([]Entry, error) {
	if err := staff(u); err != nil {
		return nil, err
	}
	q := "WHERE e.contest_id = ?"
	args := []any{f.ContestID}
	if f.CategoryID != "" {
		q += " AND e.category_id = ?"
		args = append(args, f.CategoryID)
	}
	if f.Status != "" {
		q += " AND e.status = ?"
		args = append(args, string(f.Status))
	}
	return s.entries(ctx, s, q+" ORDER BY e.submitted_at, e.id", args...)
}

// Entry returns any entry, for admins and editors.
func (s *Service) Entry(ctx context.Context, u *warta.User, id string) (*Entry, error) {
	if err := staff(u); err != nil {
		return nil, err
	}
	return s.entry(ctx, s, id)
}

// AcceptEntry accepts an entry into judging (and the public vote).
func (s *Service) AcceptEntry(ctx context.Context, u *warta.User, entryID string) (*Entry, error) {
	return s.moderate(ctx, u, entryID, EntryAccepted, "")
}

// RejectEntry rejects an entry with a reason the participant sees.
func (s *Service) RejectEntry(ctx context.Context, u *warta.User, entryID, reason string) (*Entry, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, invalid("reason", "Alasan penolakan wajib diisi agar peserta tahu apa yang salah.")
	}
	return s.moderate(ctx, u, entryID, EntryRejected, reason)
}

// moderate records an editor's decision, which stays open until the
// results are announced; a withdrawn entry takes none.
func (s *Service) moderate(ctx context.Context, u *warta.User, entryID string, to EntryStatus, reason string) (*Entry, error) {
	if err := staff(u); err != nil {
		return nil, err
	}
	e, err := s.entry(ctx, s, entryID)
	if err != nil {
		return nil, err
	}
	c, err := s.contest(ctx, s, e.ContestID)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	switch {
	case e.Status == EntryWithdrawn:
		return nil, &warta.Error{Code: warta.EConflict, Message: "Karya ini sudah ditarik pesertanya."}
	case c.Announced(now):
		return nil, &warta.Error{Code: warta.EConflict, Message: "Hasil lomba sudah diumumkan; moderasi sudah ditutup."}
	}
	res, err := s.exec(ctx, `UPDATE contest_entries SET status = ?, moderation_reason = ?, moderated_by = ?, moderated_at = ?
		WHERE id = ? AND status <> ?`, string(to), reason, u.ID, now.Unix(), e.ID, string(EntryWithdrawn))
	if err != nil {
		return nil, fmt.Errorf("contest: moderate %s: %w", e.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, &warta.Error{Code: warta.EConflict, Message: "Karya ini sudah ditarik pesertanya."}
	}
	e.Status, e.Reason, e.ModeratedAt = to, reason, now
	s.audit(ctx, u, "contest.entry."+string(to), "contest_entry", e.ID, map[string]any{"contest_id": c.ID, "title": e.Title, "reason": reason})
	return e, nil
}
