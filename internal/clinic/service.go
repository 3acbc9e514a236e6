package clinic

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"

	"github.com/kominfo-jatim/warta/internal/clinic/match"
	"github.com/kominfo-jatim/warta/internal/mail"
	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// CONTRACT: the exported names and signatures in this file are what the
// web, API, studio, webhook and open-data packages build against.

// Publisher creates and publishes the Cek Fakta article of a verdict;
// *newsroom.Service is one.
type Publisher interface {
	Create(ctx context.Context, u *warta.User, art *warta.Article) error
	Publish(ctx context.Context, u *warta.User, id string) (*warta.StaffArticle, error)
}

// Contact is a reporter's decrypted contact data.
type Contact struct {
	Kind        string // "whatsapp", "telegram", "email"
	Address     string // E.164 number, Telegram chat id, email address
	Name        string
	HomeAddress string
	// LastInbound is when the reporter last wrote on this channel: a
	// WhatsApp reply within 24 hours of it may be free text, later only an
	// approved template.
	LastInbound time.Time
}

// Message is an answer to a reporter.
type Message struct {
	Ticket  string
	Text    string   // the full text in Indonesian, with the links
	Verdict *Verdict // the verdict answered with, nil for an acknowledgement
	URL     string   // the verdict's (or the ticket page's) absolute URL
}

// Replier sends messages on one contact kind ("whatsapp", "telegram",
// "email"). A returned error is retried by the reply job, except a
// *dissemination.Error that is not Retryable: that one stops the job at
// once and its Message is shown to checkers on the report.
type Replier interface {
	Reply(ctx context.Context, to Contact, m Message) error
}

// Config assembles a Service.
type Config struct {
	DB    *store.DB
	Media *media.Library // stores screenshots (re-encoded, metadata stripped)
	// Newsroom publishes verdicts as Cek Fakta articles.
	Newsroom Publisher
	// Mailer answers reporters who left an email address.
	Mailer mail.Sender
	// Repliers answer by contact kind; "email" defaults to Mailer.
	Repliers map[string]Replier
	// SecretKey seals contact data; without it reports are accepted but
	// contact data is refused with a clear message.
	SecretKey string
	BaseURL   string
	SiteName  string
	// Labels are the verdict labels; DefaultLabels when empty.
	Labels []string
	// AutoThreshold and SuggestThreshold are the matcher's thresholds
	// (match.Default* when zero).
	AutoThreshold, SuggestThreshold float64
	// Retention is how long contact data is kept after a claim's last
	// report; 90 days when zero.
	Retention time.Duration
	// Agency is the slug of the agency Cek Fakta articles are filed
	// under; the first agency when empty.
	Agency string
	// Election days and campaign silence periods raise priority.
	Calendar []Period
	// ReportsPerHour is how many web and API reports one network address
	// may send in an hour (10 when zero).
	ReportsPerHour int
	// MaxArticles is how many of the newest published articles the
	// matcher holds besides verdicts (20,000 when zero).
	MaxArticles int
	Now         func() time.Time
	Logger      *slog.Logger
}

// Period is a span during which reports weigh more (masa tenang, hari
// pemungutan suara).
type Period struct {
	Name       string
	Start, End time.Time
	Weight     int
}

// Service is the clinic.
type Service struct {
	cfg     Config
	db      *store.DB
	now     func() time.Time
	log     *slog.Logger
	labels  []string
	opts    match.Options
	baseURL string
	ipKey   []byte // HMAC key for rate-limit hashes of addresses

	// index matches reports against verdicts ("v:"+id) and published
	// articles ("a:"+id); claims clusters reports into open claims.
	index  *match.Index
	claims *match.Index

	artMu    sync.Mutex
	artMark  int64           // updated_at of the newest article seen
	artInIdx map[string]bool // article ids in index
	refresher
	// pendingArticles are Cek Fakta articles of verdicts, kept out of
	// the matcher as articles.
	pendingMu       sync.Mutex
	pendingArticles map[string]bool
	open            openClaims
	verdictsMu      sync.Mutex
	verdictIDs      map[string]bool // verdicts in index

	inserter *river.Client[*sql.Tx]
	repliers map[string]Replier
}

// New returns the clinic for cfg: it loads published verdicts, the newest
// published articles and the open claims into the matcher, and keeps the
// articles current as the newsroom publishes (DB.OnChange).
func New(cfg Config) (*Service, error) {
	if cfg.DB == nil {
		return nil, errors.New("clinic: no database")
	}
	s := &Service{cfg: cfg, db: cfg.DB, now: cfg.Now, log: cfg.Logger, baseURL: strings.TrimRight(cfg.BaseURL, "/")}
	if s.now == nil {
		s.now = time.Now
		s.cfg.Now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
		s.cfg.Logger = s.log
	}
	for _, l := range cfg.Labels {
		if l = strings.ToUpper(strings.TrimSpace(l)); l != "" {
			s.labels = append(s.labels, l)
		}
	}
	if len(s.labels) == 0 {
		s.labels = append([]string(nil), DefaultLabels...)
	}
	if s.cfg.Retention <= 0 {
		s.cfg.Retention = 90 * 24 * time.Hour
	}
	if s.cfg.ReportsPerHour <= 0 {
		s.cfg.ReportsPerHour = 10
	}
	if s.cfg.MaxArticles <= 0 {
		s.cfg.MaxArticles = 20000
	}
	s.opts = match.Options{AutoThreshold: cfg.AutoThreshold, SuggestThreshold: cfg.SuggestThreshold}
	s.index = match.NewIndex(s.opts)
	s.opts = s.index.Options()
	s.claims = match.NewIndex(s.opts)
	if cfg.SecretKey != "" {
		m := hmac.New(sha256.New, []byte(cfg.SecretKey))
		m.Write([]byte("clinic rate limit"))
		s.ipKey = m.Sum(nil)
	} else {
		s.ipKey = make([]byte, 32)
		rand.Read(s.ipKey)
	}
	s.repliers = map[string]Replier{}
	for k, r := range cfg.Repliers {
		s.repliers[k] = r
	}
	if s.repliers["email"] == nil && cfg.Mailer != nil {
		s.repliers["email"] = &MailReplier{Mailer: cfg.Mailer, SiteName: cfg.SiteName}
	}

	schema := ""
	if cfg.DB.Dialect() == store.Postgres {
		// The schema the newsroom's River client works in.
		if err := cfg.DB.SQL().QueryRow("SELECT current_schema()").Scan(&schema); err != nil {
			return nil, fmt.Errorf("clinic: river schema: %w", err)
		}
	}
	var err error
	s.inserter, err = river.NewClient(s.driver(), &river.Config{Logger: s.log, Schema: schema})
	if err != nil {
		return nil, fmt.Errorf("clinic: river: %w", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := s.loadIndex(ctx); err != nil {
		return nil, err
	}
	cfg.DB.OnChange(s.articlesChanged)
	return s, nil
}

func (s *Service) driver() riverdriver.Driver[*sql.Tx] {
	if s.db.Dialect() == store.Postgres {
		return riverdatabasesql.New(s.db.SQL())
	}
	return riversqlite.New(s.db.SQL())
}

// Labels are the verdict labels in use.
func (s *Service) Labels() []string { return append([]string(nil), s.labels...) }

// Options are the matcher's thresholds in force.
func (s *Service) Options() match.Options { return s.opts }

// clock returns the current time at the precision the database keeps.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Second) }

// ipHash is the salted hash stored for rate limiting instead of the address.
func (s *Service) ipHash(ip string) string {
	if ip == "" {
		return ""
	}
	m := hmac.New(sha256.New, s.ipKey)
	m.Write([]byte(ip))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// Storage helpers: the clinic's own tables, in portable SQL.

func (s *Service) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return s.db.SQL().ExecContext(ctx, s.db.Rebind(q), args...)
}

func (s *Service) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return s.db.SQL().QueryContext(ctx, s.db.Rebind(q), args...)
}

func (s *Service) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return s.db.SQL().QueryRowContext(ctx, s.db.Rebind(q), args...)
}

// tx is a transaction with placeholder rewriting.
type tx struct {
	*sql.Tx
	db *store.DB
}

func (t tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.ExecContext(ctx, t.db.Rebind(q), args...)
}

func (t tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.QueryContext(ctx, t.db.Rebind(q), args...)
}

func (t tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return t.QueryRowContext(ctx, t.db.Rebind(q), args...)
}

// querier is what reads need of the service or a transaction.
type querier interface {
	query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	queryRow(ctx context.Context, q string, args ...any) *sql.Row
}

// inTx runs fn in a transaction, committing when it returns nil.
func (s *Service) inTx(ctx context.Context, fn func(tx) error) error {
	t, err := s.db.SQL().BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("clinic: begin: %w", err)
	}
	if err := fn(tx{t, s.db}); err != nil {
		t.Rollback()
		return err
	}
	if err := t.Commit(); err != nil {
		return fmt.Errorf("clinic: commit: %w", err)
	}
	return nil
}

// isUniqueViolation reports whether err is a unique-constraint failure on
// either database.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func nullUnix(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

func fromUnix(v sql.NullInt64) time.Time {
	if !v.Valid || v.Int64 == 0 {
		return time.Time{}
	}
	return time.Unix(v.Int64, 0).UTC()
}

func unixTime(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.Unix(v, 0).UTC()
}

// invalid is an EInvalid error for the field.
func invalid(field, format string, args ...any) error {
	return &warta.Error{Code: warta.EInvalid, Message: fmt.Sprintf(format, args...), Field: field}
}

// ScoredVerdict is a verdict with its match score.
type ScoredVerdict struct {
	Verdict *Verdict
	Score   float64
	Reason  string // match.Reason*
}

// VerdictFilter selects verdicts for the public archive, newest first.
type VerdictFilter struct {
	Label  string
	Region string // region code
	After  string // keyset cursor from VerdictPage.Next
	Limit  int    // 20 when zero, at most 100
}

// VerdictPage is one page of verdicts.
type VerdictPage struct {
	Verdicts []*Verdict
	Next     string // "" on the last page
}

// QueueFilter selects claims for the fact-checkers' queue.
type QueueFilter struct {
	Status   string // "" = open (baru and diperiksa)
	Assignee string // user id; "" = anyone
	Overdue  bool
	Limit    int
}

// ClaimDetail is everything a checker sees about one claim. Reports carry
// no contact data.
type ClaimDetail struct {
	Claim     *Claim
	Reports   []*Report
	Notes     []*Note
	Suggested *Verdict // the suggested verdict, nil when none
	Verdict   *Verdict // the verdict given, nil until answered
	Referrals []*Referral
}

// ImportResult counts an import.
type ImportResult struct {
	Added, Updated int
}
