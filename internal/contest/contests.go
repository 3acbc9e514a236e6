package contest

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/markdown"
	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// SaveContest creates the contest (empty ID) or replaces the stored one
// with c, for admins and editors. Regions need only their Code or Slug.
// Categories are matched by ID: new ones are added, missing ones removed,
// which is refused for a category that already has entries, as is changing
// its kind. ID, slug (from the title when empty), times and the rendered
// rules are filled in.
func (s *Service) SaveContest(ctx context.Context, u *warta.User, c *Contest) error {
	if err := staff(u); err != nil {
		return err
	}
	if err := s.resolveRegions(ctx, c); err != nil {
		return err
	}
	if err := c.validate(media.MaxBytes); err != nil {
		return err
	}
	if err := s.checkAgency(ctx, c.AgencyID); err != nil {
		return err
	}
	html, err := markdown.Render(c.Rules)
	if err != nil {
		return fmt.Errorf("contest: render rules: %w", err)
	}
	c.RulesHTML = html
	now := s.clock()
	create := c.ID == ""
	if create {
		c.ID, c.CreatedBy, c.CreatedAt = warta.NewID(), u.ID, now
	}
	c.UpdatedAt = now
	prizes, err := json.Marshal(c.Prizes)
	if err != nil {
		return fmt.Errorf("contest: save: %w", err)
	}
	if c.Prizes == nil {
		prizes = []byte("[]")
	}
	codes := make([]string, len(c.Regions))
	for i, r := range c.Regions {
		codes[i] = r.Code
	}
	t := c.Timeline
	args := []any{c.Slug, c.Title, strings.TrimSpace(c.Theme), c.Rules, c.RulesHTML, c.AgencyID, c.MinAge,
		strings.Join(codes, " "), string(prizes), t.RegistrationOpen.Unix(), t.submissionOpen().Unix(), t.SubmissionDeadline.Unix(),
		t.JudgingStart.Unix(), t.JudgingEnd.Unix(), nullUnix(t.VoteStart), nullUnix(t.VoteEnd), t.AnnouncementAt.Unix(),
		boolInt(c.PublicVote), c.VoteWeight, boolInt(c.Blind), boolInt(c.Normalize), string(c.TieBreak), boolInt(c.Published),
		c.UpdatedAt.Unix()}
	err = s.inTx(ctx, func(tx tx) error {
		var err error
		if create {
			_, err = tx.exec(ctx, `INSERT INTO contests (slug, title, theme, rules, rules_html, agency_id, min_age, regions, prizes,
				registration_open, submission_open, submission_deadline, judging_start, judging_end, vote_start, vote_end,
				announcement_at, public_vote, vote_weight, blind, normalize, tie_break, published, updated_at,
				id, created_by, created_at) VALUES (`+placeholders(len(args)+3)+`)`,
				append(args, c.ID, c.CreatedBy, c.CreatedAt.Unix())...)
		} else {
			var res sql.Result
			res, err = tx.exec(ctx, `UPDATE contests SET slug = ?, title = ?, theme = ?, rules = ?, rules_html = ?, agency_id = ?,
				min_age = ?, regions = ?, prizes = ?, registration_open = ?, submission_open = ?, submission_deadline = ?,
				judging_start = ?, judging_end = ?, vote_start = ?, vote_end = ?, announcement_at = ?, public_vote = ?,
				vote_weight = ?, blind = ?, normalize = ?, tie_break = ?, published = ?, updated_at = ? WHERE id = ?`,
				append(args, c.ID)...)
			if err == nil {
				if n, _ := res.RowsAffected(); n == 0 {
					return warta.Errorf(warta.ENotFound, "Lomba tidak ditemukan.")
				}
			}
		}
		if isUniqueViolation(err) {
			return &warta.Error{Code: warta.EConflict, Message: fmt.Sprintf("Slug %q sudah dipakai lomba lain.", c.Slug), Field: "slug"}
		} else if err != nil {
			return fmt.Errorf("contest: save %s: %w", c.ID, err)
		}
		return s.saveCategories(ctx, tx, c)
	})
	if err != nil {
		if create {
			c.ID = ""
		}
		return err
	}
	action := "contest.update"
	if create {
		action = "contest.create"
	}
	s.audit(ctx, u, action, "contest", c.ID, map[string]any{"title": c.Title, "published": c.Published})
	return nil
}

// saveCategories brings the contest's stored categories in line with c's.
func (s *Service) saveCategories(ctx context.Context, tx tx, c *Contest) error {
	stored, err := loadCategories(ctx, tx, c.ID)
	if err != nil {
		return err
	}
	keep := map[string]bool{}
	for _, cat := range c.Categories {
		keep[cat.ID] = true
	}
	for _, old := range stored {
		if keep[old.ID] {
			continue
		}
		if n, err := countEntries(ctx, tx, old.ID); err != nil {
			return err
		} else if n > 0 {
			return invalid("categories", "Kategori %s sudah punya karya sehingga tidak bisa dihapus.", old.Name)
		}
		if _, err := tx.exec(ctx, "DELETE FROM contest_categories WHERE id = ?", old.ID); err != nil {
			return fmt.Errorf("contest: delete category: %w", err)
		}
	}
	for i := range c.Categories {
		cat := &c.Categories[i]
		args := []any{cat.Slug, cat.Name, strings.TrimSpace(cat.Description), string(cat.Kind), strings.Join(cat.Accept, " "),
			cat.MaxBytes, strings.Join(cat.Platforms, " "), cat.MaxEntries, i}
		var old *Category
		for j := range stored {
			if stored[j].ID == cat.ID {
				old = &stored[j]
			}
		}
		if cat.ID != "" && old == nil {
			return invalid("categories", "Kategori %s bukan milik lomba ini.", cat.Name)
		}
		if old == nil {
			cat.ID = warta.NewID()
			_, err = tx.exec(ctx, `INSERT INTO contest_categories (slug, name, description, kind, accept, max_bytes, platforms,
				max_entries, position, id, contest_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, append(args, cat.ID, c.ID)...)
		} else {
			if old.Kind != cat.Kind {
				if n, err := countEntries(ctx, tx, old.ID); err != nil {
					return err
				} else if n > 0 {
					return invalid("categories", "Jenis karya kategori %s tidak bisa diubah karena sudah ada karya yang dikirim.", old.Name)
				}
			}
			_, err = tx.exec(ctx, `UPDATE contest_categories SET slug = ?, name = ?, description = ?, kind = ?, accept = ?,
				max_bytes = ?, platforms = ?, max_entries = ?, position = ? WHERE id = ?`, append(args, cat.ID)...)
		}
		if isUniqueViolation(err) {
			return invalid("categories", "Dua kategori tidak boleh bernama sama (%s).", cat.Name)
		} else if err != nil {
			return fmt.Errorf("contest: save category: %w", err)
		}
	}
	return nil
}

func countEntries(ctx context.Context, q querier, categoryID string) (int, error) {
	var n int
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM contest_entries WHERE category_id = ?", categoryID).Scan(&n); err != nil {
		return 0, fmt.Errorf("contest: count entries: %w", err)
	}
	return n, nil
}

func (s *Service) checkAgency(ctx context.Context, id string) error {
	ags, err := s.db.Agencies(ctx)
	if err != nil {
		return err
	}
	for _, a := range ags {
		if a.ID == id {
			return nil
		}
	}
	return invalid("agency", "Instansi penyelenggara tidak dikenal.")
}

// resolveRegions fills in each region from its code or slug.
func (s *Service) resolveRegions(ctx context.Context, c *Contest) error {
	all, err := s.db.Regions(ctx)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	var out []warta.Region
	for _, want := range c.Regions {
		r, ok := findRegion(all, want.Code, want.Slug)
		if !ok {
			return invalid("regions", "Wilayah %q tidak dikenal.", want.Code+want.Slug)
		}
		if !seen[r.Code] {
			out = append(out, r)
			seen[r.Code] = true
		}
	}
	c.Regions = out
	return nil
}

func findRegion(all []warta.Region, code, slug string) (warta.Region, bool) {
	for _, r := range all {
		if (code != "" && r.Code == code) || (code == "" && slug != "" && r.Slug == slug) {
			return r, true
		}
	}
	return warta.Region{}, false
}

// Contest returns the contest with the ID or slug. Unpublished contests
// exist only for admins and editors.
func (s *Service) Contest(ctx context.Context, u *warta.User, idOrSlug string) (*Contest, error) {
	c, err := s.contest(ctx, s, idOrSlug)
	if err != nil {
		return nil, err
	}
	if !c.Published && !isStaff(u) {
		return nil, notFoundContest()
	}
	return c, nil
}

// ContestFilter selects contests for lists.
type ContestFilter struct {
	Phase Phase // only contests in this phase now; "" for all
}

// Contests lists published contests, those whose registration opens
// latest first; admins and editors also see unpublished ones.
func (s *Service) Contests(ctx context.Context, u *warta.User, f ContestFilter) ([]Contest, error) {
	q := "SELECT " + contestColumns + " FROM contests"
	if !isStaff(u) {
		q += " WHERE published = 1"
	}
	rows, err := s.query(ctx, q+" ORDER BY registration_open DESC, id DESC")
	if err != nil {
		return nil, fmt.Errorf("contest: list: %w", err)
	}
	var out []Contest
	for rows.Next() {
		c, err := scanContest(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, *c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	now := s.clock()
	kept := out[:0]
	for i := range out {
		if f.Phase != "" && out[i].Phase(now) != f.Phase {
			continue
		}
		if err := s.complete(ctx, s, &out[i]); err != nil {
			return nil, err
		}
		kept = append(kept, out[i])
	}
	return kept, nil
}

func notFoundContest() error { return warta.Errorf(warta.ENotFound, "Lomba tidak ditemukan.") }

const contestColumns = `id, slug, title, theme, rules, rules_html, agency_id, min_age, regions, prizes, registration_open,
	submission_open, submission_deadline, judging_start, judging_end, vote_start, vote_end, announcement_at, public_vote,
	vote_weight, blind, normalize, tie_break, published, COALESCE(announcement_article_id, ''), created_by, created_at, updated_at`

// rowScanner is a *sql.Row or *sql.Rows.
type rowScanner interface{ Scan(...any) error }

func scanContest(row rowScanner) (*Contest, error) {
	var c Contest
	var regions, prizes, tie string
	var regOpen, subOpen, deadline, jStart, jEnd, announce, created, updated int64
	var vStart, vEnd sql.NullInt64
	var vote, blind, norm, pub int
	err := row.Scan(&c.ID, &c.Slug, &c.Title, &c.Theme, &c.Rules, &c.RulesHTML, &c.AgencyID, &c.MinAge, &regions, &prizes,
		&regOpen, &subOpen, &deadline, &jStart, &jEnd, &vStart, &vEnd, &announce, &vote, &c.VoteWeight, &blind, &norm, &tie,
		&pub, &c.AnnouncementArticleID, &c.CreatedBy, &created, &updated)
	if err != nil {
		return nil, err
	}
	u := func(v int64) time.Time { return time.Unix(v, 0).UTC() }
	c.Timeline = Timeline{RegistrationOpen: u(regOpen), SubmissionOpen: u(subOpen), SubmissionDeadline: u(deadline),
		JudgingStart: u(jStart), JudgingEnd: u(jEnd), VoteStart: fromUnix(vStart), VoteEnd: fromUnix(vEnd), AnnouncementAt: u(announce)}
	c.PublicVote, c.Blind, c.Normalize, c.Published = vote != 0, blind != 0, norm != 0, pub != 0
	c.TieBreak = TieBreak(tie)
	c.CreatedAt, c.UpdatedAt = u(created), u(updated)
	for _, code := range strings.Fields(regions) {
		c.Regions = append(c.Regions, warta.Region{Code: code})
	}
	if err := json.Unmarshal([]byte(prizes), &c.Prizes); err != nil {
		return nil, fmt.Errorf("contest: prizes of %s: %w", c.ID, err)
	}
	return &c, nil
}

// contest reads a contest by ID or slug with its categories and regions.
func (s *Service) contest(ctx context.Context, q querier, idOrSlug string) (*Contest, error) {
	c, err := scanContest(q.queryRow(ctx, "SELECT "+contestColumns+" FROM contests WHERE id = ? OR slug = ?", idOrSlug, idOrSlug))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFoundContest()
	} else if err != nil {
		return nil, fmt.Errorf("contest: read %s: %w", idOrSlug, err)
	}
	if err := s.complete(ctx, q, c); err != nil {
		return nil, err
	}
	return c, nil
}

// complete loads a scanned contest's categories and resolves its regions.
func (s *Service) complete(ctx context.Context, q querier, c *Contest) error {
	cats, err := loadCategories(ctx, q, c.ID)
	if err != nil {
		return err
	}
	c.Categories = cats
	if len(c.Regions) == 0 {
		return nil
	}
	all, err := s.db.Regions(ctx)
	if err != nil {
		return err
	}
	for i, r := range c.Regions {
		if full, ok := findRegion(all, r.Code, ""); ok {
			c.Regions[i] = full
		}
	}
	return nil
}

func loadCategories(ctx context.Context, q querier, contestID string) ([]Category, error) {
	rows, err := q.query(ctx, `SELECT id, slug, name, description, kind, accept, max_bytes, platforms, max_entries
		FROM contest_categories WHERE contest_id = ? ORDER BY position, id`, contestID)
	if err != nil {
		return nil, fmt.Errorf("contest: categories: %w", err)
	}
	defer rows.Close()
	var out []Category
	for rows.Next() {
		var cat Category
		var kind, accept, platforms string
		if err := rows.Scan(&cat.ID, &cat.Slug, &cat.Name, &cat.Description, &kind, &accept, &cat.MaxBytes, &platforms, &cat.MaxEntries); err != nil {
			return nil, err
		}
		cat.Kind, cat.Accept, cat.Platforms = Kind(kind), strings.Fields(accept), strings.Fields(platforms)
		out = append(out, cat)
	}
	return out, rows.Err()
}

// placeholders returns "?, ?, ?" for n arguments.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
