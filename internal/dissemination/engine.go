package dissemination

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"

	"github.com/kominfo-jatim/warta/internal/secretbox"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// The engine's jobs run on the newsroom's River client (newsroom.Jobs): one
// client per node works every capability's jobs, because River's elected
// leader rescues stuck jobs only of kinds its own client knows and discards
// the rest. The engine keeps an insert-only client of its own, which takes
// no part in leader election.
//
// The deliveries table, not River, is the record of what must be sent. A
// job only says "look at delivery X"; the worker claims the delivery with a
// lease before calling the channel, so a duplicate job is harmless, and a
// delivery whose job was lost with a crashed node is found again by the
// sweeper (recover.go).

// Queue is the River queue of delivery jobs.
const Queue = "dissemination"

// Config assembles an Engine.
type Config struct {
	DB       *store.DB
	Registry Registry
	Site     Site
	// SecretKey seals channel credentials (internal/secretbox). Without
	// it, channels can be configured without credentials only, and run dry.
	SecretKey string
	Logger    *slog.Logger     // slog.Default when nil
	Now       func() time.Time // time.Now when nil
	// MediaURL gives the public path (or URL) of a stored image's variant
	// of the given width, 0 for the original: media.URL.
	MediaURL func(key string, width int) string

	// HTTPClient sends real requests; one with sane timeouts when nil.
	HTTPClient *http.Client
	// Workers is how many deliveries a node sends at once (default 64).
	// Channel APIs answer slowly and River fetches jobs in batches at
	// most every 100 ms, so throughput grows with it: 64 makes about 350
	// deliveries a second to fast local endpoints on two cores.
	Workers int
	// RetryBase and RetryMax bound the exponential backoff between
	// attempts after retryable errors (defaults 10 s and 30 min);
	// MaxAttempts is when the engine gives up (default 8).
	RetryBase, RetryMax time.Duration
	MaxAttempts         int
	// Timeout bounds one attempt (default 2 min). A crashed node's claim
	// on a delivery lapses a little after it.
	Timeout time.Duration
	// SweepEvery is how often the engine looks for deliveries whose job
	// was lost (default 30 s).
	SweepEvery time.Duration
}

// Engine delivers articles to channels. It is safe for concurrent use.
type Engine struct {
	db          *store.DB
	reg         Registry
	site        Site
	box         *secretbox.Box
	log         *slog.Logger
	now         func() time.Time
	mediaURL    func(string, int) string
	client      *http.Client
	workers     int
	retryBase   time.Duration
	retryMax    time.Duration
	maxAttempts int
	timeout     time.Duration
	sweepEvery  time.Duration

	node     string // this engine's name in deliveries.claimed_by
	inserter *river.Client[*sql.Tx]
	limits   *limiter
	metrics  *metrics

	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{}
}

// New builds the engine. Give its Queues and AddWorkers to the newsroom
// (newsroom.Jobs) and the engine itself as the newsroom's Disseminator;
// newsroom.New then makes River's tables, which queueing deliveries needs,
// and deliveries go out once both are started. There is no DatabaseURL:
// the newsroom's client, which works the engine's jobs, listens.
func New(cfg Config) (*Engine, error) {
	if cfg.DB == nil {
		return nil, errors.New("dissemination: no database")
	}
	e := &Engine{
		db: cfg.DB, reg: cfg.Registry, site: cfg.Site, log: cfg.Logger, now: cfg.Now, mediaURL: cfg.MediaURL,
		client: cfg.HTTPClient, workers: cfg.Workers, retryBase: cfg.RetryBase, retryMax: cfg.RetryMax,
		maxAttempts: cfg.MaxAttempts, timeout: cfg.Timeout, sweepEvery: cfg.SweepEvery,
		box: secretbox.New(cfg.SecretKey, "channel secrets"), limits: newLimiter(), metrics: newMetrics(),
	}
	e.site.BaseURL = strings.TrimRight(e.site.BaseURL, "/")
	if e.reg == nil {
		e.reg = Registry{}
	}
	if e.log == nil {
		e.log = slog.Default()
	}
	if e.now == nil {
		e.now = time.Now
	}
	if e.client == nil {
		e.client = defaultHTTPClient()
	}
	setDefault(&e.workers, 64)
	setDefault(&e.retryBase, 10*time.Second)
	setDefault(&e.retryMax, 30*time.Minute)
	setDefault(&e.maxAttempts, 8)
	setDefault(&e.timeout, 2*time.Minute)
	setDefault(&e.sweepEvery, 30*time.Second)
	b := make([]byte, 6)
	rand.Read(b)
	e.node = hex.EncodeToString(b)

	schema := ""
	if cfg.DB.Dialect() == store.Postgres {
		// The same schema the newsroom's client uses, so that inserts
		// notify the listener it waits on.
		if err := cfg.DB.SQL().QueryRow("SELECT current_schema()").Scan(&schema); err != nil {
			return nil, fmt.Errorf("dissemination: river schema: %w", err)
		}
	}
	var err error
	e.inserter, err = river.NewClient(e.driver(), &river.Config{Logger: e.log, Schema: schema})
	if err != nil {
		return nil, fmt.Errorf("dissemination: river: %w", err)
	}
	return e, nil
}

func setDefault[T int | time.Duration](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}

func (e *Engine) driver() riverdriver.Driver[*sql.Tx] {
	if e.db.Dialect() == store.Postgres {
		return riverdatabasesql.New(e.db.SQL())
	}
	return riversqlite.New(e.db.SQL())
}

// defaultHTTPClient bounds every phase of a request, so that a channel API
// that stops answering costs one attempt, not a worker.
func defaultHTTPClient() *http.Client {
	t := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 45 * time.Second,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConnsPerHost:   32,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{Transport: t, Timeout: 60 * time.Second}
}

// Queues is the engine's River queue, for newsroom.Jobs.
func (e *Engine) Queues() map[string]river.QueueConfig {
	return map[string]river.QueueConfig{Queue: {MaxWorkers: e.workers}}
}

// AddWorkers registers the engine's River workers, for newsroom.Jobs.
func (e *Engine) AddWorkers(w *river.Workers) {
	river.AddWorker(w, &deliverWorker{e: e})
}

// Start recovers deliveries interrupted by a crash and sweeps for lost
// ones until Stop. Call it after newsroom.New, and before the newsroom's
// Start so that recovered deliveries are queued when workers begin.
func (e *Engine) Start(ctx context.Context) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.cancel != nil {
		return errors.New("dissemination: already started")
	}
	if err := e.recoverInterrupted(ctx); err != nil {
		return err
	}
	bg, cancel := context.WithCancel(context.WithoutCancel(ctx))
	e.cancel, e.done = cancel, make(chan struct{})
	go e.sweepLoop(bg, e.done)
	return nil
}

// Stop ends the sweeper. Deliveries in flight finish with the newsroom's
// River client, which the newsroom stops. Safe on an engine never started.
func (e *Engine) Stop(ctx context.Context) error {
	if e == nil {
		return nil
	}
	e.mu.Lock()
	cancel, done := e.cancel, e.done
	e.cancel, e.done = nil, nil
	e.mu.Unlock()
	if cancel == nil {
		return nil
	}
	cancel()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// ArticleChanged records the deliveries a change to an article calls for,
// with their jobs, in the change's transaction (newsroom.Disseminator): a
// publication creates the article on its chosen channels, an edit or
// correction of a live article updates it, an unpublication deletes it,
// on the channels it went to. Each delivery is unique by article version,
// channel and op, so the same change recorded twice sends once.
func (e *Engine) ArticleChanged(ctx context.Context, tx *sql.Tx, before warta.ArticleStatus, a *warta.Article) error {
	op := opFor(before, a.Status)
	if op == "" {
		return nil
	}
	q := e.txq(tx)
	var channels []string
	var err error
	if op == OpCreate {
		channels, err = chosenChannels(ctx, q, a.ID, a.AgencyID)
	} else {
		channels, err = deliveredChannels(ctx, q, a.ID)
	}
	if err != nil {
		return fmt.Errorf("dissemination: channels of article %s: %w", a.ID, err)
	}
	version := Version(a)
	var jobs []river.InsertManyParams
	now := e.now().UnixMilli()
	for _, ch := range channels {
		id, inserted, err := insertDelivery(ctx, q, a.ID, ch, version, op, now)
		if err != nil {
			return fmt.Errorf("dissemination: queue delivery of %s to %s: %w", a.ID, ch, err)
		}
		if inserted {
			jobs = append(jobs, river.InsertManyParams{Args: DeliverArgs{DeliveryID: id}})
		}
	}
	if len(jobs) == 0 {
		return nil
	}
	if _, err := e.inserter.InsertManyTx(ctx, tx, jobs); err != nil {
		return fmt.Errorf("dissemination: queue delivery jobs: %w", err)
	}
	return nil
}

// opFor is what a change of status means for the channels.
func opFor(before, after warta.ArticleStatus) Op {
	switch {
	case after == warta.StatusPublished && before != warta.StatusPublished:
		return OpCreate
	case after == warta.StatusPublished:
		return OpUpdate
	case before == warta.StatusPublished:
		return OpDelete
	}
	return ""
}

// Version names an article's state for deliveries: its update time in
// unix seconds. Every workflow step that changes what readers see sets it.
func Version(a *warta.Article) string {
	return fmt.Sprint(a.UpdatedAt.Unix())
}
