package contest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/mail"
	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// Drafter creates newsroom drafts; *newsroom.Service is one.
type Drafter interface {
	Create(ctx context.Context, u *warta.User, art *warta.Article) error
}

// Config assembles a Service. DB, Files and Mailer are required.
type Config struct {
	DB *store.DB
	// Files stores entries' files: images re-encoded through it (which
	// strips their metadata), PDFs as sent under its directory's pdf/
	// folder, which its Handler never serves. Give contests a library of
	// their own so that entries stay off /media/.
	Files *media.Library
	// Mailer sends email verification and vote confirmation links, which
	// point to BaseURL/lomba/verifikasi and BaseURL/lomba/suara.
	Mailer  mail.Sender
	BaseURL string
	// Newsroom drafts the winners' announcement; without it
	// DraftAnnouncement is unavailable.
	Newsroom Drafter
	Now      func() time.Time // the clock; time.Now when nil
	Logger   *slog.Logger
	Limits   Limits // zero fields take DefaultLimits
}

// Limits are the throttles and lifetimes of the public parts.
type Limits struct {
	LoginFailures  int           // failed participant logins per email per LoginWindow
	LoginWindow    time.Duration // the window LoginFailures and its lock-out span
	VerifyValid    time.Duration // how long an email verification link works
	VerifyRequests int           // verification emails per address per hour
	SessionMax     time.Duration // a participant session's lifetime
	VoteValid      time.Duration // how long a vote confirmation link works
	VotesPerHour   int           // vote requests per network (/24, /64) per hour
	VotesPerEmail  int           // vote requests per email per hour
	BurstVotes     int           // this many vote requests from one network…
	BurstWindow    time.Duration // …within this window are flagged for review
}

// DefaultLimits are used for zero fields of Config.Limits.
var DefaultLimits = Limits{
	LoginFailures:  5,
	LoginWindow:    15 * time.Minute,
	VerifyValid:    48 * time.Hour,
	VerifyRequests: 3,
	SessionMax:     30 * 24 * time.Hour,
	VoteValid:      24 * time.Hour,
	VotesPerHour:   30,
	VotesPerEmail:  5,
	BurstVotes:     5,
	BurstWindow:    10 * time.Minute,
}

// Service runs contests. Staff methods take the acting warta user first;
// participants' methods take the *Participant a session resolved to.
type Service struct {
	db      *store.DB
	files   *media.Library
	mailer  mail.Sender
	baseURL string
	nr      Drafter
	now     func() time.Time
	log     *slog.Logger
	limits  Limits
}

// New returns the service for cfg.
func New(cfg Config) (*Service, error) {
	if cfg.DB == nil || cfg.Files == nil || cfg.Mailer == nil {
		return nil, fmt.Errorf("contest: DB, Files and Mailer are required")
	}
	s := &Service{db: cfg.DB, files: cfg.Files, mailer: cfg.Mailer, baseURL: strings.TrimRight(cfg.BaseURL, "/"),
		nr: cfg.Newsroom, now: cfg.Now, log: cfg.Logger, limits: cfg.Limits}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	l, d := &s.limits, DefaultLimits
	for _, f := range []struct{ v, d *int }{{&l.LoginFailures, &d.LoginFailures}, {&l.VerifyRequests, &d.VerifyRequests},
		{&l.VotesPerHour, &d.VotesPerHour}, {&l.VotesPerEmail, &d.VotesPerEmail}, {&l.BurstVotes, &d.BurstVotes}} {
		if *f.v <= 0 {
			*f.v = *f.d
		}
	}
	for _, f := range []struct{ v, d *time.Duration }{{&l.LoginWindow, &d.LoginWindow}, {&l.VerifyValid, &d.VerifyValid},
		{&l.SessionMax, &d.SessionMax}, {&l.VoteValid, &d.VoteValid}, {&l.BurstWindow, &d.BurstWindow}} {
		if *f.v <= 0 {
			*f.v = *f.d
		}
	}
	return s, nil
}

// Now is the service's clock, by which every phase and deadline is
// decided; pages showing a contest's phase should ask it.
func (s *Service) Now() time.Time { return s.clock() }

// clock returns the current time at the precision the database keeps.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Second) }

// Storage helpers: the package's own tables, in portable SQL.

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

// inTx runs fn in a transaction, committing when it returns nil.
func (s *Service) inTx(ctx context.Context, fn func(tx) error) error {
	t, err := s.db.SQL().BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("contest: begin: %w", err)
	}
	if err := fn(tx{t, s.db}); err != nil {
		t.Rollback()
		return err
	}
	if err := t.Commit(); err != nil {
		return fmt.Errorf("contest: commit: %w", err)
	}
	return nil
}

// querier is what reads need of the DB or a transaction.
type querier interface {
	query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	queryRow(ctx context.Context, q string, args ...any) *sql.Row
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
	if !v.Valid {
		return time.Time{}
	}
	return time.Unix(v.Int64, 0).UTC()
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// newToken returns a random secret for a link or cookie and the SHA-256
// under which storage keeps it.
func newToken() (raw, hash string) {
	b := make([]byte, 32)
	rand.Read(b)
	raw = base64.RawURLEncoding.EncodeToString(b)
	return raw, hashToken(raw)
}

func hashToken(raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sum[:])
}

// Access rules.

// staff checks that u may run contests: admins and editors.
func staff(u *warta.User) error {
	switch {
	case u == nil:
		return &warta.Error{Code: warta.EUnauthorized, Message: "Silakan masuk terlebih dahulu."}
	case u.Disabled:
		return &warta.Error{Code: warta.EForbidden, Message: "Akun Anda dinonaktifkan."}
	case u.Role != warta.RoleAdmin && u.Role != warta.RoleEditor:
		return &warta.Error{Code: warta.EForbidden, Message: "Hanya redaktur dan admin yang dapat mengelola lomba."}
	}
	return nil
}

func isStaff(u *warta.User) bool { return staff(u) == nil }

// judge checks that u is a judge.
func judge(u *warta.User) error {
	switch {
	case u == nil:
		return &warta.Error{Code: warta.EUnauthorized, Message: "Silakan masuk terlebih dahulu."}
	case u.Disabled:
		return &warta.Error{Code: warta.EForbidden, Message: "Akun Anda dinonaktifkan."}
	case u.Role != warta.RoleJudge:
		return &warta.Error{Code: warta.EForbidden, Message: "Hanya juri yang dapat menilai karya."}
	}
	return nil
}

func signedIn(p *Participant) error {
	if p == nil || p.ID == "" {
		return &warta.Error{Code: warta.EUnauthorized, Message: "Silakan masuk sebagai peserta terlebih dahulu."}
	}
	return nil
}
