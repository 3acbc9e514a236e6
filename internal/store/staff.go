package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// ArticleChange is one newsroom write: an article's new state and what is
// recorded with it. ChangeArticle commits all of it in one transaction, so
// the audit log and the article's history never disagree with the article.
type ArticleChange struct {
	// Article is the article's full new state, validated and saved as
	// UpdateArticle saves it, or inserted when Create is set.
	Article  *warta.Article
	Create   bool
	AuthorID string // on Create: the account that wrote it

	// ScheduledAt is the article's publication time from now on; zero
	// clears it. Pass the current value to keep it.
	ScheduledAt time.Time

	// ExpectStatus, when set, makes the change apply only if the stored
	// article still has this status, and ExpectScheduledAt, when set, only
	// if it is still scheduled for this time. Otherwise nothing is written
	// and the error is EConflict: someone else changed the article since it
	// was read.
	ExpectStatus      warta.ArticleStatus
	ExpectScheduledAt time.Time

	Revision   *warta.Revision      // written as the next version when set
	Event      *warta.WorkflowEvent // appended to the article's history when set
	Audit      *warta.AuditEntry    // appended to the audit log when set
	Correction *warta.Correction    // a public correction note, when set

	// InTx, when set, runs last inside the transaction: a job enqueued
	// there exists exactly when the change does.
	InTx func(ctx context.Context, tx *sql.Tx) error
}

// ChangeArticle writes c in one transaction. Readers see the result at once
// (OnChange runs) when the article was or becomes live, or gets a correction.
func (db *DB) ChangeArticle(ctx context.Context, c ArticleChange) error {
	a := c.Article
	if a == nil || (a.ID == "" && !c.Create) {
		return fmt.Errorf("store: change article: no article")
	}
	if c.Create && a.Slug == "" {
		a.Slug = warta.Slugify(a.Title)
	}
	if err := a.Validate(); err != nil {
		return err
	}
	if c.Create {
		if a.ID == "" {
			a.ID = warta.NewID()
		}
		if a.CreatedAt.IsZero() {
			a.CreatedAt = time.Now().UTC().Truncate(time.Second)
		}
		if a.UpdatedAt.IsZero() {
			a.UpdatedAt = a.CreatedAt
		}
	}
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = time.Now().UTC().Truncate(time.Second)
	}
	wasLive := false
	err := db.tx(ctx, func(tx *Tx) error {
		if c.Create {
			if err := tx.insertArticle(ctx, a); err != nil {
				return err
			}
		} else if err := tx.guard(ctx, a.ID, c.ExpectStatus, c.ExpectScheduledAt); err != nil {
			return err
		}
		var author any
		if c.AuthorID != "" {
			author = c.AuthorID
		}
		if _, err := tx.exec(ctx, "UPDATE articles SET scheduled_at = ?, author_id = COALESCE(author_id, ?) WHERE id = ?",
			nullTime(c.ScheduledAt), author, a.ID); err != nil {
			return fmt.Errorf("store: schedule article: %w", err)
		}
		if c.Revision != nil {
			c.Revision.ArticleID = a.ID
			if c.Create {
				c.Revision.Number = 1
			}
			if err := tx.insertRevision(ctx, c.Revision); err != nil {
				return err
			}
		}
		if !c.Create {
			var err error
			if wasLive, err = tx.updateArticle(ctx, a); err != nil {
				return err
			}
		}
		if c.Correction != nil {
			c.Correction.ArticleID = a.ID
			if strings.TrimSpace(c.Correction.Note) == "" {
				return &warta.Error{Code: warta.EInvalid, Message: "Catatan koreksi wajib diisi.", Field: "note"}
			}
			c.Correction.ID = warta.NewID()
			if c.Correction.CreatedAt.IsZero() {
				c.Correction.CreatedAt = a.UpdatedAt
			}
			if err := tx.insertCorrection(ctx, c.Correction); err != nil {
				return err
			}
		}
		if c.Event != nil {
			c.Event.ArticleID = a.ID
			if err := tx.insertEvent(ctx, c.Event); err != nil {
				return err
			}
		}
		if c.Audit != nil {
			if c.Audit.ObjectID == "" {
				c.Audit.ObjectType, c.Audit.ObjectID = "article", a.ID
			}
			if err := tx.insertAudit(ctx, c.Audit); err != nil {
				return err
			}
		}
		if c.InTx != nil {
			return c.InTx(ctx, tx.Tx)
		}
		return nil
	})
	if err != nil {
		return wrapArticleErr("change", err)
	}
	if wasLive || a.Live() || c.Correction != nil {
		db.changed()
	}
	return nil
}

// guard checks, with the row locked for the rest of the transaction on
// PostgreSQL, that the article still has the expected status and schedule.
func (tx *Tx) guard(ctx context.Context, id string, status warta.ArticleStatus, at time.Time) error {
	q := "UPDATE articles SET updated_at = updated_at WHERE id = ?"
	args := []any{id}
	if status != "" {
		q += " AND status = ?"
		args = append(args, string(status))
	}
	if !at.IsZero() {
		q += " AND scheduled_at = ?"
		args = append(args, at.Unix())
	}
	res, err := tx.exec(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: lock article: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	var now string
	err = tx.queryRow(ctx, "SELECT status FROM articles WHERE id = ?", id).Scan(&now)
	if errors.Is(err, sql.ErrNoRows) {
		return warta.Errorf(warta.ENotFound, "Artikel tidak ditemukan.")
	} else if err != nil {
		return fmt.Errorf("store: lock article: %w", err)
	}
	return warta.Errorf(warta.EConflict, "Artikel baru saja diubah orang lain dan kini berstatus %s. Muat ulang halaman lalu coba lagi.",
		warta.ArticleStatus(now).Label())
}

func (tx *Tx) insertEvent(ctx context.Context, e *warta.WorkflowEvent) error {
	if e.CreatedAt.IsZero() {
		e.CreatedAt = time.Now()
	}
	e.CreatedAt = e.CreatedAt.UTC().Truncate(time.Second)
	e.ID = sequentialID()
	if _, err := tx.exec(ctx, `INSERT INTO workflow_events (id, article_id, user_id, action, from_status, to_status, comment, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e.ID, e.ArticleID, e.UserID, string(e.Action), string(e.From), string(e.To),
		e.Comment, e.CreatedAt.Unix()); err != nil {
		return fmt.Errorf("store: record workflow event: %w", err)
	}
	return nil
}

// WorkflowEvents returns an article's history, oldest first, with the
// names of the people involved.
func (db *DB) WorkflowEvents(ctx context.Context, articleID string) ([]warta.WorkflowEvent, error) {
	rows, err := db.query(ctx, `SELECT e.id, e.article_id, e.user_id, COALESCE(u.name, ''), e.action, e.from_status,
		e.to_status, e.comment, e.created_at FROM workflow_events e LEFT JOIN users u ON u.id = e.user_id
		WHERE e.article_id = ? ORDER BY e.created_at, e.id`, articleID)
	if err != nil {
		return nil, fmt.Errorf("store: workflow events: %w", err)
	}
	defer rows.Close()
	var out []warta.WorkflowEvent
	for rows.Next() {
		var e warta.WorkflowEvent
		var action, from, to string
		var at int64
		if err := rows.Scan(&e.ID, &e.ArticleID, &e.UserID, &e.UserName, &action, &from, &to, &e.Comment, &at); err != nil {
			return nil, fmt.Errorf("store: workflow events: %w", err)
		}
		e.Action, e.From, e.To = warta.Action(action), warta.ArticleStatus(from), warta.ArticleStatus(to)
		e.CreatedAt = time.Unix(at, 0).UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// staffSelect reads the workflow columns readers never see.
const staffSelect = `SELECT a.id, a.updated_at, COALESCE(a.author_id, ''), COALESCE(u.name, ''), a.scheduled_at
	FROM articles a LEFT JOIN users u ON u.id = a.author_id `

type staffRow struct {
	id, author, authorName string
	updated                int64
	scheduled              sql.NullInt64
}

func scanStaffRow(row scanner) (staffRow, error) {
	var r staffRow
	err := row.Scan(&r.id, &r.updated, &r.author, &r.authorName, &r.scheduled)
	return r, err
}

func (r staffRow) wrap(a *warta.Article) *warta.StaffArticle {
	s := &warta.StaffArticle{Article: a, AuthorID: r.author, AuthorName: r.authorName}
	if r.scheduled.Valid {
		s.ScheduledAt = time.Unix(r.scheduled.Int64, 0).UTC()
	}
	return s
}

// StaffArticle returns any article with its workflow state and corrections.
func (db *DB) StaffArticle(ctx context.Context, id string) (*warta.StaffArticle, error) {
	a, err := db.ArticleByID(ctx, id)
	if err != nil {
		return nil, err
	}
	r, err := scanStaffRow(db.queryRow(ctx, staffSelect+"WHERE a.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, warta.Errorf(warta.ENotFound, "Artikel tidak ditemukan.")
	} else if err != nil {
		return nil, fmt.Errorf("store: get staff article: %w", err)
	}
	return r.wrap(a), nil
}

// ListStaffArticles returns articles in any status, newest-updated first,
// filtered, one keyset page at a time. It does not check who may see them:
// the newsroom narrows the filter to a contributor's agency.
func (db *DB) ListStaffArticles(ctx context.Context, f warta.StaffFilter) (warta.StaffPage, error) {
	var page warta.StaffPage
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	if limit > 500 {
		limit = 500
	}
	var where []string
	var args []any
	if f.Status != "" {
		where = append(where, "a.status = ?")
		args = append(args, string(f.Status))
	}
	if f.AgencyID != "" {
		where = append(where, "a.agency_id = ?")
		args = append(args, f.AgencyID)
	}
	if f.AuthorID != "" {
		where = append(where, "a.author_id = ?")
		args = append(args, f.AuthorID)
	}
	if f.After != nil {
		at := f.After.UpdatedAt.Unix()
		where = append(where, "(a.updated_at < ? OR (a.updated_at = ? AND a.id < ?))")
		args = append(args, at, at, f.After.ID)
	}
	q := staffSelect
	if len(where) > 0 {
		q += "WHERE " + strings.Join(where, " AND ")
	}
	q += fmt.Sprintf(" ORDER BY a.updated_at DESC, a.id DESC LIMIT %d", limit+1)
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return page, fmt.Errorf("store: list staff articles: %w", err)
	}
	var found []staffRow
	for rows.Next() {
		r, err := scanStaffRow(rows)
		if err != nil {
			rows.Close()
			return page, fmt.Errorf("store: list staff articles: %w", err)
		}
		if len(found) == limit {
			last := found[limit-1]
			page.Next = &warta.StaffCursor{UpdatedAt: time.Unix(last.updated, 0).UTC(), ID: last.id}
			break
		}
		found = append(found, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("store: list staff articles: %w", err)
	}
	ids := make([]string, len(found))
	for i, r := range found {
		ids[i] = r.id
	}
	arts, err := db.articlesByIDs(ctx, ids)
	if err != nil {
		return page, err
	}
	byID := make(map[string]*warta.Article, len(arts))
	for _, a := range arts {
		byID[a.ID] = a
	}
	for _, r := range found {
		if a, ok := byID[r.id]; ok {
			page.Articles = append(page.Articles, r.wrap(a))
		}
	}
	return page, nil
}

// CountStaffArticles counts articles per status for the newsroom
// dashboard, within one agency when agencyID is set.
func (db *DB) CountStaffArticles(ctx context.Context, agencyID string) (map[warta.ArticleStatus]int, error) {
	q := "SELECT status, COUNT(*) FROM articles"
	var args []any
	if agencyID != "" {
		q += " WHERE agency_id = ?"
		args = append(args, agencyID)
	}
	rows, err := db.query(ctx, q+" GROUP BY status", args...)
	if err != nil {
		return nil, fmt.Errorf("store: count staff articles: %w", err)
	}
	defer rows.Close()
	out := map[warta.ArticleStatus]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, fmt.Errorf("store: count staff articles: %w", err)
		}
		out[warta.ArticleStatus(s)] = n
	}
	return out, rows.Err()
}

// ScheduledArticle is an article waiting for its publication time.
type ScheduledArticle struct {
	ID string
	At time.Time
}

// ScheduledArticles lists every scheduled article with its time, soonest
// first, so the scheduler can make sure each has its job.
func (db *DB) ScheduledArticles(ctx context.Context) ([]ScheduledArticle, error) {
	rows, err := db.query(ctx, "SELECT id, scheduled_at FROM articles WHERE status = ? AND scheduled_at IS NOT NULL ORDER BY scheduled_at",
		string(warta.StatusScheduled))
	if err != nil {
		return nil, fmt.Errorf("store: scheduled articles: %w", err)
	}
	defer rows.Close()
	var out []ScheduledArticle
	for rows.Next() {
		var s ScheduledArticle
		var at int64
		if err := rows.Scan(&s.ID, &at); err != nil {
			return nil, fmt.Errorf("store: scheduled articles: %w", err)
		}
		s.At = time.Unix(at, 0).UTC()
		out = append(out, s)
	}
	return out, rows.Err()
}
