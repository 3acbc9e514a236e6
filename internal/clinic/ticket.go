package clinic

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

var ticketRE = regexp.MustCompile(`^KH-\d{4}-\d{6,}$`)

// Ticket returns the public status of a ticket code (ENotFound when none).
// It shows the claim's state and verdict, never the report or its
// reporter.
func (s *Service) Ticket(ctx context.Context, code string) (*TicketView, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	notFound := &warta.Error{Code: warta.ENotFound, Message: "Nomor tiket tidak ditemukan. Periksa kembali penulisannya, misalnya KH-2026-000123."}
	if !ticketRE.MatchString(code) {
		return nil, notFound
	}
	var tv TicketView
	var received, due int64
	var answered sql.NullInt64
	var answerVerdict, claimVerdict, replyError string
	err := s.queryRow(ctx, `SELECT r.ticket, c.status, r.received_at, c.due_at, r.answered_at, r.answer_verdict_id,
		c.verdict_id, c.reject_reason, r.reply_error FROM clinic_reports r JOIN clinic_claims c ON c.id = r.claim_id WHERE r.ticket = ?`, code).
		Scan(&tv.Ticket, &tv.Status, &received, &due, &answered, &answerVerdict, &claimVerdict, &tv.RejectReason, &replyError)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound
	} else if err != nil {
		return nil, fmt.Errorf("clinic: ticket %s: %w", code, err)
	}
	tv.ReceivedAt, tv.AnsweredAt = unixTime(received), fromUnix(answered)
	tv.DueAt = unixTime(due)
	tv.ReplyFailed = replyError != "" && !answered.Valid
	if answerVerdict == "" {
		answerVerdict = claimVerdict
	}
	if answerVerdict != "" && tv.Status == StatusDone {
		v, err := s.verdict(ctx, s, answerVerdict)
		if err != nil && warta.ErrorCode(err) != warta.ENotFound {
			return nil, err
		}
		tv.Verdict = v
	}
	return &tv, nil
}

// nextTicket numbers a report within its year (in WIB).
func nextTicket(ctx context.Context, t tx, at time.Time) (string, error) {
	year := at.In(warta.Jakarta).Year()
	var n int64
	err := t.queryRow(ctx, `INSERT INTO clinic_ticket_seq (year, last) VALUES (?, 1)
		ON CONFLICT (year) DO UPDATE SET last = clinic_ticket_seq.last + 1 RETURNING last`, year).Scan(&n)
	if err != nil {
		return "", fmt.Errorf("clinic: number ticket: %w", err)
	}
	return fmt.Sprintf("KH-%d-%06d", year, n), nil
}

// repeat returns the receipt of a submission seen before, or nil.
func (s *Service) repeat(ctx context.Context, channel, externalID string) (*Receipt, error) {
	var ticket, decision, verdictID string
	var score float64
	err := s.queryRow(ctx, `SELECT r.ticket, r.decision, r.match_score, r.answer_verdict_id
		FROM clinic_reports r WHERE r.channel = ? AND r.external_id = ?`, channel, externalID).
		Scan(&ticket, &decision, &score, &verdictID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("clinic: find repeated report: %w", err)
	}
	return s.replayReceipt(ctx, ticket, decision, score, verdictID)
}

// receipt is intake's answer, with the reply for the reporter.
func (s *Service) receipt(ticket, decision string, score float64, v *Verdict) *Receipt {
	r := &Receipt{Ticket: ticket, Decision: decision, Score: score}
	if decision == DecisionAuto && v != nil {
		r.Verdict = v
		r.Reply = s.answerText(ticket, v)
		return r
	}
	if r.Decision == DecisionAuto {
		r.Decision = DecisionNew
	}
	r.Reply = fmt.Sprintf("Terima kasih, laporan Anda sudah kami terima dengan nomor tiket %s. "+
		"Tim pemeriksa fakta akan memeriksanya dan menjawab paling lambat 1×24 jam. "+
		"Pantau statusnya di %s", ticket, s.TicketURL(ticket))
	return r
}

// answerText is the answer to a reporter with a verdict.
func (s *Service) answerText(ticket string, v *Verdict) string {
	return fmt.Sprintf("Terima kasih telah melapor (tiket %s). Klaim ini sudah diperiksa: %s\n"+
		"Hasil: %s. Penjelasan lengkapnya: %s\n"+
		"Mohon tidak menyebarkan pesan yang keliru. Mari saring sebelum sharing.",
		ticket, v.Heading(), v.Label, s.verdictLink(v))
}

// verdictLink is where a reporter reads the verdict: its article, or for
// an imported verdict without a link, the archive's search for it.
func (s *Service) verdictLink(v *Verdict) string {
	if v.URL != "" {
		return v.URL
	}
	return s.baseURL + "/cek-fakta?q=" + url.QueryEscape(v.Title)
}

// TicketURL is the public status page of a ticket.
func (s *Service) TicketURL(ticket string) string {
	return s.baseURL + "/klinik/tiket/" + ticket
}

// replayReceipt is the receipt of a report stored earlier, for a resend:
// the same answer as the first time, marked Repeat.
func (s *Service) replayReceipt(ctx context.Context, ticket, decision string, score float64, verdictID string) (*Receipt, error) {
	var v *Verdict
	if verdictID != "" && decision == DecisionAuto {
		var err error
		if v, err = s.verdict(ctx, s, verdictID); err != nil && warta.ErrorCode(err) != warta.ENotFound {
			return nil, err
		}
	}
	r := s.receipt(ticket, decision, score, v)
	r.Repeat = true
	if err := s.relateReplay(ctx, r); err != nil {
		return nil, err
	}
	return r, nil
}
