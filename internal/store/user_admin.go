package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// SetUserRole changes what an account may do: its role and, for
// contributors, the agency it writes for. Other roles may keep an agency
// (an editor of the communications office, say) or have none. It returns
// the account as it was before, for the audit log.
func (db *DB) SetUserRole(ctx context.Context, id string, role warta.Role, agencyID string) (*warta.User, error) {
	known := false
	for _, r := range warta.Roles {
		known = known || r == role
	}
	if !known {
		return nil, &warta.Error{Code: warta.EInvalid, Message: "Pilih salah satu peran yang tersedia.", Field: "role"}
	}
	if role == warta.RoleContributor && agencyID == "" {
		return nil, &warta.Error{Code: warta.EInvalid, Message: "Kontributor wajib terikat pada satu instansi. Pilih instansinya.", Field: "agency"}
	}
	if agencyID != "" {
		ref, err := db.reference(ctx)
		if err != nil {
			return nil, err
		}
		if _, ok := ref.agencyByID[agencyID]; !ok {
			return nil, &warta.Error{Code: warta.EInvalid, Message: "Instansi yang dipilih tidak dikenal.", Field: "agency"}
		}
	}
	before, err := db.UserByID(ctx, id)
	if err != nil {
		return nil, err
	}
	var agency any
	if agencyID != "" {
		agency = agencyID
	}
	if _, err := db.exec(ctx, "UPDATE users SET role = ?, agency_id = ? WHERE id = ?", string(role), agency, id); err != nil {
		return nil, fmt.Errorf("store: set user role: %w", err)
	}
	return before, nil
}

// SetUserDisabled turns an account off or back on. A disabled account
// cannot sign in, and its sessions and tokens stop working at once, as
// every request reads the flag.
func (db *DB) SetUserDisabled(ctx context.Context, id string, disabled bool) error {
	res, err := db.exec(ctx, "UPDATE users SET disabled = ? WHERE id = ?", boolInt(disabled), id)
	if err != nil {
		return fmt.Errorf("store: set user disabled: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return warta.Errorf(warta.ENotFound, "Akun tidak ditemukan.")
	}
	return nil
}

// MediaPage is one page of the media library.
type MediaPage struct {
	Media []warta.Media
	Next  *warta.Cursor // nil on the last page; PublishedAt holds the upload time
}

// ListMedia returns stored images newest first, one keyset page at a time:
// after is the Next of the previous page, nil for the first.
func (db *DB) ListMedia(ctx context.Context, after *warta.Cursor, limit int) (MediaPage, error) {
	var page MediaPage
	if limit <= 0 {
		limit = 24
	}
	if limit > 200 {
		limit = 200
	}
	q := "SELECT id, storage_key, mime, width, height, alt, caption, credit, variants, created_at FROM media"
	var args []any
	if after != nil {
		at := after.PublishedAt.Unix()
		q += " WHERE created_at < ? OR (created_at = ? AND id < ?)"
		args = append(args, at, at, after.ID)
	}
	q += fmt.Sprintf(" ORDER BY created_at DESC, id DESC LIMIT %d", limit+1)
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return page, fmt.Errorf("store: list media: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m warta.Media
		var vs string
		var created int64
		if err := rows.Scan(&m.ID, &m.Key, &m.MIME, &m.Width, &m.Height, &m.Alt, &m.Caption, &m.Credit, &vs, &created); err != nil {
			return page, fmt.Errorf("store: list media: %w", err)
		}
		m.Variants = parseVariants(vs)
		m.CreatedAt = time.Unix(created, 0).UTC()
		if len(page.Media) == limit {
			last := page.Media[limit-1]
			page.Next = &warta.Cursor{PublishedAt: last.CreatedAt, ID: last.ID}
			break
		}
		page.Media = append(page.Media, m)
	}
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("store: list media: %w", err)
	}
	return page, nil
}
