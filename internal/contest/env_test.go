package contest_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/mail"
	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/newsroom"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

const password = "kata-sandi-peserta-uji"

// wib is a moment in WIB, the zone every contest time is read in.
func wib(year int, month time.Month, day, hour, min, sec int) time.Time {
	return time.Date(year, month, day, hour, min, sec, 0, warta.Jakarta)
}

// The timeline of the contests in these tests.
var (
	regOpen      = wib(2024, 7, 1, 8, 0, 0)
	subOpen      = wib(2024, 7, 8, 8, 0, 0)
	deadline     = wib(2024, 8, 1, 0, 0, 0)
	judgingStart = wib(2024, 8, 2, 8, 0, 0)
	voteStart    = wib(2024, 8, 5, 0, 0, 0)
	voteEnd      = wib(2024, 8, 12, 0, 0, 0)
	judgingEnd   = wib(2024, 8, 15, 17, 0, 0)
	announceAt   = wib(2024, 8, 17, 10, 0, 0)
)

// clock is the service's settable clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// mailbox keeps what the service sends.
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

var tokenRE = regexp.MustCompile(`(https?://\S+)\?token=([A-Za-z0-9_-]+)`)

// link returns the address and token of the last link mailed to the
// address.
func (m *mailbox) link(t *testing.T, to string) (string, string) {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := len(m.msgs) - 1; i >= 0; i-- {
		if m.msgs[i].To == to {
			if sub := tokenRE.FindStringSubmatch(m.msgs[i].Text); sub != nil {
				return sub[1], sub[2]
			}
		}
	}
	t.Fatalf("no link mailed to %s", to)
	return "", ""
}

// env is the contest service on one database with a settable clock, a
// mailbox, a newsroom, an organising agency, an editor and three judges.
type env struct {
	t       *testing.T
	ctx     context.Context
	db      *store.DB
	svc     *contest.Service
	clock   *clock
	mail    *mailbox
	files   *media.Library
	nr      *newsroom.Service
	agency  warta.Agency
	editor  *warta.User
	judges  []*warta.User
	contrib *warta.User
	n       int
}

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	e := &env{t: t, ctx: context.Background(), db: db, clock: &clock{t: regOpen}, mail: &mailbox{}}
	e.agency = warta.Agency{Slug: "diskominfo-jatim", Name: "Dinas Komunikasi dan Informatika Provinsi Jawa Timur", ShortName: "Diskominfo Jatim"}
	if err := db.CreateAgency(e.ctx, &e.agency); err != nil {
		t.Fatal(err)
	}
	user := func(key string, role warta.Role) *warta.User {
		u := &warta.User{Email: key + "@warta.example", Name: "Uji " + key, Role: role}
		if role == warta.RoleContributor {
			u.AgencyID = e.agency.ID
		}
		if err := db.CreateUser(e.ctx, u, "kata-sandi-staf-uji"); err != nil {
			t.Fatal(err)
		}
		return u
	}
	e.editor = user("redaktur", warta.RoleEditor)
	e.contrib = user("kontributor", warta.RoleContributor)
	for _, k := range []string{"juri-a", "juri-b", "juri-c"} {
		e.judges = append(e.judges, user(k, warta.RoleJudge))
	}
	nr, err := newsroom.New(newsroom.Config{DB: db, Logger: quiet(), Now: e.clock.now})
	if err != nil {
		t.Fatal(err)
	}
	e.nr = nr
	e.files = media.New(t.TempDir())
	e.svc, err = contest.New(contest.Config{DB: db, Files: e.files, Mailer: e.mail, BaseURL: "https://warta.example",
		Newsroom: nr, Now: e.clock.now, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// each runs fn on a fresh env on every database.
func each(t *testing.T, fn func(t *testing.T, e *env)) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		fn(t, newEnv(t, db))
	})
}

// newContest stores a published contest with the test timeline: a Poster
// category (JPEG, PNG or PDF up to 2 MB) and a Video category (links to
// TikTok, YouTube or Instagram), for residents of Surabaya and Sidoarjo
// aged 17 or more, three prizes, and the rubric Pesan 40 %, Kreativitas
// 30 %, Teknis 30 %. change adjusts it before it is saved.
func (e *env) newContest(change func(*contest.Contest)) *contest.Contest {
	e.t.Helper()
	e.n++
	c := &contest.Contest{
		Title: "Lomba Konten Pemilih Cerdas " + string(rune('A'+e.n-1)), Theme: "Pemilih cerdas, pemilu damai",
		Rules:    "Karya **orisinal** dan belum pernah dilombakan.",
		AgencyID: e.agency.ID, MinAge: 17,
		Regions: []warta.Region{{Slug: "kota-surabaya"}, {Slug: "kabupaten-sidoarjo"}},
		Timeline: contest.Timeline{RegistrationOpen: regOpen, SubmissionOpen: subOpen, SubmissionDeadline: deadline,
			JudgingStart: judgingStart, JudgingEnd: judgingEnd, AnnouncementAt: announceAt},
		Categories: []contest.Category{
			{Name: "Poster", Kind: contest.KindFile, Accept: []string{contest.TypeJPEG, contest.TypePNG, contest.TypePDF}, MaxBytes: 2 << 20},
			{Name: "Video", Kind: contest.KindLink, Platforms: []string{contest.PlatformTikTok, contest.PlatformYouTube, contest.PlatformInstagram}},
		},
		Prizes:    []contest.Prize{{Place: 1, Reward: "Rp5.000.000"}, {Place: 2, Reward: "Rp3.000.000"}, {Place: 3, Reward: "Rp2.000.000"}},
		TieBreak:  contest.TieBreakHeaviestCriterion,
		Published: true,
	}
	if change != nil {
		change(c)
	}
	if err := e.svc.SaveContest(e.ctx, e.editor, c); err != nil {
		e.t.Fatalf("save contest: %v", err)
	}
	if err := e.svc.SetRubric(e.ctx, e.editor, c.ID, "", []contest.Criterion{
		{Name: "Pesan", Weight: 40}, {Name: "Kreativitas", Weight: 30}, {Name: "Teknis", Weight: 30}}); err != nil {
		e.t.Fatalf("set rubric: %v", err)
	}
	return c
}

// participant registers, verifies and signs in a participant. birth is
// YYYY-MM-DD; region a region slug.
func (e *env) participant(name, birth, region string) *contest.Participant {
	e.t.Helper()
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@peserta.example"
	if _, err := e.svc.Register(e.ctx, contest.Registration{Name: name, Email: email, BirthDate: birth, Region: region, Password: password}); err != nil {
		e.t.Fatalf("register %s: %v", name, err)
	}
	_, token := e.mail.link(e.t, email)
	p, err := e.svc.VerifyEmail(e.ctx, token)
	if err != nil {
		e.t.Fatalf("verify %s: %v", name, err)
	}
	return p
}

// joined returns a verified participant from Surabaya, aged 20, who joined
// the contest.
func (e *env) joined(c *contest.Contest, name string) *contest.Participant {
	e.t.Helper()
	p := e.participant(name, "2004-01-15", "kota-surabaya")
	at := e.clock.now()
	if at.Before(regOpen) || !at.Before(deadline) {
		e.clock.set(subOpen)
		defer e.clock.set(at)
	}
	if err := e.svc.Join(e.ctx, p, c.ID); err != nil {
		e.t.Fatalf("join %s: %v", name, err)
	}
	return p
}

// at sets the clock and returns e for chaining.
func (e *env) at(t time.Time) *env { e.clock.set(t); return e }

// pngFile is a small PNG whose colour, and so content, depends on seed.
func pngFile(seed int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 24, 16))
	for y := 0; y < 16; y++ {
		for x := 0; x < 24; x++ {
			img.Set(x, y, color.RGBA{uint8(seed * 37), uint8(x * 10), uint8(y*10 + seed), 255})
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

// jpegWithEXIF is a JPEG carrying an EXIF block with a location in it, as
// phone photos do.
func jpegWithEXIF(secret string) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 32, 32))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	var b bytes.Buffer
	jpeg.Encode(&b, img, nil)
	payload := append([]byte("Exif\x00\x00"), secret...)
	n := len(payload) + 2
	app1 := append([]byte{0xFF, 0xE1, byte(n >> 8), byte(n)}, payload...)
	out := append([]byte{}, b.Bytes()[:2]...)
	out = append(out, app1...)
	return append(out, b.Bytes()[2:]...)
}

// pdfFile is a minimal one-page PDF; text (in a comment) tells files apart.
func pdfFile(text string) []byte { return pdfDoc(text, "", "") }

// pdfDoc is a one-page PDF with, when given, a document information
// dictionary (info is its body, "/Author (…)") and an XMP packet as the
// catalog's /Metadata stream.
func pdfDoc(text, info, xmp string) []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
		"<< /Length 5 >>\nstream\nBT ET\nendstream",
	}
	if xmp != "" {
		objs[0] = "<< /Type /Catalog /Pages 2 0 R /Metadata 5 0 R >>"
		objs = append(objs, fmt.Sprintf("<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream", len(xmp), xmp))
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n% " + text + "\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	trailer := ""
	if info != "" {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n<< %s >>\nendobj\n", len(offsets), info)
		trailer = fmt.Sprintf(" /Info %d 0 R", len(offsets))
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, trailer, xref)
	return b.Bytes()
}

// code returns the warta code of err.
func code(err error) string { return warta.ErrorCode(err) }

// wantErr checks that err is a warta error with the code, whose message
// contains want.
func wantErr(t *testing.T, what string, err error, wantCode, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error, want %s %q", what, wantCode, want)
	}
	if code(err) != wantCode || !strings.Contains(warta.ErrorMessage(err), want) {
		t.Fatalf("%s: %v, want %s containing %q", what, err, wantCode, want)
	}
}

// field returns the Field of a warta error.
func field(err error) string {
	if we, ok := err.(*warta.Error); ok {
		return we.Field
	}
	return ""
}

func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}
