package contest

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// BallotEntry is an accepted entry as the public sees it on the ballot:
// the work, never who made it (voters choose works, not people).
type BallotEntry struct {
	ID          string
	ContestID   string
	CategoryID  string
	Title       string
	Description string
	Kind        Kind
	File        *EntryFile // file entries
	Link        string     // link entries
	Platform    string
}

// Code is the entry's anonymous label, the same as Entry.Code.
func (b *BallotEntry) Code() string { return (&Entry{ID: b.ID}).Code() }

// Ballot lists a published contest's accepted entries for the public, in
// one category (ID or slug) or, with categoryID "", in all, ordered by
// their anonymous code so that the order favours no one. There is a
// ballot only while the public vote is open or once the results are
// announced; at any other time Ballot returns none.
func (s *Service) Ballot(ctx context.Context, contestID, categoryID string) ([]BallotEntry, error) {
	c, err := s.Contest(ctx, nil, contestID)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	if !c.VotingOpen(now) && !c.Announced(now) {
		return nil, nil
	}
	q := `SELECT id, contest_id, category_id, title, description, kind, file_key, file_mime, file_size, file_width,
		file_height, file_variants, link_url, platform FROM contest_entries WHERE contest_id = ? AND status = ?`
	args := []any{c.ID, string(EntryAccepted)}
	if categoryID != "" {
		cat, ok := c.Category(categoryID)
		if !ok {
			return nil, invalid("category", "Pilih kategori lomba.")
		}
		q += " AND category_id = ?"
		args = append(args, cat.ID)
	}
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("contest: ballot: %w", err)
	}
	defer rows.Close()
	var out []BallotEntry
	for rows.Next() {
		var b BallotEntry
		var kind, variants string
		var f EntryFile
		if err := rows.Scan(&b.ID, &b.ContestID, &b.CategoryID, &b.Title, &b.Description, &kind, &f.Key, &f.MIME, &f.Size,
			&f.Width, &f.Height, &variants, &b.Link, &b.Platform); err != nil {
			return nil, fmt.Errorf("contest: ballot: %w", err)
		}
		b.Kind = Kind(kind)
		if f.Key != "" {
			for _, v := range strings.Split(variants, ",") {
				if w, err := strconv.Atoi(v); err == nil {
					f.Variants = append(f.Variants, w)
				}
			}
			b.File = &f
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("contest: ballot: %w", err)
	}
	slices.SortFunc(out, func(a, b BallotEntry) int {
		return strings.Compare(a.Code(), b.Code())
	})
	return out, nil
}
