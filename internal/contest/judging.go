package contest

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// assignedTo is the SQL condition that entry e (joined with its
// participant p) is one the judge named by the expression judge scores:
// accepted, covered by one of the judge's panels, and not declared a
// conflict by that judge. It is the one place this rule lives, so that a
// conflicted entry can reach a judge through no door.
func assignedTo(judge string) string {
	return `e.status = 'accepted' AND EXISTS (SELECT 1 FROM contest_panels pn JOIN contest_panel_judges pj ON pj.panel_id = pn.id
		WHERE pn.contest_id = e.contest_id AND pj.user_id = ` + judge + ` AND (pn.category_id IS NULL OR pn.category_id = e.category_id))
	AND NOT EXISTS (SELECT 1 FROM contest_conflicts cf WHERE cf.contest_id = e.contest_id AND cf.judge_id = ` + judge + `
		AND (cf.entry_id = e.id OR (cf.participant_email <> '' AND cf.participant_email = p.email)))`
}

// Conflict is a judge's declaration of a conflict of interest with one
// entry, or with a participant named by email (all their entries).
type Conflict struct {
	ID               string
	ContestID        string
	JudgeID          string
	EntryID          string
	ParticipantEmail string
	Reason           string
	CreatedAt        time.Time
}

// isPanelJudge reports whether u sits on a panel of the contest.
func (s *Service) isPanelJudge(ctx context.Context, contestID, userID string) (bool, error) {
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM contest_panels pn JOIN contest_panel_judges pj ON pj.panel_id = pn.id
		WHERE pn.contest_id = ? AND pj.user_id = ?`, contestID, userID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("contest: panel membership: %w", err)
	}
	return n > 0, nil
}

// judgeContest checks that u is a judge on a panel of the contest.
func (s *Service) judgeContest(ctx context.Context, u *warta.User, contestID string) (*Contest, error) {
	if err := judge(u); err != nil {
		return nil, err
	}
	c, err := s.contest(ctx, s, contestID)
	if err != nil {
		return nil, err
	}
	if ok, err := s.isPanelJudge(ctx, c.ID, u.ID); err != nil {
		return nil, err
	} else if !ok {
		return nil, &warta.Error{Code: warta.EForbidden, Message: "Anda tidak termasuk panel juri lomba ini."}
	}
	return c, nil
}

// JudgeContests lists the contests on whose panels the judge sits.
func (s *Service) JudgeContests(ctx context.Context, u *warta.User) ([]Contest, error) {
	if err := judge(u); err != nil {
		return nil, err
	}
	rows, err := s.query(ctx, `SELECT DISTINCT pn.contest_id FROM contest_panels pn JOIN contest_panel_judges pj ON pj.panel_id = pn.id
		WHERE pj.user_id = ?`, u.ID)
	if err != nil {
		return nil, fmt.Errorf("contest: judge's contests: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	var out []Contest
	for _, id := range ids {
		c, err := s.contest(ctx, s, id)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

// DeclareConflict records the judge's conflict of interest with an entry
// (EntryID) or a participant (ParticipantEmail) of the contest. The
// entries concerned disappear from what the judge is given, and any scores
// the judge gave them are removed. Declarations close with judging.
func (s *Service) DeclareConflict(ctx context.Context, u *warta.User, cf *Conflict) error {
	c, err := s.judgeContest(ctx, u, cf.ContestID)
	if err != nil {
		return err
	}
	now := s.clock()
	if !now.Before(c.Timeline.JudgingEnd) {
		return locked(c)
	}
	cf.ParticipantEmail = strings.ToLower(strings.TrimSpace(cf.ParticipantEmail))
	cf.Reason = strings.TrimSpace(cf.Reason)
	switch {
	case cf.EntryID == "" && cf.ParticipantEmail == "":
		return invalid("entry", "Pilih karya, atau tulis email peserta, yang berkonflik kepentingan dengan Anda.")
	case cf.EntryID != "" && cf.ParticipantEmail != "":
		return invalid("entry", "Nyatakan satu konflik untuk satu karya atau satu peserta.")
	case cf.ParticipantEmail != "":
		if a, err := mail.ParseAddress(cf.ParticipantEmail); err != nil || a.Address != cf.ParticipantEmail {
			return invalid("participant_email", "Alamat email peserta tidak valid.")
		}
	default:
		e, err := s.entry(ctx, s, cf.EntryID)
		if err != nil || e.ContestID != c.ID {
			return notFoundEntry()
		}
	}
	cf.ID, cf.ContestID, cf.JudgeID, cf.CreatedAt = warta.NewID(), c.ID, u.ID, now
	err = s.inTx(ctx, func(tx tx) error {
		if _, err := tx.exec(ctx, `INSERT INTO contest_conflicts (id, contest_id, judge_id, entry_id, participant_email, reason, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, cf.ID, c.ID, u.ID, nullString(cf.EntryID), cf.ParticipantEmail, cf.Reason, now.Unix()); err != nil {
			return fmt.Errorf("contest: declare conflict: %w", err)
		}
		_, err := tx.exec(ctx, `DELETE FROM contest_scores WHERE judge_id = ? AND entry_id IN (
			SELECT e.id FROM contest_entries e JOIN contest_participants p ON p.id = e.participant_id
			WHERE e.contest_id = ? AND (e.id = ? OR (? <> '' AND p.email = ?)))`,
			u.ID, c.ID, cf.EntryID, cf.ParticipantEmail, cf.ParticipantEmail)
		if err != nil {
			return fmt.Errorf("contest: declare conflict: drop scores: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.audit(ctx, u, "contest.conflict", "contest", c.ID, map[string]any{"entry_id": cf.EntryID, "participant_email": cf.ParticipantEmail, "reason": cf.Reason})
	return nil
}

// Conflicts lists a contest's conflict declarations: all of them for
// admins and editors, their own for a judge.
func (s *Service) Conflicts(ctx context.Context, u *warta.User, contestID string) ([]Conflict, error) {
	q := "SELECT id, contest_id, judge_id, COALESCE(entry_id, ''), participant_email, reason, created_at FROM contest_conflicts WHERE contest_id = ?"
	args := []any{contestID}
	if !isStaff(u) {
		if _, err := s.judgeContest(ctx, u, contestID); err != nil {
			return nil, err
		}
		q += " AND judge_id = ?"
		args = append(args, u.ID)
	}
	rows, err := s.query(ctx, q+" ORDER BY id", args...)
	if err != nil {
		return nil, fmt.Errorf("contest: conflicts: %w", err)
	}
	defer rows.Close()
	var out []Conflict
	for rows.Next() {
		var cf Conflict
		var created int64
		if err := rows.Scan(&cf.ID, &cf.ContestID, &cf.JudgeID, &cf.EntryID, &cf.ParticipantEmail, &cf.Reason, &created); err != nil {
			return nil, err
		}
		cf.CreatedAt = time.Unix(created, 0).UTC()
		out = append(out, cf)
	}
	return out, rows.Err()
}

// JudgeEntry is an entry as a judge receives it: in blind mode without its
// author's name or ID, with the rubric to score it by and the judge's own
// scores so far.
type JudgeEntry struct {
	Entry
	Code     string      // anonymous label
	Criteria []Criterion // the rubric
	Scores   map[string]int
}

// Scored reports whether the judge scored every criterion.
func (je *JudgeEntry) Scored() bool {
	return len(je.Criteria) > 0 && len(je.Scores) == len(je.Criteria)
}

// JudgeEntries returns the entries the judge scores in a contest, from the
// start of judging: accepted entries of the categories the judge's panels
// cover, never one the judge declared a conflict with. In blind mode the
// authors are hidden.
func (s *Service) JudgeEntries(ctx context.Context, u *warta.User, contestID string) ([]JudgeEntry, error) {
	c, err := s.judgeContest(ctx, u, contestID)
	if err != nil {
		return nil, err
	}
	if now := s.clock(); now.Before(c.Timeline.JudgingStart) {
		return nil, &warta.Error{Code: warta.EConflict, Message: "Penjurian baru dimulai pada " + FormatWIB(c.Timeline.JudgingStart) + "."}
	}
	return s.judgeEntries(ctx, c, u.ID)
}

func (s *Service) judgeEntries(ctx context.Context, c *Contest, judgeID string) ([]JudgeEntry, error) {
	entries, err := s.entries(ctx, s, "WHERE e.contest_id = ? AND "+assignedTo("?")+" ORDER BY e.category_id, e.id", c.ID, judgeID, judgeID)
	if err != nil {
		return nil, err
	}
	rubrics, err := s.rubrics(ctx, s, c.ID)
	if err != nil {
		return nil, err
	}
	rows, err := s.query(ctx, `SELECT s.entry_id, s.criterion_id, s.score FROM contest_scores s JOIN contest_entries e ON e.id = s.entry_id
		WHERE e.contest_id = ? AND s.judge_id = ?`, c.ID, judgeID)
	if err != nil {
		return nil, fmt.Errorf("contest: judge's scores: %w", err)
	}
	scores := map[string]map[string]int{}
	for rows.Next() {
		var entry, crit string
		var v int
		if err := rows.Scan(&entry, &crit, &v); err != nil {
			rows.Close()
			return nil, err
		}
		if scores[entry] == nil {
			scores[entry] = map[string]int{}
		}
		scores[entry][crit] = v
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]JudgeEntry, len(entries))
	for i, e := range entries {
		if c.Blind {
			e.ParticipantID, e.ParticipantName = "", ""
		}
		out[i] = JudgeEntry{Entry: e, Code: e.Code(), Criteria: rubrics.of(e.CategoryID), Scores: map[string]int{}}
		for _, cr := range out[i].Criteria {
			if v, ok := scores[e.ID][cr.ID]; ok {
				out[i].Scores[cr.ID] = v
			}
		}
	}
	return out, nil
}

// ScoreEntry records the judge's scores (1–100) on every criterion of an
// entry's rubric, replacing earlier ones, while judging is open. Scores
// are locked from the end of judging.
func (s *Service) ScoreEntry(ctx context.Context, u *warta.User, entryID string, scores map[string]int) error {
	if err := judge(u); err != nil {
		return err
	}
	e, err := s.entry(ctx, s, entryID)
	if err != nil {
		return err
	}
	c, err := s.judgeContest(ctx, u, e.ContestID)
	if err != nil {
		return err
	}
	now := s.clock()
	if now.Before(c.Timeline.JudgingStart) {
		return &warta.Error{Code: warta.EConflict, Message: "Penjurian baru dimulai pada " + FormatWIB(c.Timeline.JudgingStart) + "."}
	}
	if !now.Before(c.Timeline.JudgingEnd) {
		return locked(c)
	}
	var n int
	if err := s.queryRow(ctx, "SELECT COUNT(*)"+entryFrom+"WHERE e.id = ? AND "+assignedTo("?"), e.ID, u.ID, u.ID).Scan(&n); err != nil {
		return fmt.Errorf("contest: score: %w", err)
	}
	if n == 0 {
		return &warta.Error{Code: warta.EForbidden, Message: "Karya ini tidak termasuk karya yang Anda nilai (bukan panel Anda, belum diterima, atau Anda menyatakan konflik kepentingan)."}
	}
	rubrics, err := s.rubrics(ctx, s, c.ID)
	if err != nil {
		return err
	}
	criteria := rubrics.of(e.CategoryID)
	if len(criteria) == 0 {
		return &warta.Error{Code: warta.EConflict, Message: "Rubrik penilaian kategori ini belum ditetapkan panitia."}
	}
	known := map[string]bool{}
	var missing []string
	for _, cr := range criteria {
		known[cr.ID] = true
		v, ok := scores[cr.ID]
		if !ok {
			missing = append(missing, cr.Name)
		} else if v < 1 || v > 100 {
			return &warta.Error{Code: warta.EInvalid, Field: "score_" + cr.ID, Message: fmt.Sprintf("Nilai %s harus bilangan bulat 1–100.", cr.Name)}
		}
	}
	if len(missing) > 0 {
		return &warta.Error{Code: warta.EInvalid, Field: "scores", Message: "Beri nilai untuk setiap kriteria; belum dinilai: " + joinAnd(missing) + "."}
	}
	for id := range scores {
		if !known[id] {
			return &warta.Error{Code: warta.EInvalid, Field: "scores", Message: "Nilai untuk kriteria yang bukan bagian rubrik kategori ini."}
		}
	}
	return s.inTx(ctx, func(tx tx) error {
		if _, err := tx.exec(ctx, "DELETE FROM contest_scores WHERE entry_id = ? AND judge_id = ?", e.ID, u.ID); err != nil {
			return fmt.Errorf("contest: score: %w", err)
		}
		for _, cr := range criteria {
			if _, err := tx.exec(ctx, "INSERT INTO contest_scores (entry_id, judge_id, criterion_id, score, updated_at) VALUES (?, ?, ?, ?, ?)",
				e.ID, u.ID, cr.ID, scores[cr.ID], now.Unix()); err != nil {
				return fmt.Errorf("contest: score: %w", err)
			}
		}
		return nil
	})
}

func locked(c *Contest) error {
	return &warta.Error{Code: warta.EConflict, Message: "Penjurian sudah ditutup pada " + FormatWIB(c.Timeline.JudgingEnd) + "; nilai sudah dikunci."}
}

// Progress is how far one judge is with a contest.
type Progress struct {
	Judge  warta.User
	Scored int // entries with every criterion scored
	Total  int // entries the judge scores
}

// JudgingProgress reports each judge's progress in a contest: every
// judge's for admins and editors, their own for a judge.
func (s *Service) JudgingProgress(ctx context.Context, u *warta.User, contestID string) ([]Progress, error) {
	var c *Contest
	var judges []string
	if isStaff(u) {
		var err error
		if c, err = s.contest(ctx, s, contestID); err != nil {
			return nil, err
		}
		rows, err := s.query(ctx, `SELECT DISTINCT pj.user_id FROM contest_panels pn JOIN contest_panel_judges pj ON pj.panel_id = pn.id
			WHERE pn.contest_id = ? ORDER BY pj.user_id`, c.ID)
		if err != nil {
			return nil, fmt.Errorf("contest: progress: %w", err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			judges = append(judges, id)
		}
		rows.Close()
	} else {
		var err error
		if c, err = s.judgeContest(ctx, u, contestID); err != nil {
			return nil, err
		}
		judges = []string{u.ID}
	}
	out := make([]Progress, 0, len(judges))
	for _, id := range judges {
		j, err := s.db.UserByID(ctx, id)
		if err != nil {
			return nil, err
		}
		entries, err := s.judgeEntries(ctx, c, id)
		if err != nil {
			return nil, err
		}
		p := Progress{Judge: *j, Total: len(entries)}
		for i := range entries {
			if entries[i].Scored() {
				p.Scored++
			}
		}
		out = append(out, p)
	}
	return out, nil
}
