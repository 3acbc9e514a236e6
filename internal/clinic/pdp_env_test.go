package clinic

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

const (
	pdpKey       = "kunci-rahasia-uji-klinik-yang-panjang"
	pdpConsent   = "Saya setuju kontak saya dipakai untuk menjawab laporan ini dan disimpan paling lama 30 hari."
	pdpRetention = 30 * 24 * time.Hour
)

// pdpStart is when the tests' first reports arrive.
var pdpStart = time.Date(2026, 3, 2, 9, 0, 0, 0, warta.Jakarta)

// pdpClock is the service's settable clock.
type pdpClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *pdpClock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *pdpClock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// pdpEnv is the clinic on one database with staff of every role, a claim
// to file reports under, and a settable clock.
type pdpEnv struct {
	t     *testing.T
	ctx   context.Context
	db    *store.DB
	svc   *Service
	clock *pdpClock
	claim string
	n     int

	admin, editor, checker, contributor, judge *warta.User
}

func newPDPEnv(t *testing.T, db *store.DB) *pdpEnv {
	t.Helper()
	e := &pdpEnv{t: t, ctx: context.Background(), db: db, clock: &pdpClock{t: pdpStart}}
	agency := warta.Agency{Slug: "diskominfo-jatim", Name: "Dinas Komunikasi dan Informatika Provinsi Jawa Timur", ShortName: "Diskominfo Jatim"}
	if err := db.CreateAgency(e.ctx, &agency); err != nil {
		t.Fatal(err)
	}
	user := func(key string, role warta.Role) *warta.User {
		u := &warta.User{Email: key + "@warta.example", Name: "Uji " + key, Role: role}
		if role == warta.RoleContributor {
			u.AgencyID = agency.ID
		}
		if err := db.CreateUser(e.ctx, u, "kata-sandi-staf-uji"); err != nil {
			t.Fatal(err)
		}
		return u
	}
	e.admin = user("admin", warta.RoleAdmin)
	e.editor = user("redaktur", warta.RoleEditor)
	e.checker = user("pemeriksa", warta.RoleFactChecker)
	e.contributor = user("kontributor", warta.RoleContributor)
	e.judge = user("juri", warta.RoleJudge)
	e.svc = e.service(pdpKey)
	e.claim = warta.NewID()
	e.sql(`INSERT INTO clinic_claims (id, title, status, first_report_at, due_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		e.claim, "Video KPU menghapus suara", StatusNew, pdpStart.Unix(), pdpStart.Add(24*time.Hour).Unix(), pdpStart.Unix())
	return e
}

// service is a clinic on the env's database and clock with secretKey.
func (e *pdpEnv) service(secretKey string) *Service {
	e.t.Helper()
	svc, err := New(Config{DB: e.db, SecretKey: secretKey, Retention: pdpRetention, Now: e.clock.now,
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		e.t.Fatal(err)
	}
	return svc
}

// pdpEach runs fn on a fresh env on every database.
func pdpEach(t *testing.T, fn func(t *testing.T, e *pdpEnv)) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		fn(t, newPDPEnv(t, db))
	})
}

func (e *pdpEnv) sql(q string, args ...any) sql.Result {
	e.t.Helper()
	res, err := e.db.SQL().ExecContext(e.ctx, e.db.Rebind(q), args...)
	if err != nil {
		e.t.Fatalf("%s: %v", q, err)
	}
	return res
}

func (e *pdpEnv) count(q string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.db.SQL().QueryRowContext(e.ctx, e.db.Rebind(q), args...).Scan(&n); err != nil {
		e.t.Fatalf("%s: %v", q, err)
	}
	return n
}

// save stores a contact as intake does, at the clock's time.
func (e *pdpEnv) save(kind, address string, referral bool) string {
	e.t.Helper()
	id, err := e.trySave(e.svc, ContactInput{Kind: kind, Address: address}, pdpConsent, referral)
	if err != nil {
		e.t.Fatalf("save contact %s %s: %v", kind, address, err)
	}
	return id
}

func (e *pdpEnv) trySave(svc *Service, in ContactInput, consent string, referral bool) (string, error) {
	tx, err := e.db.SQL().BeginTx(e.ctx, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	id, err := svc.saveContact(e.ctx, tx, &in, consent, referral, e.clock.now())
	if err != nil {
		tx.Rollback()
		return "", err
	}
	if err := tx.Commit(); err != nil {
		e.t.Fatal(err)
	}
	return id, nil
}

// report stores a report with the contact (none when "") on the env's
// claim, as intake would, and returns its id and ticket.
func (e *pdpEnv) report(contactID, text string) (id, ticket string) {
	e.t.Helper()
	e.n++
	id, ticket = warta.NewID(), fmt.Sprintf("KH-2026-%06d", e.n)
	var contact any
	if contactID != "" {
		contact = contactID
	}
	e.sql(`INSERT INTO clinic_reports (id, ticket, claim_id, channel, external_id, body, url, contact_id, decision, received_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, ticket, e.claim, ChannelWhatsApp, "wamid."+id, text,
		"https://contoh.example/"+strings.ToLower(ticket), contact, DecisionNew, e.clock.now().Unix())
	return id, ticket
}

// referral stores a referral to Bawaslu of a report, with the reporter
// sealed as Refer does.
func (e *pdpEnv) referral(reportID, contactID string) string {
	e.t.Helper()
	c, err := e.svc.openContact(e.ctx, contactID)
	if err != nil {
		e.t.Fatal(err)
	}
	sealed, err := e.svc.sealReporter(contactID, c)
	if err != nil {
		e.t.Fatal(err)
	}
	id, now := warta.NewID(), e.clock.now()
	e.sql(`INSERT INTO clinic_referrals (id, claim_id, report_id, reported_party, known_at, deadline, description,
		sealed_reporter, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, e.claim, reportID,
		"Tim sukses calon X", now.Unix(), now.Add(7*24*time.Hour).Unix(), "Selebaran fitnah di pasar", sealed, e.checker.ID, now.Unix())
	return id
}

// pdpCode checks that err is a warta error with the code whose message
// contains want, and returns its field.
func pdpCode(t *testing.T, what string, err error, code, want string) string {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error, want %s %q", what, code, want)
	}
	if warta.ErrorCode(err) != code || !strings.Contains(warta.ErrorMessage(err), want) {
		t.Fatalf("%s: %v, want %s containing %q", what, err, code, want)
	}
	if we, ok := err.(*warta.Error); ok {
		return we.Field
	}
	return ""
}

// accessLog returns the whole log, newest first.
func (e *pdpEnv) accessLog() []AccessEntry {
	e.t.Helper()
	log, err := e.svc.AccessLog(e.ctx, e.admin, 1000)
	if err != nil {
		e.t.Fatal(err)
	}
	return log
}
