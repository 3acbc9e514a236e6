package newsroom

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// River runs on the store's own database/sql pool on both databases
// (riversqlite for SQLite; riverdatabasesql, which is pgx underneath, for
// PostgreSQL), so a job is inserted in the very transaction that schedules
// the article: the job exists exactly when the schedule does. On
// PostgreSQL a pgx connection from DatabaseURL listens for new jobs.

// queue is the River queue of newsroom jobs.
const queue = "newsroom"

// riverMigrationLock serialises River's migrations between nodes starting
// together on one PostgreSQL (store.Migrate uses 3535).
const riverMigrationLock = 3536

// PublishArticleArgs is the job that publishes a scheduled article. It is
// unique by article and time, so however many nodes or retries enqueue it,
// it runs once.
type PublishArticleArgs struct {
	ArticleID string `json:"article_id"`
	At        int64  `json:"at"` // the scheduled time, unix seconds
}

// Kind names the job in River's tables.
func (PublishArticleArgs) Kind() string { return "publish_article" }

// InsertOpts puts the job in the newsroom queue, once per article and time.
func (PublishArticleArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queue, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

type publishWorker struct {
	river.WorkerDefaults[PublishArticleArgs]
	s *Service
}

// Work publishes the article if it is still scheduled for the job's time:
// a story whose schedule was cancelled or moved is left alone, as is one
// deleted since.
func (w *publishWorker) Work(ctx context.Context, job *river.Job[PublishArticleArgs]) error {
	return w.s.publishScheduled(ctx, job.Args)
}

func (s *Service) publishScheduled(ctx context.Context, args PublishArticleArgs) error {
	sa, err := s.db.StaffArticle(ctx, args.ArticleID)
	if warta.ErrorCode(err) == warta.ENotFound {
		return nil
	} else if err != nil {
		return err
	}
	if sa.Status != warta.StatusScheduled || sa.ScheduledAt.Unix() != args.At {
		s.log.Info("scheduled publication no longer due", "article", args.ArticleID,
			"status", string(sa.Status), "queued_for", time.Unix(args.At, 0).UTC())
		return nil
	}
	err = s.apply(ctx, sa, step{action: warta.ActionPublish, actor: warta.ActorSystem, expectAt: sa.ScheduledAt})
	if code := warta.ErrorCode(err); code == warta.EConflict || code == warta.ENotFound {
		// Changed by an editor between our read and our write: theirs wins.
		s.log.Info("scheduled publication overtaken by an edit", "article", args.ArticleID, "err", err)
		return nil
	} else if err != nil {
		return err
	}
	s.log.Info("scheduled article published", "article", args.ArticleID, "title", sa.Title)
	return nil
}

// enqueuePublish queues the publication job inside tx.
func (s *Service) enqueuePublish(ctx context.Context, tx *sql.Tx, articleID string, at time.Time) error {
	_, err := s.inserter.InsertTx(ctx, tx, PublishArticleArgs{ArticleID: articleID, At: at.Unix()},
		&river.InsertOpts{ScheduledAt: s.realTime(at)})
	if err != nil {
		return fmt.Errorf("newsroom: queue publication: %w", err)
	}
	return nil
}

// realTime converts a time on the service's clock to the wall clock River
// runs on. They differ only when the clock is set, as for a demo set on
// voting day; a job then still runs as long after now as asked.
func (s *Service) realTime(at time.Time) time.Time {
	offset := time.Until(s.now())
	if offset.Abs() < time.Second {
		return at
	}
	return at.Add(-offset)
}

// driver returns a River driver on the store's pool; listen, when set,
// carries PostgreSQL notifications of new jobs.
func (s *Service) driver(listen *pgxpool.Pool) riverdriver.Driver[*sql.Tx] {
	if s.db.Dialect() == store.Postgres {
		if listen != nil {
			return riverdatabasesql.NewWithPgxListener(s.db.SQL(), listen)
		}
		return riverdatabasesql.New(s.db.SQL())
	}
	return riversqlite.New(s.db.SQL())
}

// migrateRiver brings River's tables up to date, each migration in its own
// transaction (PostgreSQL cannot use an enum value in the transaction that
// adds it), holding a lock on PostgreSQL so that nodes starting together
// take turns.
func (s *Service) migrateRiver(ctx context.Context) error {
	if s.db.Dialect() == store.Postgres {
		if err := s.db.SQL().QueryRowContext(ctx, "SELECT current_schema()").Scan(&s.schema); err != nil {
			return fmt.Errorf("newsroom: river schema: %w", err)
		}
		conn, err := s.db.SQL().Conn(ctx)
		if err != nil {
			return fmt.Errorf("newsroom: river migrations: %w", err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, fmt.Sprintf("SELECT pg_advisory_lock(%d)", riverMigrationLock)); err != nil {
			return fmt.Errorf("newsroom: river migrations: lock: %w", err)
		}
		defer conn.ExecContext(context.Background(), fmt.Sprintf("SELECT pg_advisory_unlock(%d)", riverMigrationLock))
	}
	migrator, err := rivermigrate.New(s.driver(nil), &rivermigrate.Config{Logger: s.log, Schema: s.schema})
	if err != nil {
		return fmt.Errorf("newsroom: river migrations: %w", err)
	}
	if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("newsroom: river migrations: %w", err)
	}
	return nil
}

// Start runs this node's share of the newsroom's jobs until Stop: River
// elects one node to move due jobs along, and any node may work them. It
// also makes sure every scheduled article has its job, in case one was
// scheduled by hand in the database or its job was lost with a restore.
func (s *Service) Start(ctx context.Context) error {
	if s.worker != nil {
		return errors.New("newsroom: already started")
	}
	if s.db.Dialect() == store.Postgres && s.url != "" {
		cfg, err := pgxpool.ParseConfig(s.url)
		if err != nil {
			return fmt.Errorf("newsroom: river listener: %w", err)
		}
		cfg.MinConns, cfg.MaxConns = 0, 1
		if s.listen, err = pgxpool.NewWithConfig(ctx, cfg); err != nil {
			return fmt.Errorf("newsroom: river listener: %w", err)
		}
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &publishWorker{s: s})
	queues := map[string]river.QueueConfig{queue: {MaxWorkers: 2}}
	var periodic []*river.PeriodicJob
	for _, j := range s.jobs {
		j.Add(workers)
		maps.Copy(queues, j.Queues)
		periodic = append(periodic, j.Periodic...)
	}
	client, err := river.NewClient(s.driver(s.listen), &river.Config{
		Logger:       s.log,
		Schema:       s.schema,
		Queues:       queues,
		Workers:      workers,
		PeriodicJobs: periodic,
		// SQLite has one node and no notifications: River's stand-in polls
		// a table every 50 ms, which a queue of a few jobs a day does not
		// need. Polling for due jobs every second is plenty.
		PollOnly: s.db.Dialect() == store.SQLite,
	})
	if err != nil {
		s.closeListener()
		return fmt.Errorf("newsroom: river: %w", err)
	}
	// River stops when its start context ends; Stop is how it ends here.
	if err := client.Start(context.WithoutCancel(ctx)); err != nil {
		s.closeListener()
		return fmt.Errorf("newsroom: start river: %w", err)
	}
	s.worker = client
	if err := s.requeueScheduled(ctx); err != nil {
		s.log.Warn("could not check scheduled articles' jobs", "err", err)
	}
	return nil
}

// requeueScheduled enqueues the job of every scheduled article; River's
// uniqueness turns those that exist already into no-ops.
func (s *Service) requeueScheduled(ctx context.Context) error {
	due, err := s.db.ScheduledArticles(ctx)
	if err != nil {
		return err
	}
	added := 0
	for _, a := range due {
		res, err := s.inserter.Insert(ctx, PublishArticleArgs{ArticleID: a.ID, At: a.At.Unix()}, &river.InsertOpts{ScheduledAt: s.realTime(a.At)})
		if err != nil {
			return fmt.Errorf("newsroom: requeue %s: %w", a.ID, err)
		}
		if !res.UniqueSkippedAsDuplicate {
			added++
		}
	}
	if added > 0 {
		s.log.Warn("scheduled articles were missing their publication job; queued again", "count", added)
	}
	return nil
}

// Stop stops working jobs, letting a running one finish until ctx ends.
// Jobs not yet due stay in the database for whichever node runs next. It is
// safe to call on a service that never started, or a nil one.
func (s *Service) Stop(ctx context.Context) error {
	if s == nil || s.worker == nil {
		return nil
	}
	err := s.worker.Stop(ctx)
	s.worker = nil
	s.closeListener()
	if err != nil {
		return fmt.Errorf("newsroom: stop river: %w", err)
	}
	return nil
}

func (s *Service) closeListener() {
	if s.listen != nil {
		s.listen.Close()
		s.listen = nil
	}
}
