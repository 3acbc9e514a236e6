package clinic

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// The log of accesses to contact data is read newest first, a page at a
// time, by keyset: a cursor is the (at, id) of an entry, and a page holds
// the entries just older (Before) or just newer (After) than it. The
// queries bound at alone first, so both databases seek the (at, id) index
// rather than scan from the newest entry.

// AccessLogQuery selects a page of the access log.
type AccessLogQuery struct {
	// Before is AccessLogPage.Older of the page shown: the page after
	// it, older entries ("Berikutnya").
	Before string
	// After is AccessLogPage.Newer of the page shown: the page before
	// it, newer entries ("Sebelumnya"). Before wins when both are set.
	After string
	Limit int // 100 when zero, at most 1,000
}

// AccessLogPage is one page of the access log, newest first.
type AccessLogPage struct {
	Entries []AccessEntry
	// Newer is the cursor of the page of newer entries (AccessLogQuery.After),
	// "" on the first page; Older that of older entries
	// (AccessLogQuery.Before), "" on the last.
	Newer, Older string
}

// AccessLog lists the newest accesses to contact data, with the names of
// the staff who made them (admins only): the first page of
// AccessLogPage. limit is 100 when zero, at most 1,000.
func (s *Service) AccessLog(ctx context.Context, u *warta.User, limit int) ([]AccessEntry, error) {
	p, err := s.AccessLogPage(ctx, u, AccessLogQuery{Limit: limit})
	if err != nil {
		return nil, err
	}
	return p.Entries, nil
}

// AccessLogPage returns one page of the accesses to contact data, newest
// first, with the names of the staff who made them (admins only). A
// cursor that is not one AccessLogPage gave is EInvalid.
func (s *Service) AccessLogPage(ctx context.Context, u *warta.User, q AccessLogQuery) (*AccessLogPage, error) {
	if err := pdpAllow(u, "melihat log akses data pribadi; hanya admin yang dapat", warta.RoleAdmin); err != nil {
		return nil, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 1000)
	page := &AccessLogPage{}
	switch {
	case q.Before != "":
		at, id, err := parseLogCursor(q.Before)
		if err != nil {
			return nil, err
		}
		if page.Entries, err = s.accessEntries(ctx, `WHERE l.at <= ? AND (l.at < ? OR l.id < ?) ORDER BY l.at DESC, l.id DESC`,
			[]any{at, at, id}, limit+1); err != nil {
			return nil, err
		}
		if len(page.Entries) > 0 {
			page.Newer = logCursor(page.Entries[0])
		}
	case q.After != "":
		at, id, err := parseLogCursor(q.After)
		if err != nil {
			return nil, err
		}
		newer, err := s.accessEntries(ctx, `WHERE l.at >= ? AND (l.at > ? OR l.id > ?) ORDER BY l.at, l.id`,
			[]any{at, at, id}, limit+1)
		if err != nil {
			return nil, err
		}
		if len(newer) <= limit {
			// Back at the start: the first page, full.
			return s.AccessLogPage(ctx, u, AccessLogQuery{Limit: limit})
		}
		newer = newer[:limit]
		for i, j := 0, len(newer)-1; i < j; i, j = i+1, j-1 {
			newer[i], newer[j] = newer[j], newer[i]
		}
		page.Entries = newer
		page.Newer = logCursor(newer[0])
		page.Older = logCursor(newer[len(newer)-1])
		return page, nil
	default:
		var err error
		if page.Entries, err = s.accessEntries(ctx, `ORDER BY l.at DESC, l.id DESC`, nil, limit+1); err != nil {
			return nil, err
		}
	}
	if len(page.Entries) > limit {
		page.Entries = page.Entries[:limit]
		page.Older = logCursor(page.Entries[limit-1])
	}
	return page, nil
}

// accessEntries reads up to limit log entries, with the rest of the query
// after the join.
func (s *Service) accessEntries(ctx context.Context, rest string, args []any, limit int) ([]AccessEntry, error) {
	db := s.cfg.DB
	rows, err := db.SQL().QueryContext(ctx, db.Rebind(`SELECT l.id, l.at, l.actor_id, COALESCE(u.name, ''), l.action,
		l.contact_id, l.purpose FROM clinic_access_log l LEFT JOIN users u ON u.id = l.actor_id `+rest+` LIMIT ?`),
		append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("clinic: access log: %w", err)
	}
	defer rows.Close()
	out := []AccessEntry{}
	for rows.Next() {
		var e AccessEntry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.ActorID, &e.ActorName, &e.Action, &e.ContactID, &e.Purpose); err != nil {
			return nil, fmt.Errorf("clinic: access log: %w", err)
		}
		e.At = time.Unix(at, 0).UTC()
		if e.ActorID == SystemActor && e.ActorName == "" {
			e.ActorName = "Sistem"
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("clinic: access log: %w", err)
	}
	return out, nil
}

// logCursor is an entry's place in the log: "unix seconds.id".
func logCursor(e AccessEntry) string {
	return strconv.FormatInt(e.At.Unix(), 10) + "." + e.ID
}

func parseLogCursor(c string) (int64, string, error) {
	bad := invalid("cursor", "Tautan halaman log akses tidak valid. Buka lagi log dari halaman pertamanya.")
	at, id, ok := strings.Cut(c, ".")
	n, err := strconv.ParseInt(at, 10, 64)
	if !ok || err != nil || n < 0 || id == "" || len(id) > 64 {
		return 0, "", bad
	}
	return n, id, nil
}
