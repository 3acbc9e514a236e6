package clinic

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/kominfo-jatim/warta/internal/newsroom"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// checker refuses anyone but admins, editors and fact-checkers, who work
// the clinic's queue.
func checker(u *warta.User) error {
	if u == nil {
		return &warta.Error{Code: warta.EUnauthorized, Message: "Silakan masuk terlebih dahulu."}
	}
	if u.Disabled {
		return &warta.Error{Code: warta.EForbidden, Message: "Akun Anda dinonaktifkan."}
	}
	switch u.Role {
	case warta.RoleAdmin, warta.RoleEditor, warta.RoleFactChecker:
		return nil
	}
	return &warta.Error{Code: warta.EForbidden, Message: "Klinik hoaks hanya dapat dikerjakan oleh admin, redaktur dan pemeriksa fakta."}
}

// audit records a checker's decision in the audit log. The decision
// already stands, so a failure to record it is logged, not returned.
func (s *Service) audit(ctx context.Context, u *warta.User, action, objectID string, detail map[string]any) {
	b, err := json.Marshal(detail)
	if err != nil {
		b = []byte("{}")
	}
	e := &warta.AuditEntry{At: s.clock(), Actor: u.ID, Action: action, ObjectType: "clinic_claim", ObjectID: objectID,
		Detail: string(b), IP: newsroom.ClientIP(ctx)}
	if err := s.db.RecordAudit(ctx, e); err != nil {
		s.log.Error("clinic: audit", "action", action, "claim", objectID, "err", err)
	}
}

const claimColumns = `c.id, c.title, c.status, c.reject_reason, c.priority, c.report_count, c.first_report_at, c.due_at,
	c.assignee_id, COALESCE(u.name, ''), c.region_code, c.election, c.suggested_verdict_id, c.suggested_score,
	c.verdict_id, c.updated_at`

const claimFrom = ` FROM clinic_claims c LEFT JOIN users u ON u.id = c.assignee_id AND c.assignee_id <> ''`

func scanClaim(r scanner) (*Claim, error) {
	var c Claim
	var first, due, updated int64
	var election int
	if err := r.Scan(&c.ID, &c.Title, &c.Status, &c.RejectReason, &c.Priority, &c.ReportCount, &first, &due,
		&c.AssigneeID, &c.AssigneeName, &c.RegionCode, &election, &c.SuggestedVerdictID, &c.SuggestedScore,
		&c.VerdictID, &updated); err != nil {
		return nil, err
	}
	c.FirstReportAt, c.DueAt, c.UpdatedAt = unixTime(first), unixTime(due), unixTime(updated)
	c.Election = election != 0
	return &c, nil
}

// claim reads one claim (ENotFound when none).
func (s *Service) claim(ctx context.Context, q querier, id string) (*Claim, error) {
	c, err := scanClaim(q.queryRow(ctx, "SELECT "+claimColumns+claimFrom+" WHERE c.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &warta.Error{Code: warta.ENotFound, Message: "Klaim tidak ditemukan."}
	} else if err != nil {
		return nil, fmt.Errorf("clinic: read claim %s: %w", id, err)
	}
	return c, nil
}

// Queue lists claims, highest priority first, then oldest first report.
func (s *Service) Queue(ctx context.Context, u *warta.User, f QueueFilter) ([]*Claim, error) {
	if err := checker(u); err != nil {
		return nil, err
	}
	var where []string
	var args []any
	switch f.Status {
	case "":
		where = append(where, "c.status IN (?, ?)")
		args = append(args, StatusNew, StatusChecking)
	case StatusNew, StatusChecking, StatusDone, StatusRejected:
		where = append(where, "c.status = ?")
		args = append(args, f.Status)
	default:
		return nil, invalid("status", "Status klaim %q tidak dikenal.", f.Status)
	}
	if f.Assignee != "" {
		where = append(where, "c.assignee_id = ?")
		args = append(args, f.Assignee)
	}
	if f.Overdue {
		where = append(where, "c.status IN (?, ?) AND c.due_at < ?")
		args = append(args, StatusNew, StatusChecking, s.clock().Unix())
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 500)
	q := "SELECT " + claimColumns + claimFrom + " WHERE " + strings.Join(where, " AND ") +
		fmt.Sprintf(" ORDER BY c.priority DESC, c.first_report_at, c.id LIMIT %d", limit)
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("clinic: queue: %w", err)
	}
	defer rows.Close()
	var out []*Claim
	for rows.Next() {
		c, err := scanClaim(rows)
		if err != nil {
			return nil, fmt.Errorf("clinic: queue: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Claim returns one claim for checkers.
func (s *Service) Claim(ctx context.Context, u *warta.User, id string) (*ClaimDetail, error) {
	if err := checker(u); err != nil {
		return nil, err
	}
	c, err := s.claim(ctx, s, id)
	if err != nil {
		return nil, err
	}
	d := &ClaimDetail{Claim: c}
	if d.Reports, err = s.reports(ctx, id); err != nil {
		return nil, err
	}
	if d.Notes, err = s.notes(ctx, id); err != nil {
		return nil, err
	}
	if c.SuggestedVerdictID != "" {
		if d.Suggested, err = s.verdict(ctx, s, c.SuggestedVerdictID); err != nil && warta.ErrorCode(err) != warta.ENotFound {
			return nil, err
		}
	}
	if c.VerdictID != "" {
		if d.Verdict, err = s.verdict(ctx, s, c.VerdictID); err != nil && warta.ErrorCode(err) != warta.ENotFound {
			return nil, err
		}
	}
	if d.Referrals, err = s.referrals(ctx, id); err != nil {
		return nil, err
	}
	return d, nil
}

const reportColumns = `id, ticket, claim_id, channel, body, url, image_path, contact_id, received_at, answered_at,
	answer_verdict_id, COALESCE((SELECT k.referral_consent FROM clinic_contacts k WHERE k.id = clinic_reports.contact_id), 0)`

func scanReport(r scanner) (*Report, error) {
	var rep Report
	var contact sql.NullString
	var received int64
	var answered sql.NullInt64
	var referral int
	if err := r.Scan(&rep.ID, &rep.Ticket, &rep.ClaimID, &rep.Channel, &rep.Text, &rep.URL, &rep.ImagePath, &contact,
		&received, &answered, &rep.AnswerVerdictID, &referral); err != nil {
		return nil, err
	}
	rep.HasContact, rep.ReferralConsent = contact.Valid, referral == 1
	rep.ReceivedAt, rep.AnsweredAt = unixTime(received), fromUnix(answered)
	return &rep, nil
}

// reports lists a claim's reports, first first.
func (s *Service) reports(ctx context.Context, claimID string) ([]*Report, error) {
	rows, err := s.query(ctx, "SELECT "+reportColumns+" FROM clinic_reports WHERE claim_id = ? ORDER BY received_at, id", claimID)
	if err != nil {
		return nil, fmt.Errorf("clinic: reports of claim %s: %w", claimID, err)
	}
	defer rows.Close()
	var out []*Report
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, fmt.Errorf("clinic: reports of claim %s: %w", claimID, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// notes lists a claim's notes, oldest first.
func (s *Service) notes(ctx context.Context, claimID string) ([]*Note, error) {
	rows, err := s.query(ctx, `SELECT n.id, n.claim_id, n.author_id, COALESCE(u.name, ''), n.body, n.evidence_url, n.created_at
		FROM clinic_notes n LEFT JOIN users u ON u.id = n.author_id WHERE n.claim_id = ? ORDER BY n.created_at, n.id`, claimID)
	if err != nil {
		return nil, fmt.Errorf("clinic: notes of claim %s: %w", claimID, err)
	}
	defer rows.Close()
	var out []*Note
	for rows.Next() {
		var n Note
		var at int64
		if err := rows.Scan(&n.ID, &n.ClaimID, &n.AuthorID, &n.AuthorName, &n.Body, &n.EvidenceURL, &at); err != nil {
			return nil, fmt.Errorf("clinic: notes of claim %s: %w", claimID, err)
		}
		n.CreatedAt = unixTime(at)
		out = append(out, &n)
	}
	return out, rows.Err()
}

// openForWork reads a claim a checker is about to change: it must exist
// and still be open.
func (s *Service) openForWork(ctx context.Context, q querier, id string) (*Claim, error) {
	c, err := s.claim(ctx, q, id)
	if err != nil {
		return nil, err
	}
	switch c.Status {
	case StatusDone:
		return nil, &warta.Error{Code: warta.EConflict, Message: "Klaim ini sudah selesai dijawab."}
	case StatusRejected:
		return nil, &warta.Error{Code: warta.EConflict, Message: "Klaim ini sudah ditolak. Buka kembali dahulu bila ingin memeriksanya."}
	}
	return c, nil
}

// ScreenshotFile returns the file path of a report's stored screenshot,
// for the studio to show checkers (ENotFound when it has none). The
// screenshots' library is never served publicly.
func (s *Service) ScreenshotFile(ctx context.Context, u *warta.User, reportID string) (string, error) {
	if err := checker(u); err != nil {
		return "", err
	}
	var key string
	err := s.queryRow(ctx, "SELECT image_path FROM clinic_reports WHERE id = ?", reportID).Scan(&key)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (key == "" || s.cfg.Media == nil)) {
		return "", &warta.Error{Code: warta.ENotFound, Message: "Laporan ini tidak melampirkan tangkapan layar."}
	} else if err != nil {
		return "", fmt.Errorf("clinic: screenshot of report %s: %w", reportID, err)
	}
	return s.cfg.Media.Path(key, 0), nil
}
