package dissemination

import (
	"context"
	"fmt"
	"time"

	"github.com/kominfo-jatim/warta/internal/store"
)

// A node killed mid-delivery leaves its delivery "sending" under a claim
// that lapses after the attempt's timeout, and River jobs "running" that
// River's leader rescues only after an hour. The engine does not wait for
// River: the deliveries table says what is unfinished, and a fresh job for
// such a delivery is always safe, because only the holder of a delivery's
// claim sends it and a final delivery is never sent again.
//
// Whether the interrupted attempt reached the channel is unknown, so the
// next attempt must not post twice: connectors send the item's idempotency
// key where the API takes one, and two-step APIs record their first step
// through Progress before the second.

// staleAfter is how long a queued delivery may go unlooked-at before the
// sweeper assumes its job was lost.
const staleAfter = 3 * time.Minute

// recoverInterrupted runs at start. With SQLite only one node uses the
// database, so every claim not this engine's belongs to a process that
// died, and every queued delivery that is due may have had its job taken
// by that process: both are queued again at once. With PostgreSQL other
// nodes may be working; their claims lapse and the sweeper takes over.
func (e *Engine) recoverInterrupted(ctx context.Context) error {
	if e.db.Dialect() != store.SQLite {
		return e.sweep(ctx)
	}
	now := e.now().UnixMilli()
	ids, err := e.q().strings(ctx, `SELECT id FROM deliveries WHERE (status = ? AND claimed_by <> ?) OR (status = ? AND next_attempt_at <= ?)`,
		string(StatusSending), e.node, string(StatusQueued), now)
	if err != nil {
		return fmt.Errorf("dissemination: recover deliveries: %w", err)
	}
	if len(ids) == 0 {
		return nil
	}
	if _, err := e.q().exec(ctx, `UPDATE deliveries SET status = ?, claimed_by = '', lease_until = NULL WHERE status = ? AND claimed_by <> ?`,
		string(StatusQueued), string(StatusSending), e.node); err != nil {
		return fmt.Errorf("dissemination: recover deliveries: %w", err)
	}
	if err := e.enqueue(ctx, ids); err != nil {
		return fmt.Errorf("dissemination: recover deliveries: %w", err)
	}
	e.log.Info("deliveries interrupted by the last shutdown queued again", "count", len(ids))
	return nil
}

// sweep queues a job for every delivery whose claim lapsed (its node died
// mid-attempt) and every queued one nobody has looked at for a while (its
// job was lost), marking each queued and due now, so that the next sweep
// leaves it to its new job.
func (e *Engine) sweep(ctx context.Context) error {
	now := e.now().UnixMilli()
	ids, err := e.q().strings(ctx, `SELECT id FROM deliveries WHERE (status = ? AND lease_until < ?) OR (status = ? AND next_attempt_at < ?)
		ORDER BY next_attempt_at LIMIT 500`, string(StatusSending), now, string(StatusQueued), now-staleAfter.Milliseconds())
	if err != nil {
		return fmt.Errorf("dissemination: sweep: %w", err)
	}
	var lost []string
	for _, id := range ids {
		res, err := e.q().exec(ctx, `UPDATE deliveries SET status = ?, claimed_by = '', lease_until = NULL, next_attempt_at = ?
			WHERE id = ? AND ((status = ? AND lease_until < ?) OR (status = ? AND next_attempt_at < ?))`,
			string(StatusQueued), now, id, string(StatusSending), now, string(StatusQueued), now-staleAfter.Milliseconds())
		if err != nil {
			return fmt.Errorf("dissemination: sweep: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			lost = append(lost, id)
		}
	}
	if len(lost) == 0 {
		return nil
	}
	if err := e.enqueue(ctx, lost); err != nil {
		return fmt.Errorf("dissemination: sweep: %w", err)
	}
	e.log.Warn("deliveries without a live job queued again", "count", len(lost))
	return nil
}

func (e *Engine) sweepLoop(ctx context.Context, done chan struct{}) {
	defer close(done)
	t := time.NewTicker(e.sweepEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := e.sweep(ctx); err != nil && ctx.Err() == nil {
				e.log.Warn("dissemination sweep", "err", err)
			}
		}
	}
}
