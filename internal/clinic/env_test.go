package clinic

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/mail"
	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/newsroom"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// start is when the core tests' first reports arrive: a Monday morning
// in WIB.
var start = time.Date(2026, 3, 2, 9, 0, 0, 0, warta.Jakarta)

// testClock is the service's settable clock.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) set(t time.Time)     { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (c *testClock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// sent is one answer a fake replier sent.
type sent struct {
	to  Contact
	msg Message
}

// fakeReplier records what it is asked to send; fail makes it refuse.
type fakeReplier struct {
	mu   sync.Mutex
	sent []sent
	fail error
}

func (f *fakeReplier) Reply(_ context.Context, to Contact, m Message) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	f.sent = append(f.sent, sent{to, m})
	return nil
}

func (f *fakeReplier) all() []sent {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]sent(nil), f.sent...)
}

// mailbox keeps the mail the service sends.
type mailbox struct {
	mu   sync.Mutex
	msgs []mail.Message
}

func (m *mailbox) Send(_ context.Context, msg mail.Message) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.msgs = append(m.msgs, msg)
	return nil
}

func (m *mailbox) all() []mail.Message {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]mail.Message(nil), m.msgs...)
}

// env is the clinic on one database with a real newsroom, staff of every
// role, fake WhatsApp and Telegram repliers, a mailbox and a settable
// clock.
type env struct {
	t     *testing.T
	ctx   context.Context
	db    *store.DB
	svc   *Service
	clock *testClock
	nr    *newsroom.Service
	files *media.Library
	wa    *fakeReplier
	tg    *fakeReplier
	mail  *mailbox
	done  map[int64]bool // River jobs already worked

	admin, editor, checker, contributor, judge *warta.User
}

func quietLog() *slog.Logger { return slog.New(slog.DiscardHandler) }

const testKey = "kunci-rahasia-uji-klinik-inti-yang-cukup-panjang"

func newEnv(t *testing.T, db *store.DB, change func(*Config)) *env {
	t.Helper()
	e := &env{t: t, ctx: context.Background(), db: db, clock: &testClock{t: start}, wa: &fakeReplier{},
		tg: &fakeReplier{}, mail: &mailbox{}, files: media.New(t.TempDir()), done: map[int64]bool{}}
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
	nr, err := newsroom.New(newsroom.Config{DB: db, Logger: quietLog(), Now: e.clock.now})
	if err != nil {
		t.Fatal(err)
	}
	e.nr = nr
	cfg := Config{DB: db, Media: e.files, Newsroom: nr, Mailer: e.mail, SecretKey: testKey,
		BaseURL: "https://warta.example/", SiteName: "Warta Jatim",
		Repliers: map[string]Replier{"whatsapp": e.wa, "telegram": e.tg}, Now: e.clock.now, Logger: quietLog()}
	if change != nil {
		change(&cfg)
	}
	e.svc, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// each runs fn on a fresh env on every database.
func each(t *testing.T, fn func(t *testing.T, e *env)) {
	eachWith(t, nil, fn)
}

// eachWith is each with a change to the service's configuration.
func eachWith(t *testing.T, change func(*Config), fn func(t *testing.T, e *env)) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		fn(t, newEnv(t, db, change))
	})
}

// submit sends a report and fails the test on error.
func (e *env) submit(in Submission) *Receipt {
	e.t.Helper()
	if in.Channel == "" {
		in.Channel = ChannelWeb
	}
	r, err := e.svc.Submit(e.ctx, in)
	if err != nil {
		e.t.Fatalf("submit %q: %v", in.Text, err)
	}
	return r
}

// waReport is a WhatsApp report from the number.
func waReport(number, text string) Submission {
	return Submission{Channel: ChannelWhatsApp, ExternalID: "wamid." + number + "." + text[:min(len(text), 12)], Text: text,
		Contact: &ContactInput{Kind: "whatsapp", Address: number}, Consent: true}
}

// importCSV imports an archive and fails the test on error.
func (e *env) importCSV(data string) ImportResult {
	e.t.Helper()
	res, err := e.svc.Import(e.ctx, strings.NewReader(data))
	if err != nil {
		e.t.Fatalf("import: %v", err)
	}
	return res
}

// count runs a COUNT query.
func (e *env) count(q string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.db.SQL().QueryRowContext(e.ctx, e.db.Rebind(q), args...).Scan(&n); err != nil {
		e.t.Fatalf("%s: %v", q, err)
	}
	return n
}

// claimOf returns the claim of a ticket.
func (e *env) claimOf(ticket string) *Claim {
	e.t.Helper()
	var id string
	if err := e.db.SQL().QueryRowContext(e.ctx, e.db.Rebind("SELECT claim_id FROM clinic_reports WHERE ticket = ?"), ticket).Scan(&id); err != nil {
		e.t.Fatalf("claim of %s: %v", ticket, err)
	}
	d, err := e.svc.Claim(e.ctx, e.checker, id)
	if err != nil {
		e.t.Fatalf("claim %s: %v", id, err)
	}
	return d.Claim
}

// runReplies works every queued answer job once, as River's worker would,
// and returns how many it worked.
func (e *env) runReplies() int {
	e.t.Helper()
	args := "args"
	if e.db.Dialect() == store.SQLite {
		args = "json(args)" // River keeps SQLite's binary JSON
	}
	rows, err := e.db.SQL().QueryContext(e.ctx, "SELECT id, "+args+" FROM river_job WHERE kind = 'clinic_reply' ORDER BY id")
	if err != nil {
		e.t.Fatal(err)
	}
	type job struct {
		id   int64
		args ReplyArgs
	}
	var jobs []job
	for rows.Next() {
		var j job
		var raw []byte
		if err := rows.Scan(&j.id, &raw); err != nil {
			e.t.Fatal(err)
		}
		if err := json.Unmarshal(raw, &j.args); err != nil {
			e.t.Fatal(err)
		}
		jobs = append(jobs, j)
	}
	rows.Close()
	n := 0
	for _, j := range jobs {
		if e.done[j.id] {
			continue
		}
		if err := e.svc.sendReply(e.ctx, j.args.ReportID); err != nil {
			e.t.Fatalf("reply job for report %s: %v", j.args.ReportID, err)
		}
		e.done[j.id] = true
		n++
	}
	return n
}

// pngImage is a small PNG whose content depends on seed.
func pngImage(seed int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for y := 0; y < 48; y++ {
		for x := 0; x < 64; x++ {
			img.Set(x, y, color.RGBA{uint8(seed*53 + x*4), uint8(y*5 + seed*17), uint8((x + y) * seed), 255})
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

// wantErr checks that err is a warta error with the code whose message
// contains want, and returns its field.
func wantErr(t *testing.T, what string, err error, code, want string) string {
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

// archive is a small verdict archive in the import format.
const archive = `id,title,label,url,published,category
arsip-1,Video KPU Jatim Menghapus Suara Paslon Nomor Urut 2 di Sirekap,HOAKS,https://cekfakta.example/arsip-1,2026-01-10,politik
arsip-2,Surat Suara Pilkada Sudah Tercoblos Ditemukan di Gudang Kecamatan Bangil,DISINFORMASI,https://cekfakta.example/arsip-2,2026-01-12,politik
arsip-3,Bawaslu Larang Pemilih Membawa Telepon Genggam ke Bilik Suara,FAKTA,https://cekfakta.example/arsip-3,2026-01-15T10:00:00+07:00,politik
arsip-4,Bantuan Sosial Rp2 Juta Cair Lewat Tautan Pendaftaran WhatsApp,HOAKS,,2026-01-20,penipuan
`
