package dissemination

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/riverqueue/river"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// DeliverArgs is the job that sends one delivery. It carries only the
// delivery's ID: the deliveries table is the record of what to send, so a
// duplicate job finds the delivery claimed or done and does nothing.
type DeliverArgs struct {
	DeliveryID string `json:"delivery_id"`
}

// Kind names the job in River's tables.
func (DeliverArgs) Kind() string { return "deliver" }

// InsertOpts puts the job in the dissemination queue.
func (DeliverArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{Queue: Queue} }

type deliverWorker struct {
	river.WorkerDefaults[DeliverArgs]
	e *Engine
}

// Timeout bounds one attempt; a little more than the engine's own bound,
// so the engine records the outcome before River gives up on the job.
func (w *deliverWorker) Timeout(*river.Job[DeliverArgs]) time.Duration {
	return w.e.timeout + 10*time.Second
}

// Work sends the delivery. Waiting — for the channel's rate limit, for a
// retry's time, for the create an update follows — snoozes the job;
// retries after retryable errors are snoozes too, timed by the engine's
// backoff or the channel's Retry-After. An error returned to River means
// the engine itself failed (the database), and River retries the job.
func (w *deliverWorker) Work(ctx context.Context, job *river.Job[DeliverArgs]) error {
	wait, err := w.e.deliver(ctx, job.Args.DeliveryID)
	if err != nil {
		return err
	}
	if wait > 0 {
		return river.JobSnooze(wait)
	}
	return nil
}

// outcome is how an attempt ended.
type outcome struct {
	status    Status
	remote    *Remote
	rendering *Rendering
	requests  []RecordedRequest
	lastError string
	retryIn   time.Duration // for StatusQueued: when to try again
}

// deliver makes one attempt at a delivery. It returns how long to wait
// before the job looks again, or 0 when the delivery needs nothing more
// from this job.
func (e *Engine) deliver(ctx context.Context, id string) (time.Duration, error) {
	d, err := getDelivery(ctx, e.q(), id)
	if warta.ErrorCode(err) == warta.ENotFound {
		return 0, nil // the article was deleted, and its deliveries with it
	} else if err != nil {
		return 0, err
	}
	if d.Status.Final() {
		return 0, nil
	}
	now := e.now()
	if wait := d.NextAttemptAt.Sub(now); wait > 0 {
		return wait, nil
	}
	if d.claimedBy != "" && d.leaseUntil.After(now) {
		// Another job is sending it, or a crashed node was: look again
		// when that claim lapses.
		return d.leaseUntil.Sub(now) + time.Second, nil
	}
	c, err := e.channel(ctx, e.q(), d.Channel.ID)
	if warta.ErrorCode(err) == warta.ENotFound {
		return 0, e.settle(ctx, d, outcome{status: StatusSkipped, lastError: "Kanal sudah dihapus; tidak dikirim."}, false)
	} else if err != nil {
		return 0, err
	}
	if !c.Enabled {
		return 0, e.settle(ctx, d, outcome{status: StatusSkipped, lastError: "Kanal dinonaktifkan; tidak dikirim."}, false)
	}
	conn, ok := e.reg[c.Kind]
	if !ok {
		return 0, e.settle(ctx, d, outcome{status: StatusFailed,
			lastError: fmt.Sprintf("Jenis kanal %q tidak dikenal di server ini; periksa versi Warta.", c.Kind)}, false)
	}
	_, dry := e.missing(&c.Channel, c.sealed)

	// An update or deletion acts on the post its create made, so it waits
	// for that create to settle.
	var prior *Remote
	if d.Op != OpCreate {
		create, err := createBefore(ctx, e.q(), d)
		if err != nil {
			return 0, err
		}
		switch {
		case create == nil || create.Status == StatusFailed || create.Status == StatusSkipped:
			return 0, e.settle(ctx, d, outcome{status: StatusSkipped, lastError: "Artikel belum pernah terkirim ke kanal ini; tidak ada yang diubah atau dihapus."}, false)
		case !create.Status.Final():
			return e.postpone(ctx, d, 2*time.Second)
		case create.Status == StatusDryRun && !dry:
			return 0, e.settle(ctx, d, outcome{status: StatusSkipped, lastError: "Artikel dulu hanya diuji kering di kanal ini, tidak benar-benar dikirim; tidak ada yang diubah atau dihapus."}, false)
		}
		prior = &create.Remote
	}

	if wait := e.limits.take(&c.Channel, now); wait > 0 {
		return e.postpone(ctx, d, wait)
	}
	claimed, err := e.claim(ctx, d, now)
	if err != nil || !claimed {
		e.limits.giveBack(c.ID)
		return time.Second, err
	}

	art, err := e.db.ArticleByID(ctx, d.ArticleID)
	if warta.ErrorCode(err) == warta.ENotFound {
		return 0, e.settle(ctx, d, outcome{status: StatusSkipped, lastError: "Artikel sudah dihapus."}, true)
	} else if err != nil {
		e.release(ctx, d)
		return 0, err
	}
	if d.Op != OpDelete && !art.Live() {
		return 0, e.settle(ctx, d, outcome{status: StatusSkipped, lastError: "Artikel sudah ditarik sebelum terkirim."}, true)
	}
	ch, err := e.open(c)
	if err != nil {
		return 0, e.settle(ctx, d, outcome{status: StatusFailed, lastError: AsError(err).Message}, true)
	}
	return e.attempt(ctx, d, conn, ch, art, prior, dry)
}

// attempt calls the connector for a claimed delivery and records how it
// went.
func (e *Engine) attempt(ctx context.Context, d *Delivery, conn Connector, ch *Channel, art *warta.Article, prior *Remote, dry bool) (time.Duration, error) {
	var sender Sender = e.client
	var rec *recorder
	if dry {
		for _, k := range requiredSecrets(conn) {
			if ch.Secrets[k] == "" {
				ch.Secrets[k] = DryRunSecret
			}
		}
		rec = newRecorder(ch, conn)
		sender = rec
	}
	it := e.item(d.Op, art, ch, d.Version, prior)
	var out outcome
	if d.Op != OpDelete {
		if r, err := conn.Render(ch, it); err == nil {
			out.rendering = &r
		}
	}
	actx, cancel := context.WithTimeout(ctx, e.timeout)
	remote, err := conn.Deliver(actx, ch, it, sender, &progress{e: e, d: d})
	cancel()
	if rec != nil {
		out.requests = rec.requests()
	}
	switch {
	case err == nil && dry:
		out.status = StatusDryRun
	case err == nil:
		out.status = StatusDelivered
	default:
		de := AsError(err)
		// The cause may quote a URL with a token in it (Telegram's).
		e.log.Warn("delivery attempt failed", "delivery", d.ID, "article", d.ArticleID, "channel", ch.Name,
			"attempt", d.Attempts, "retryable", de.Retryable, "err", hide(err.Error(), secretValues(ch)))
		out.lastError = de.Message
		switch {
		case !de.Retryable:
			out.status = StatusFailed
		case d.Attempts >= e.maxAttempts:
			out.status = StatusFailed
			out.lastError = fmt.Sprintf("%s Sudah dicoba %d kali; kirim ulang bila kanal sudah pulih.", de.Message, d.Attempts)
		default:
			out.status = StatusQueued
			out.retryIn = max(e.backoff(d.Attempts), de.RetryAfter)
		}
	}
	if out.status == StatusDelivered || out.status == StatusDryRun {
		out.remote = remote
		if remote == nil && prior != nil {
			out.remote = prior // an update that changed nothing on the channel's side
		}
	}
	if err := e.settle(ctx, d, out, true); err != nil {
		return 0, err
	}
	return out.retryIn, nil
}

func requiredSecrets(conn Connector) []string {
	_, s := conn.Required()
	return s
}

// backoff is the wait before attempt n+1: exponential from RetryBase,
// capped at RetryMax, with ±20% jitter so that deliveries failing together
// do not retry together.
func (e *Engine) backoff(n int) time.Duration {
	d := e.retryBase << min(max(n-1, 0), 20)
	if d <= 0 || d > e.retryMax {
		d = e.retryMax
	}
	return time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
}

// claim marks the delivery as being sent by this engine, if nobody else
// holds it and its time has come: the one gate every attempt passes.
func (e *Engine) claim(ctx context.Context, d *Delivery, now time.Time) (bool, error) {
	ms := now.UnixMilli()
	lease := now.Add(e.timeout + 30*time.Second).UnixMilli()
	res, err := e.q().exec(ctx, `UPDATE deliveries SET status = ?, attempts = attempts + 1, claimed_by = ?, lease_until = ?, updated_at = ?
		WHERE id = ? AND status IN (?, ?) AND next_attempt_at <= ? AND (claimed_by = '' OR lease_until IS NULL OR lease_until < ?)`,
		string(StatusSending), e.node, lease, ms, d.ID, string(StatusQueued), string(StatusSending), ms, ms)
	if err != nil {
		return false, fmt.Errorf("dissemination: claim delivery %s: %w", d.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return false, nil
	}
	d.Status, d.Attempts, d.claimedBy = StatusSending, d.Attempts+1, e.node
	return true, nil
}

// release gives up a claim without an outcome, for a later attempt.
func (e *Engine) release(ctx context.Context, d *Delivery) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	e.q().exec(ctx, `UPDATE deliveries SET status = ?, attempts = attempts - 1, claimed_by = '', lease_until = NULL
		WHERE id = ? AND claimed_by = ?`, string(StatusQueued), d.ID, e.node)
}

// postpone sets when the delivery is next looked at, so that the sweeper
// knows its job is alive, and returns the wait. A claim that lapsed with
// its node is cleared on the way.
func (e *Engine) postpone(ctx context.Context, d *Delivery, wait time.Duration) (time.Duration, error) {
	now := e.now()
	if _, err := e.q().exec(ctx, `UPDATE deliveries SET status = ?, claimed_by = '', lease_until = NULL, next_attempt_at = ?
		WHERE id = ? AND `+unclaimed, string(StatusQueued), now.Add(wait).UnixMilli(), d.ID,
		string(StatusQueued), string(StatusSending), now.UnixMilli()); err != nil {
		return 0, fmt.Errorf("dissemination: postpone delivery %s: %w", d.ID, err)
	}
	return wait, nil
}

// unclaimed is the condition, with three arguments (queued, sending, now
// in ms), that a delivery is unfinished and nobody holds it.
const unclaimed = "status IN (?, ?) AND (claimed_by = '' OR lease_until IS NULL OR lease_until < ?)"

// settle records an outcome. For a claimed delivery it writes only while
// the claim is still this engine's, so a node that lost its lease (a long
// pause) cannot overwrite the outcome of the node that took over. It
// writes even when ctx has ended: the attempt happened.
func (e *Engine) settle(ctx context.Context, d *Delivery, out outcome, claimed bool) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	now := e.now()
	var delivered any
	next := now.UnixMilli()
	switch out.status {
	case StatusDelivered, StatusDryRun:
		delivered = now.UnixMilli()
	case StatusQueued:
		next = now.Add(out.retryIn).UnixMilli()
	}
	remote := d.Remote
	if out.remote != nil {
		remote = *out.remote
	}
	rendering := ""
	if out.rendering != nil {
		rendering = jsonText(out.rendering)
	}
	q := `UPDATE deliveries SET status = ?, remote_id = ?, remote_url = ?, rendering = CASE WHEN ? = '' THEN rendering ELSE ? END,
		request_log = ?, last_error = ?, claimed_by = '', lease_until = NULL, next_attempt_at = ?, updated_at = ?, delivered_at = ?
		WHERE id = ?`
	args := []any{string(out.status), remote.ID, remote.URL, rendering, rendering, jsonText(out.requests), out.lastError,
		next, now.UnixMilli(), delivered, d.ID}
	if claimed {
		q += " AND claimed_by = ?"
		args = append(args, e.node)
	} else {
		q += " AND " + unclaimed
		args = append(args, string(StatusQueued), string(StatusSending), now.UnixMilli())
	}
	res, err := e.q().exec(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("dissemination: record delivery %s: %w", d.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		e.log.Warn("delivery changed hands before its outcome was recorded", "delivery", d.ID, "status", out.status)
		return nil
	}
	label := string(out.status)
	if out.status == StatusQueued {
		label = "retrying"
	}
	e.metrics.outcome(d.Channel.Kind, label)
	if out.status == StatusDelivered {
		e.metrics.delivered(d.Channel.Kind, d.CreatedAt, now)
	}
	switch {
	case out.status == StatusFailed:
		e.log.Warn("delivery failed", "delivery", d.ID, "article", d.ArticleID, "channel", d.Channel.Name,
			"op", d.Op, "attempts", d.Attempts, "error", out.lastError)
	case out.status.Final():
		e.log.Debug("delivery settled", "delivery", d.ID, "article", d.ArticleID, "channel", d.Channel.Name,
			"op", d.Op, "status", out.status, "attempts", d.Attempts, "remote", remote.ID)
	}
	return nil
}

// progress is a delivery's Progress: its steps column.
type progress struct {
	e *Engine
	d *Delivery
}

func (p *progress) Step(key string) string { return p.d.Steps[key] }

// SaveStep writes the steps at once, outside any transaction, while the
// claim is this engine's.
func (p *progress) SaveStep(ctx context.Context, key, value string) error {
	steps := make(map[string]string, len(p.d.Steps)+1)
	for k, v := range p.d.Steps {
		steps[k] = v
	}
	steps[key] = value
	res, err := p.e.q().exec(ctx, "UPDATE deliveries SET steps = ?, updated_at = ? WHERE id = ? AND claimed_by = ?",
		jsonText(steps), p.e.now().UnixMilli(), p.d.ID, p.e.node)
	if err != nil {
		return Temporary("Langkah pengiriman tidak dapat dicatat; dicoba lagi otomatis.", err, 0)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return Temporary("Pengiriman ini sedang ditangani proses lain.", errors.New("claim lost"), 0)
	}
	p.d.Steps = steps
	return nil
}
