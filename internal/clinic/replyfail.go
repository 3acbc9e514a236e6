package clinic

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// Answers that can never go out stop at once and say why on their report:
// retrying a missing template, an erased contact or a blocked bot ten
// times only delays the checker noticing. Transient failures (5xx,
// timeouts, 429) are retried by River as before.

// reasonContactGone is why a report whose contact went is not answered.
const reasonContactGone = "Kontak pelapor sudah dihapus (atas permintaan pemilik data atau karena masa simpannya habis)."

// noReplierReason is why a contact kind that no channel answers on is not
// answered.
func noReplierReason(kind string) string {
	name := kind
	switch kind {
	case ChannelWhatsApp:
		name = "WhatsApp"
	case ChannelTelegram:
		name = "Telegram"
	case emailKind:
		name = "email"
	}
	return fmt.Sprintf("Kanal %s belum diatur di server ini, jadi jawaban tidak dapat dikirim ke pelapor ini.", name)
}

// permanentReason returns the Indonesian reason of an error retrying
// cannot fix: a *dissemination.Error that is not Retryable, as the
// WhatsApp and Telegram repliers return for a missing template or channel,
// an invalid number or a blocked bot. Other errors are transient.
func permanentReason(err error) (string, bool) {
	var de *dissemination.Error
	if !errors.As(err, &de) || de.Retryable {
		return "", false
	}
	msg := strings.TrimSpace(de.Message)
	if msg == "" {
		msg = "Kanal menolak pesan ini."
	}
	return msg, true
}

// replyFailed records on the report that its answer cannot be sent and
// why, and cancels the job.
func (s *Service) replyFailed(ctx context.Context, reportID, reason string) error {
	if err := s.recordReplyFailure(ctx, reportID, reason); err != nil {
		return err
	}
	return river.JobCancel(fmt.Errorf("clinic: answer to report %s cannot be sent: %s", reportID, reason))
}

// recordReplyFailure notes on an unanswered report why its answer did not
// go out.
func (s *Service) recordReplyFailure(ctx context.Context, reportID, reason string) error {
	if _, err := s.exec(ctx, `UPDATE clinic_reports SET reply_error = ?, reply_failed_at = ?
		WHERE id = ? AND answered_at IS NULL`, reason, s.clock().Unix(), reportID); err != nil {
		return fmt.Errorf("clinic: record failed answer to report %s: %w", reportID, err)
	}
	s.log.Warn("clinic: answer not sent", "report", reportID, "reason", reason)
	return nil
}

// retryPromise is how the connectors' transient errors end: "; dicoba
// lagi otomatis.", "; akan dicoba lagi.".
var retryPromise = regexp.MustCompile(`(?i)[;,.]?\s*(akan\s+)?dicoba lagi[^.]*\.?\s*$`)

// gaveUp records the failure of a transient error on the job's last
// attempt, after which River discards it: the checker sees it as any
// other failed answer.
func (s *Service) gaveUp(ctx context.Context, reportID string, attempts int, err error) {
	var cancel *river.JobCancelError
	if errors.As(err, &cancel) {
		return
	}
	why := "kanal tidak menjawab atau sedang bermasalah."
	var de *dissemination.Error
	if errors.As(err, &de) && de.Message != "" {
		// Its promise to try again no longer holds.
		why = strings.TrimSpace(retryPromise.ReplaceAllString(de.Message, ""))
		if !strings.HasSuffix(why, ".") {
			why += "."
		}
	}
	reason := fmt.Sprintf("Gagal setelah %d kali percobaan: %s", attempts, why)
	if err := s.recordReplyFailure(ctx, reportID, reason); err != nil {
		s.log.Error("clinic: record failed answer", "report", reportID, "err", err)
	}
}

// ReplyFailure is why a report's reporter could not be answered.
type ReplyFailure struct {
	Reason string // in Indonesian, for the checker
	At     time.Time
}

// Text is the failure as the studio shows it next to the reporter.
func (f ReplyFailure) Text() string {
	return "Jawaban gagal dikirim: " + strings.TrimSpace(f.Reason)
}

// ReplyFailures returns, by report id, the reports of the claim whose
// answer could not be sent (checkers only).
func (s *Service) ReplyFailures(ctx context.Context, u *warta.User, claimID string) (map[string]*ReplyFailure, error) {
	if err := checker(u); err != nil {
		return nil, err
	}
	rows, err := s.query(ctx, `SELECT id, reply_error, reply_failed_at FROM clinic_reports
		WHERE claim_id = ? AND reply_error <> '' AND answered_at IS NULL`, claimID)
	if err != nil {
		return nil, fmt.Errorf("clinic: failed answers of claim %s: %w", claimID, err)
	}
	defer rows.Close()
	out := map[string]*ReplyFailure{}
	for rows.Next() {
		var id string
		var f ReplyFailure
		var at sql.NullInt64
		if err := rows.Scan(&id, &f.Reason, &at); err != nil {
			return nil, fmt.Errorf("clinic: failed answers of claim %s: %w", claimID, err)
		}
		f.At = fromUnix(at)
		out[id] = &f
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("clinic: failed answers of claim %s: %w", claimID, err)
	}
	return out, nil
}

// RetryReply queues again the answer of a report whose answer failed,
// once whatever kept it from going out is fixed (a template filled in, a
// channel configured), and returns the report's claim id (checkers
// only). A report answered already, not failed, or whose contact is gone
// is EConflict.
func (s *Service) RetryReply(ctx context.Context, u *warta.User, reportID string) (string, error) {
	if err := checker(u); err != nil {
		return "", err
	}
	var claimID, failed, verdictID string
	var contactID sql.NullString
	var answered sql.NullInt64
	err := s.queryRow(ctx, `SELECT r.claim_id, r.reply_error, r.contact_id, r.answered_at, c.verdict_id FROM clinic_reports r
		JOIN clinic_claims c ON c.id = r.claim_id WHERE r.id = ?`, reportID).Scan(&claimID, &failed, &contactID, &answered, &verdictID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", warta.Errorf(warta.ENotFound, "Laporan tidak ditemukan.")
	case err != nil:
		return "", fmt.Errorf("clinic: report %s to answer again: %w", reportID, err)
	case answered.Valid:
		return claimID, warta.Errorf(warta.EConflict, "Pelapor laporan ini sudah dijawab.")
	case failed == "" || verdictID == "":
		return claimID, warta.Errorf(warta.EConflict, "Jawaban laporan ini tidak sedang gagal; tidak ada yang perlu dikirim ulang.")
	case !contactID.Valid:
		return claimID, warta.Errorf(warta.EConflict, "Laporan ini tidak lagi menyimpan kontak pelapor, jadi jawabannya tidak dapat dikirim ulang.")
	}
	err = s.inTx(ctx, func(t tx) error {
		if _, err := t.exec(ctx, `UPDATE clinic_reports SET reply_error = '', reply_failed_at = NULL
			WHERE id = ? AND answered_at IS NULL`, reportID); err != nil {
			return fmt.Errorf("clinic: clear failed answer of report %s: %w", reportID, err)
		}
		if _, err := s.inserter.InsertTx(ctx, t.Tx, ReplyArgs{ReportID: reportID}, nil); err != nil {
			return fmt.Errorf("clinic: queue answer to report %s again: %w", reportID, err)
		}
		return nil
	})
	return claimID, err
}
