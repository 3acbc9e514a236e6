package dissemination

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Status is where a delivery stands.
type Status string

// Delivery statuses. Delivered, Failed, DryRun and Skipped are final: the
// engine never sends a delivery in one of them again unless an editor asks
// (Retry).
const (
	StatusQueued    Status = "queued"    // waiting for its turn or its next attempt
	StatusSending   Status = "sending"   // an attempt is under way
	StatusDelivered Status = "delivered" // the channel has it
	StatusFailed    Status = "failed"    // a permanent error, or too many attempts
	StatusDryRun    Status = "dry_run"   // recorded, not sent: the channel has no credentials
	StatusSkipped   Status = "skipped"   // nothing to do, e.g. an update of a post that never went out
)

// Statuses lists every delivery status.
var Statuses = []Status{StatusQueued, StatusSending, StatusDelivered, StatusFailed, StatusDryRun, StatusSkipped}

// Final reports whether the engine is done with a delivery in status s.
func (s Status) Final() bool {
	return s == StatusDelivered || s == StatusFailed || s == StatusDryRun || s == StatusSkipped
}

// Label is the status as editors read it.
func (s Status) Label() string {
	switch s {
	case StatusQueued:
		return "menunggu"
	case StatusSending:
		return "sedang dikirim"
	case StatusDelivered:
		return "terkirim"
	case StatusFailed:
		return "gagal"
	case StatusDryRun:
		return "uji kering (tidak dikirim)"
	case StatusSkipped:
		return "dilewati"
	}
	return string(s)
}

// ChannelRef names a delivery's channel.
type ChannelRef struct {
	ID   string
	Kind string
	Name string
}

// Delivery is one article version on one channel.
type Delivery struct {
	ID        string
	ArticleID string
	Channel   ChannelRef
	Version   string
	Op        Op
	Status    Status
	Attempts  int
	Remote    Remote            // the channel's post, once delivered
	Steps     map[string]string // a two-step API's intermediate ids
	Rendering *Rendering        // what was (or would be) posted; nil before the first attempt
	Requests  []RecordedRequest // a dry run's requests
	LastError string            // Indonesian, for the editor

	NextAttemptAt time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
	DeliveredAt   time.Time // zero until delivered

	claimedBy  string
	leaseUntil time.Time
}

// Filter selects deliveries, newest first. Zero fields do not filter.
type Filter struct {
	ArticleID string
	ChannelID string
	Status    Status
	Before    string // keyset: deliveries with a smaller ID than this
	Limit     int    // default 50, at most 500
}

// Deliveries lists deliveries matching f, newest first.
func (e *Engine) Deliveries(ctx context.Context, f Filter) ([]Delivery, error) {
	ds, err := listDeliveries(ctx, e.q(), f)
	if err != nil {
		return nil, fmt.Errorf("dissemination: list deliveries: %w", err)
	}
	return ds, nil
}

// Delivery returns one delivery, or an ENotFound error.
func (e *Engine) Delivery(ctx context.Context, id string) (*Delivery, error) {
	return getDelivery(ctx, e.q(), id)
}

// Retry sends a failed delivery, or a dry run's, again: it is queued anew
// with its attempts reset, and its job inserted in the same transaction.
// Other deliveries are EConflict: a delivered one is never sent twice, and
// one under way retries by itself.
func (e *Engine) Retry(ctx context.Context, id string) (*Delivery, error) {
	tx, err := e.db.SQL().BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("dissemination: retry: %w", err)
	}
	defer tx.Rollback()
	q := e.txq(tx)
	d, err := getDelivery(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if d.Status != StatusFailed && d.Status != StatusDryRun {
		return nil, warta.Errorf(warta.EConflict, "Hanya pengiriman yang gagal atau uji kering yang dapat dikirim ulang; yang ini %s.", d.Status.Label())
	}
	now := e.now().UnixMilli()
	res, err := q.exec(ctx, `UPDATE deliveries SET status = ?, attempts = 0, last_error = '', claimed_by = '', lease_until = NULL,
		next_attempt_at = ?, updated_at = ? WHERE id = ? AND status = ?`, string(StatusQueued), now, now, id, string(d.Status))
	if err != nil {
		return nil, fmt.Errorf("dissemination: retry %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil, warta.Errorf(warta.EConflict, "Pengiriman ini baru saja berubah. Muat ulang lalu coba lagi.")
	}
	if _, err := e.inserter.InsertTx(ctx, tx, DeliverArgs{DeliveryID: id}, nil); err != nil {
		return nil, fmt.Errorf("dissemination: retry %s: queue: %w", id, err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("dissemination: retry %s: %w", id, err)
	}
	e.log.Info("delivery queued again by an editor", "delivery", id, "article", d.ArticleID, "channel", d.Channel.Name)
	return e.Delivery(ctx, id)
}

// enqueue inserts jobs for deliveries outside any transaction, for the
// sweeper.
func (e *Engine) enqueue(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	jobs := make([]river.InsertManyParams, len(ids))
	for i, id := range ids {
		jobs[i] = river.InsertManyParams{Args: DeliverArgs{DeliveryID: id}}
	}
	_, err := e.inserter.InsertMany(ctx, jobs)
	return err
}
