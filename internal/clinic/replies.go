package clinic

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/kominfo-jatim/warta/internal/mail"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// Answers to reporters go out through River jobs on the newsroom's client
// (newsroom.Jobs), one job per report, unique by report: publishing a
// verdict enqueues them in the transaction that closes the claim, so a
// crash between the two loses nothing. The worker sends the answer on the
// reporter's channel and sets answered_at, which guards against a second
// answer.

// ReplyQueue is the River queue of the clinic's jobs.
const ReplyQueue = "clinic"

// ReplyArgs is the job that answers one report's reporter with the claim's
// verdict.
type ReplyArgs struct {
	ReportID string `json:"report_id"`
}

// Kind names the job in River's tables.
func (ReplyArgs) Kind() string { return "clinic_reply" }

// InsertOpts puts the job in the clinic queue, once per report.
func (ReplyArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: ReplyQueue, MaxAttempts: 10, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// PurgeArgs is the daily job that deletes expired contact data.
type PurgeArgs struct{}

// Kind names the job in River's tables.
func (PurgeArgs) Kind() string { return "clinic_purge" }

// InsertOpts puts the job in the clinic queue.
func (PurgeArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{Queue: ReplyQueue} }

// ReprioritizeArgs is the hourly job that recomputes open claims'
// priorities, so that a campaign silence period or voting day raises them
// when it begins, not only when a report arrives.
type ReprioritizeArgs struct{}

// Kind names the job in River's tables.
func (ReprioritizeArgs) Kind() string { return "clinic_reprioritize" }

// InsertOpts puts the job in the clinic queue.
func (ReprioritizeArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{Queue: ReplyQueue} }

// Queues is the clinic's River queue, for newsroom.Jobs. It does not
// depend on the service, so the newsroom can be built first.
func (s *Service) Queues() map[string]river.QueueConfig {
	return map[string]river.QueueConfig{ReplyQueue: {MaxWorkers: 8}}
}

// AddWorkers registers the clinic's River workers, for newsroom.Jobs.
func (s *Service) AddWorkers(w *river.Workers) {
	river.AddWorker(w, &replyWorker{s: s})
	river.AddWorker(w, &purgeWorker{s: s})
	river.AddWorker(w, &reprioritizeWorker{s: s})
}

// PeriodicJobs are the clinic's periodic jobs: the daily purge of
// expired contact data (run once at start as well, so a node that is
// restarted daily still purges) and the hourly recomputation of open
// claims' priorities. It does not depend on the service.
func (s *Service) PeriodicJobs() []*river.PeriodicJob {
	return []*river.PeriodicJob{
		river.NewPeriodicJob(river.PeriodicInterval(24*time.Hour),
			func() (river.JobArgs, *river.InsertOpts) { return PurgeArgs{}, nil },
			&river.PeriodicJobOpts{ID: "clinic_purge", RunOnStart: true}),
		river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
			func() (river.JobArgs, *river.InsertOpts) { return ReprioritizeArgs{}, nil },
			&river.PeriodicJobOpts{ID: "clinic_reprioritize", RunOnStart: true}),
	}
}

type reprioritizeWorker struct {
	river.WorkerDefaults[ReprioritizeArgs]
	s *Service
}

// Work recomputes open claims' priorities.
func (w *reprioritizeWorker) Work(ctx context.Context, job *river.Job[ReprioritizeArgs]) error {
	_, err := w.s.reprioritize(ctx)
	return err
}

type replyWorker struct {
	river.WorkerDefaults[ReplyArgs]
	s *Service
}

// Timeout bounds one attempt at a channel API.
func (w *replyWorker) Timeout(*river.Job[ReplyArgs]) time.Duration { return time.Minute }

// Work answers the report's reporter. An answer that still fails on the
// last attempt is recorded on the report before River gives up on it.
func (w *replyWorker) Work(ctx context.Context, job *river.Job[ReplyArgs]) error {
	err := w.s.sendReply(ctx, job.Args.ReportID)
	if err != nil && job.JobRow != nil && job.Attempt >= job.MaxAttempts {
		w.s.gaveUp(ctx, job.Args.ReportID, job.Attempt, err)
	}
	return err
}

type purgeWorker struct {
	river.WorkerDefaults[PurgeArgs]
	s *Service
}

// Work deletes expired contact data, idempotency keys older than a day
// and the address hashes of reports older than a day.
func (w *purgeWorker) Work(ctx context.Context, job *river.Job[PurgeArgs]) error {
	n, err := w.s.Purge(ctx)
	if err != nil {
		return fmt.Errorf("clinic: purge: %w", err)
	}
	if n > 0 {
		w.s.log.Info("clinic: expired contact data purged", "contacts", n)
	}
	keys, err := w.s.purgeIdempotencyKeys(ctx)
	if err != nil {
		return err
	}
	if keys > 0 {
		w.s.log.Info("clinic: old idempotency keys purged", "keys", keys)
	}
	if _, err := w.s.clearOldAddressHashes(ctx); err != nil {
		return err
	}
	return nil
}

// enqueueReplies queues an answer for every report of the claim that has
// a contact and was not answered yet.
func (s *Service) enqueueReplies(ctx context.Context, t tx, claimID string) (int, error) {
	rows, err := t.query(ctx, `SELECT id FROM clinic_reports WHERE claim_id = ? AND contact_id IS NOT NULL
		AND answered_at IS NULL ORDER BY received_at, id`, claimID)
	if err != nil {
		return 0, fmt.Errorf("clinic: reports to answer: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, fmt.Errorf("clinic: reports to answer: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("clinic: reports to answer: %w", err)
	}
	for _, id := range ids {
		if _, err := s.inserter.InsertTx(ctx, t.Tx, ReplyArgs{ReportID: id}, nil); err != nil {
			return 0, fmt.Errorf("clinic: queue answer to report %s: %w", id, err)
		}
	}
	return len(ids), nil
}

// sendReply answers one report's reporter with its claim's verdict, once.
// A report already answered or whose claim has no verdict needs nothing.
// An answer that can never go out — the contact erased or purged since,
// no replier for its kind, or a replier's permanent error (a
// *dissemination.Error that is not Retryable) — is recorded on the report
// (replyFailed) and cancels the job; any other error is retried.
func (s *Service) sendReply(ctx context.Context, reportID string) error {
	var ticket, verdictID string
	var contactID sql.NullString
	var answered sql.NullInt64
	err := s.queryRow(ctx, `SELECT r.ticket, r.contact_id, r.answered_at, c.verdict_id FROM clinic_reports r
		JOIN clinic_claims c ON c.id = r.claim_id WHERE r.id = ?`, reportID).
		Scan(&ticket, &contactID, &answered, &verdictID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return fmt.Errorf("clinic: read report %s to answer: %w", reportID, err)
	}
	if answered.Valid || verdictID == "" {
		return nil
	}
	if !contactID.Valid {
		return s.replyFailed(ctx, reportID, reasonContactGone)
	}
	v, err := s.verdict(ctx, s, verdictID)
	if warta.ErrorCode(err) == warta.ENotFound {
		return nil
	} else if err != nil {
		return err
	}
	c, err := s.openContact(ctx, contactID.String)
	if warta.ErrorCode(err) == warta.ENotFound {
		return s.replyFailed(ctx, reportID, reasonContactGone)
	} else if err != nil {
		return fmt.Errorf("clinic: open contact of report %s: %w", reportID, err)
	}
	r := s.repliers[c.Kind]
	if r == nil {
		return s.replyFailed(ctx, reportID, noReplierReason(c.Kind))
	}
	msg := Message{Ticket: ticket, Text: s.answerText(ticket, v), Verdict: v, URL: s.verdictLink(v)}
	if err := r.Reply(ctx, *c, msg); err != nil {
		if reason, ok := permanentReason(err); ok {
			return s.replyFailed(ctx, reportID, reason)
		}
		return fmt.Errorf("clinic: answer report %s by %s: %w", reportID, c.Kind, err)
	}
	if err := s.logAccess(ctx, SystemActor, AccessReply, contactID.String, "jawaban putusan tiket "+ticket); err != nil {
		s.log.Error("clinic: log contact access", "report", reportID, "err", err)
	}
	if _, err := s.exec(ctx, `UPDATE clinic_reports SET answered_at = ?, answer_verdict_id = ?, reply_error = '',
		reply_failed_at = NULL WHERE id = ? AND answered_at IS NULL`, s.clock().Unix(), v.ID, reportID); err != nil {
		return fmt.Errorf("clinic: mark report %s answered: %w", reportID, err)
	}
	return nil
}

// MailReplier answers reporters who left an email address.
type MailReplier struct {
	Mailer   mail.Sender
	SiteName string
}

// Reply sends m to the contact's email address.
func (r *MailReplier) Reply(ctx context.Context, to Contact, m Message) error {
	subject := "Jawaban laporan " + m.Ticket
	if m.Verdict != nil {
		subject = fmt.Sprintf("[%s] Jawaban laporan %s", m.Verdict.Label, m.Ticket)
	}
	greeting := "Yth. Pelapor,"
	if to.Name != "" {
		greeting = "Yth. " + to.Name + ","
	}
	site := r.SiteName
	if site == "" {
		site = "Klinik Hoaks"
	}
	text := greeting + "\n\n" + m.Text + "\n\nSalam,\n" + site + "\n"
	return r.Mailer.Send(ctx, mail.Message{To: to.Address, Subject: subject, Text: text})
}
