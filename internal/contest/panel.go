package contest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Panel is a group of judges for a whole contest or one category. Every
// judge of a panel scores every accepted entry the panel covers, except
// those the judge declared a conflict with.
type Panel struct {
	ID         string
	ContestID  string
	CategoryID string // "" for the whole contest
	Name       string
	JudgeIDs   []string     // on save: the judges (warta users with role judge)
	Judges     []warta.User // on read
	CreatedAt  time.Time
}

// Criterion is one weighted part of a rubric.
type Criterion struct {
	ID          string
	Name        string // "Pesan"
	Description string // what the judges look for
	Weight      int    // percent; a rubric's weights sum to 100
}

// SavePanel creates the panel (empty ID) or replaces its name and judges,
// for admins and editors.
func (s *Service) SavePanel(ctx context.Context, u *warta.User, p *Panel) error {
	if err := staff(u); err != nil {
		return err
	}
	c, err := s.contest(ctx, s, p.ContestID)
	if err != nil {
		return err
	}
	p.Name = strings.TrimSpace(p.Name)
	if p.Name == "" {
		return invalid("name", "Nama panel juri wajib diisi.")
	}
	if p.CategoryID != "" {
		cat, ok := c.Category(p.CategoryID)
		if !ok {
			return invalid("category", "Kategori bukan milik lomba ini.")
		}
		p.CategoryID = cat.ID
	}
	p.Judges = nil
	seen := map[string]bool{}
	for _, id := range p.JudgeIDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		j, err := s.db.UserByID(ctx, id)
		if warta.ErrorCode(err) == warta.ENotFound {
			return invalid("judges", "Juri tidak ditemukan.")
		} else if err != nil {
			return err
		}
		if j.Role != warta.RoleJudge || j.Disabled {
			return invalid("judges", "%s bukan juri aktif; hanya akun berperan juri yang dapat masuk panel.", j.Name)
		}
		p.Judges = append(p.Judges, *j)
	}
	now := s.clock()
	return s.inTx(ctx, func(tx tx) error {
		if p.ID == "" {
			p.ID, p.CreatedAt = warta.NewID(), now
			if _, err := tx.exec(ctx, "INSERT INTO contest_panels (id, contest_id, category_id, name, created_at) VALUES (?, ?, ?, ?, ?)",
				p.ID, c.ID, nullString(p.CategoryID), p.Name, now.Unix()); err != nil {
				return fmt.Errorf("contest: create panel: %w", err)
			}
		} else {
			res, err := tx.exec(ctx, "UPDATE contest_panels SET category_id = ?, name = ? WHERE id = ? AND contest_id = ?",
				nullString(p.CategoryID), p.Name, p.ID, c.ID)
			if err != nil {
				return fmt.Errorf("contest: save panel: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return warta.Errorf(warta.ENotFound, "Panel juri tidak ditemukan.")
			}
			if _, err := tx.exec(ctx, "DELETE FROM contest_panel_judges WHERE panel_id = ?", p.ID); err != nil {
				return fmt.Errorf("contest: save panel: %w", err)
			}
		}
		for _, j := range p.Judges {
			if _, err := tx.exec(ctx, "INSERT INTO contest_panel_judges (panel_id, user_id) VALUES (?, ?)", p.ID, j.ID); err != nil {
				return fmt.Errorf("contest: save panel judge: %w", err)
			}
		}
		return nil
	})
}

// DeletePanel removes a panel, for admins and editors.
func (s *Service) DeletePanel(ctx context.Context, u *warta.User, panelID string) error {
	if err := staff(u); err != nil {
		return err
	}
	if _, err := s.exec(ctx, "DELETE FROM contest_panels WHERE id = ?", panelID); err != nil {
		return fmt.Errorf("contest: delete panel: %w", err)
	}
	return nil
}

// Panels lists a contest's panels with their judges, for admins and
// editors.
func (s *Service) Panels(ctx context.Context, u *warta.User, contestID string) ([]Panel, error) {
	if err := staff(u); err != nil {
		return nil, err
	}
	rows, err := s.query(ctx, `SELECT pn.id, pn.contest_id, COALESCE(pn.category_id, ''), pn.name, pn.created_at,
		COALESCE(pj.user_id, '') FROM contest_panels pn LEFT JOIN contest_panel_judges pj ON pj.panel_id = pn.id
		WHERE pn.contest_id = ? ORDER BY pn.created_at, pn.id`, contestID)
	if err != nil {
		return nil, fmt.Errorf("contest: panels: %w", err)
	}
	var out []Panel
	var judges [][]string
	for rows.Next() {
		var p Panel
		var created int64
		var judgeID string
		if err := rows.Scan(&p.ID, &p.ContestID, &p.CategoryID, &p.Name, &created, &judgeID); err != nil {
			rows.Close()
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].ID != p.ID {
			p.CreatedAt = time.Unix(created, 0).UTC()
			out = append(out, p)
			judges = append(judges, nil)
		}
		if judgeID != "" {
			judges[len(judges)-1] = append(judges[len(judges)-1], judgeID)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		out[i].JudgeIDs = judges[i]
		for _, id := range judges[i] {
			j, err := s.db.UserByID(ctx, id)
			if err != nil {
				return nil, err
			}
			out[i].Judges = append(out[i].Judges, *j)
		}
	}
	return out, nil
}

// SetRubric replaces the rubric of a contest (categoryID "") or of one of
// its categories, whose own rubric then replaces the contest's. Weights
// are whole percents summing to 100. Once a judge has scored against it,
// a rubric no longer changes.
func (s *Service) SetRubric(ctx context.Context, u *warta.User, contestID, categoryID string, criteria []Criterion) error {
	if err := staff(u); err != nil {
		return err
	}
	c, err := s.contest(ctx, s, contestID)
	if err != nil {
		return err
	}
	if categoryID != "" {
		cat, ok := c.Category(categoryID)
		if !ok {
			return invalid("category", "Kategori bukan milik lomba ini.")
		}
		categoryID = cat.ID
	}
	sum := 0
	for i := range criteria {
		cr := &criteria[i]
		cr.Name, cr.Description = strings.TrimSpace(cr.Name), strings.TrimSpace(cr.Description)
		if cr.Name == "" {
			return invalid("criteria", "Setiap kriteria wajib bernama.")
		}
		if cr.Weight < 1 || cr.Weight > 100 {
			return invalid("criteria", "Bobot kriteria %s harus antara 1 dan 100 persen.", cr.Name)
		}
		sum += cr.Weight
	}
	if len(criteria) > 0 && sum != 100 {
		return invalid("criteria", "Jumlah bobot kriteria harus 100%%, sekarang %d%%.", sum)
	}
	return s.inTx(ctx, func(tx tx) error {
		var scored int
		err := tx.queryRow(ctx, `SELECT COUNT(*) FROM contest_scores s JOIN contest_entries e ON e.id = s.entry_id
			JOIN contest_criteria cr ON cr.id = s.criterion_id
			WHERE e.contest_id = ? AND (COALESCE(cr.category_id, '') = ? OR e.category_id = ?)`, c.ID, categoryID, categoryID).Scan(&scored)
		if err != nil {
			return fmt.Errorf("contest: set rubric: %w", err)
		}
		if scored > 0 {
			return &warta.Error{Code: warta.EConflict, Field: "criteria", Message: "Rubrik tidak dapat diubah karena juri sudah mulai menilai."}
		}
		if _, err := tx.exec(ctx, "DELETE FROM contest_criteria WHERE contest_id = ? AND COALESCE(category_id, '') = ?", c.ID, categoryID); err != nil {
			return fmt.Errorf("contest: set rubric: %w", err)
		}
		for i := range criteria {
			criteria[i].ID = warta.NewID()
			if _, err := tx.exec(ctx, `INSERT INTO contest_criteria (id, contest_id, category_id, name, description, weight, position)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, criteria[i].ID, c.ID, nullString(categoryID), criteria[i].Name, criteria[i].Description,
				criteria[i].Weight, i); err != nil {
				return fmt.Errorf("contest: set rubric: %w", err)
			}
		}
		return nil
	})
}

// Rubric returns the criteria that entries of a category are judged by:
// the category's own, or else the contest's. It is public, as the rules
// state how entries are judged.
func (s *Service) Rubric(ctx context.Context, contestID, categoryID string) ([]Criterion, error) {
	rubrics, err := s.rubrics(ctx, s, contestID)
	if err != nil {
		return nil, err
	}
	return rubrics.of(categoryID), nil
}

// rubricSet is a contest's rubrics by category ID ("" for the contest's).
type rubricSet map[string][]Criterion

func (r rubricSet) of(categoryID string) []Criterion {
	if own, ok := r[categoryID]; ok {
		return own
	}
	return r[""]
}

func (s *Service) rubrics(ctx context.Context, q querier, contestID string) (rubricSet, error) {
	rows, err := q.query(ctx, `SELECT id, COALESCE(category_id, ''), name, description, weight FROM contest_criteria
		WHERE contest_id = ? ORDER BY position, id`, contestID)
	if err != nil {
		return nil, fmt.Errorf("contest: rubric: %w", err)
	}
	defer rows.Close()
	out := rubricSet{}
	for rows.Next() {
		var cr Criterion
		var cat string
		if err := rows.Scan(&cr.ID, &cat, &cr.Name, &cr.Description, &cr.Weight); err != nil {
			return nil, err
		}
		out[cat] = append(out[cat], cr)
	}
	return out, rows.Err()
}
