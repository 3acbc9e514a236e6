package studio_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/auth"
	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/mail"
	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/newsroom"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/studio"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// wib is a moment in WIB, the zone contest times are typed and read in.
func wib(year int, month time.Month, day, hour, min int) time.Time {
	return time.Date(year, month, day, hour, min, 0, 0, warta.Jakarta)
}

// The timeline of the contests in these tests.
var (
	lombaOpen     = wib(2024, 7, 1, 8, 0)
	lombaDeadline = wib(2024, 8, 1, 0, 0)
	lombaJudging  = wib(2024, 8, 2, 8, 0)
	lombaVote     = wib(2024, 8, 5, 0, 0)
	lombaVoteEnd  = wib(2024, 8, 12, 0, 0)
	lombaJudged   = wib(2024, 8, 15, 17, 0)
	lombaAnnounce = wib(2024, 8, 17, 10, 0)
)

// lombaClock is the contest service's settable clock.
type lombaClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *lombaClock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *lombaClock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// lombaMail keeps what the contest service sends participants.
type lombaMail struct {
	mu   sync.Mutex
	msgs []mail.Message
}

func (m *lombaMail) Send(_ context.Context, msg mail.Message) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.msgs = append(m.msgs, msg)
	return nil
}

var lombaToken = regexp.MustCompile(`\?token=([A-Za-z0-9_-]+)`)

// token is the token of the last link mailed to the address.
func (m *lombaMail) token(t *testing.T, to string) string {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := len(m.msgs) - 1; i >= 0; i-- {
		if sub := lombaToken.FindStringSubmatch(m.msgs[i].Text); m.msgs[i].To == to && sub != nil {
			return sub[1]
		}
	}
	t.Fatalf("no link mailed to %s", to)
	return ""
}

// lombaEnv is the studio with the contest service, served the way the
// application mounts it, with a settable contest clock.
type lombaEnv struct {
	*env
	cs    *contest.Service
	clock *lombaClock
	mail  *lombaMail
	ctx   context.Context
}

func newLombaEnv(t *testing.T, db *store.DB) *lombaEnv {
	t.Helper()
	ctx := context.Background()
	e := &lombaEnv{env: &env{t: t, db: db}, clock: &lombaClock{t: lombaOpen}, mail: &lombaMail{}, ctx: ctx}
	e.kpu = warta.Agency{Slug: "kpu-jatim", Name: "KPU Provinsi Jawa Timur", ShortName: "KPU Jatim"}
	e.bws = warta.Agency{Slug: "bawaslu-jatim", Name: "Bawaslu Provinsi Jawa Timur", ShortName: "Bawaslu Jatim"}
	for _, ag := range []*warta.Agency{&e.kpu, &e.bws} {
		if err := db.CreateAgency(ctx, ag); err != nil {
			t.Fatal(err)
		}
	}
	var err error
	if e.nr, err = newsroom.New(newsroom.Config{DB: db, Logger: quiet()}); err != nil {
		t.Fatal(err)
	}
	if e.cs, err = contest.New(contest.Config{DB: db, Files: media.New(t.TempDir()), Mailer: e.mail, BaseURL: "http://warta.test",
		Newsroom: e.nr, Now: e.clock.now, Logger: quiet()}); err != nil {
		t.Fatal(err)
	}
	outbox := mail.NewOutbox(db)
	e.auth = auth.New(auth.Config{DB: db, Mailer: outbox, BaseURL: "http://warta.test", Logger: quiet()})
	e.lib = media.New(t.TempDir())
	st, err := studio.New(studio.Config{Newsroom: e.nr, Auth: e.auth, DB: db, Media: e.lib, Outbox: outbox,
		Logger: quiet(), SiteName: "Warta Jatim", BaseURL: "http://warta.test", Contests: e.cs})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	st.Routes(mux)
	h := e.auth.Middleware(e.auth.CrossOrigin(auth.CSP(e.auth.EnrolGate("/studio/2fa", mux, "/studio/logout", "/studio/static/"))))
	e.srv = httptest.NewServer(h)
	t.Cleanup(e.srv.Close)
	return e
}

// newContest stores a contest through the service: a Poster category for
// images and a Video category for links, the rubric Pesan 40 %,
// Kreativitas 30 %, Teknis 30 %, and three prizes. change adjusts it
// before it is saved.
func (e *lombaEnv) newContest(editor *warta.User, change func(*contest.Contest)) *contest.Contest {
	e.t.Helper()
	c := &contest.Contest{Title: "Lomba Konten Pemilih Cerdas", Theme: "Pemilih cerdas, pemilu damai", Rules: "Karya **orisinal**.",
		AgencyID: e.kpu.ID, Published: true,
		Timeline: contest.Timeline{RegistrationOpen: lombaOpen, SubmissionDeadline: lombaDeadline, JudgingStart: lombaJudging,
			JudgingEnd: lombaJudged, AnnouncementAt: lombaAnnounce},
		Categories: []contest.Category{
			{Name: "Poster", Kind: contest.KindFile, Accept: []string{contest.TypeJPEG, contest.TypePNG}, MaxBytes: 2 << 20},
			{Name: "Video", Kind: contest.KindLink, Platforms: []string{contest.PlatformTikTok, contest.PlatformInstagram}},
		},
		Prizes: []contest.Prize{{Place: 1, Reward: "Rp5.000.000"}, {Place: 2, Reward: "Rp3.000.000"}, {Place: 3, Reward: "Rp2.000.000"}},
	}
	if change != nil {
		change(c)
	}
	if err := e.cs.SaveContest(e.ctx, editor, c); err != nil {
		e.t.Fatalf("save contest: %v", err)
	}
	if err := e.cs.SetRubric(e.ctx, editor, c.ID, "", []contest.Criterion{
		{Name: "Pesan", Weight: 40}, {Name: "Kreativitas", Weight: 30}, {Name: "Teknis", Weight: 30}}); err != nil {
		e.t.Fatalf("set rubric: %v", err)
	}
	return c
}

// entry registers and verifies a participant from Surabaya and sends a
// link entry with the title to the contest's Video category during
// submissions.
func (e *lombaEnv) entry(c *contest.Contest, name, title, link string) *contest.Entry {
	e.t.Helper()
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@peserta.example"
	if _, err := e.cs.Register(e.ctx, contest.Registration{Name: name, Email: email, BirthDate: "2000-05-17",
		Region: "kota-surabaya", Password: "kata-sandi-peserta-uji"}); err != nil {
		e.t.Fatalf("register %s: %v", name, err)
	}
	p, err := e.cs.VerifyEmail(e.ctx, e.mail.token(e.t, email))
	if err != nil {
		e.t.Fatalf("verify %s: %v", name, err)
	}
	at := e.clock.now()
	e.clock.set(lombaOpen.Add(time.Hour))
	defer e.clock.set(at)
	en, err := e.cs.Submit(e.ctx, p, c.ID, contest.EntryInput{Category: "video", Title: title, Link: link})
	if err != nil {
		e.t.Fatalf("submit %s: %v", name, err)
	}
	return en
}
