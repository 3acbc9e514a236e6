// Package newsroom is the editorial workflow: contributors of the election
// bodies draft and submit official information, the communications office's
// editors return, approve, schedule and publish it, and every step is kept
// in the article's history and the audit log. The studio and the API call
// this service with the signed-in user; it decides what that user may do.
//
// Scheduled publication runs on River, a job queue kept in the same
// database, so a story scheduled for 10:00 goes live at 10:00 on whichever
// node is running then, even after a restart.
package newsroom

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// Config assembles a Service.
type Config struct {
	DB     *store.DB
	Now    func() time.Time // the clock; time.Now when nil
	Logger *slog.Logger     // slog.Default when nil

	// DatabaseURL is the PostgreSQL URL the DB was opened with. River
	// opens one connection with it to LISTEN for new jobs; without it,
	// River polls every second instead. Not used with SQLite.
	DatabaseURL string

	// Disseminator, when set, hears of publications, live edits,
	// corrections and unpublications inside their transactions.
	Disseminator Disseminator
	// Jobs are other capabilities' workers and queues for this node's
	// River client; they run between Start and Stop.
	Jobs []Jobs
}

// Service runs the newsroom. Its methods take the acting user first; a nil
// user is EUnauthorized.
type Service struct {
	db  *store.DB
	now func() time.Time
	log *slog.Logger
	url string

	dissem Disseminator
	jobs   []Jobs

	schema   string                 // PostgreSQL schema River's tables live in
	inserter *river.Client[*sql.Tx] // enqueues jobs; works none
	worker   *river.Client[*sql.Tx] // set between Start and Stop
	listen   *pgxpool.Pool          // River's LISTEN connection, PostgreSQL only
}

// New builds the service and brings River's tables up to date (River keeps
// its own migrations). Jobs can be enqueued at once; they run on nodes that
// called Start.
func New(cfg Config) (*Service, error) {
	if cfg.DB == nil {
		return nil, fmt.Errorf("newsroom: no database")
	}
	s := &Service{db: cfg.DB, now: cfg.Now, log: cfg.Logger, url: cfg.DatabaseURL, dissem: cfg.Disseminator, jobs: cfg.Jobs}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := s.migrateRiver(ctx); err != nil {
		return nil, err
	}
	var err error
	s.inserter, err = river.NewClient(s.driver(nil), &river.Config{Logger: s.log, Schema: s.schema})
	if err != nil {
		return nil, fmt.Errorf("newsroom: river: %w", err)
	}
	return s, nil
}

// clock returns the current time at the precision the database keeps.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Second) }

// article reads an article for u to act on. Whether u may is for
// warta.Authorize to say, so that a refusal is EForbidden, not ENotFound.
func (s *Service) article(ctx context.Context, u *warta.User, id string) (*warta.StaffArticle, error) {
	if u == nil {
		return nil, &warta.Error{Code: warta.EUnauthorized, Message: "Silakan masuk terlebih dahulu."}
	}
	return s.db.StaffArticle(ctx, id)
}

// step is one change to an article's status, by a person or the scheduler.
type step struct {
	action   warta.Action
	actor    string    // user ID or warta.ActorSystem
	comment  string    // a return's reasons, a correction's note
	at       time.Time // the new publication time, for schedule
	expectAt time.Time // publish only if still scheduled for this time
}

// apply moves sa through st, once permission has been checked: the status
// must allow the action; the article, its history, the audit log and any
// job are written together.
func (s *Service) apply(ctx context.Context, sa *warta.StaffArticle, st step) error {
	from := sa.Status
	to, err := warta.Transition(st.action, from)
	if err != nil {
		return err
	}
	now := s.clock()
	art := sa.Article
	art.Status = to
	art.UpdatedAt = now
	if to == warta.StatusPublished && art.PublishedAt.IsZero() {
		// The first publication fixes the story's date and URL for good.
		art.PublishedAt = now
	}
	change := store.ArticleChange{
		Article:           art,
		ExpectStatus:      from,
		ExpectScheduledAt: st.expectAt,
		Event:             &warta.WorkflowEvent{UserID: st.actor, Action: st.action, From: from, To: to, Comment: st.comment, CreatedAt: now},
	}
	detail := map[string]any{"title": art.Title, "from": from, "to": to}
	if st.comment != "" {
		detail["comment"] = st.comment
	}
	switch st.action {
	case warta.ActionSchedule:
		change.ScheduledAt = st.at
		detail["scheduled_at"] = st.at.In(warta.Jakarta).Format(time.RFC3339)
		change.InTx = func(ctx context.Context, tx *sql.Tx) error {
			return s.enqueuePublish(ctx, tx, art.ID, st.at)
		}
	case warta.ActionCorrect:
		change.Correction = &warta.Correction{Note: st.comment, CreatedAt: now}
	}
	change.Audit = s.auditEntry(ctx, st.actor, "article."+string(st.action), art.ID, detail, now)
	s.disseminate(&change, from)
	if err := s.db.ChangeArticle(ctx, change); err != nil {
		return fmt.Errorf("newsroom: %s article %s: %w", st.action, art.ID, err)
	}
	sa.ScheduledAt = change.ScheduledAt
	if change.Correction != nil {
		art.Corrections = append(art.Corrections, *change.Correction)
	}
	return nil
}

// auditEntry builds an audit entry with its detail as a JSON object and
// the client address carried by ctx.
func (s *Service) auditEntry(ctx context.Context, actor, action, articleID string, detail map[string]any, at time.Time) *warta.AuditEntry {
	b, err := json.Marshal(detail)
	if err != nil {
		b = []byte(fmt.Sprintf("%q", fmt.Sprint(detail)))
	}
	return &warta.AuditEntry{At: at, Actor: actor, Action: action, ObjectType: "article", ObjectID: articleID,
		Detail: string(b), IP: ClientIP(ctx)}
}

type ipKey struct{}

// WithClientIP returns a context carrying the address of the person making
// the request, which the audit log records with each change they make. The
// studio and API handlers set it.
func WithClientIP(ctx context.Context, ip string) context.Context {
	return context.WithValue(ctx, ipKey{}, ip)
}

// ClientIP returns the address set by WithClientIP, or "".
func ClientIP(ctx context.Context) string {
	ip, _ := ctx.Value(ipKey{}).(string)
	return ip
}
