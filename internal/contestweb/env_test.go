package contestweb_test

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/contestweb"
	"github.com/kominfo-jatim/warta/internal/feed"
	"github.com/kominfo-jatim/warta/internal/htmltest"
	"github.com/kominfo-jatim/warta/internal/indonesian"
	"github.com/kominfo-jatim/warta/internal/mail"
	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/portal"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

const password = "kata-sandi-peserta-uji"

func wib(year int, month time.Month, day, hour, min int) time.Time {
	return time.Date(year, month, day, hour, min, 0, 0, warta.Jakarta)
}

// The timeline of the test contest.
var (
	regOpen      = wib(2024, 7, 1, 8, 0)
	subOpen      = wib(2024, 7, 8, 8, 0)
	deadline     = wib(2024, 8, 1, 0, 0)
	judgingStart = wib(2024, 8, 2, 8, 0)
	voteStart    = wib(2024, 8, 5, 0, 0)
	voteEnd      = wib(2024, 8, 12, 0, 0)
	judgingEnd   = wib(2024, 8, 15, 17, 0)
	announceAt   = wib(2024, 8, 17, 10, 0)
)

// clock is the service's settable clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// site is the contest pages in the portal's frame over one database,
// served over HTTP, with the contest service's clock in the test's hands
// and mail kept in the outbox.
type site struct {
	t      *testing.T
	ctx    context.Context
	db     *store.DB
	svc    *contest.Service
	clock  *clock
	outbox *mail.Outbox
	url    string
	editor *warta.User
	agency warta.Agency
}

// each runs fn on a fresh site on every test database.
func each(t *testing.T, fn func(t *testing.T, s *site)) {
	storetest.Each(t, store.Options{Analyze: indonesian.New().Terms}, func(t *testing.T, db *store.DB) {
		fn(t, newSite(t, db))
	})
}

func newSite(t *testing.T, db *store.DB) *site {
	t.Helper()
	s := &site{t: t, ctx: context.Background(), db: db, clock: &clock{t: subOpen.Add(time.Hour)}, outbox: mail.NewOutbox(db)}
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	s.url = srv.URL
	quiet := slog.New(slog.DiscardHandler)
	var err error
	s.svc, err = contest.New(contest.Config{DB: db, Files: media.New(t.TempDir()), Mailer: s.outbox, BaseURL: srv.URL,
		Now: s.clock.now, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	p, err := portal.New(portal.Config{DB: db, Analyzer: indonesian.New(), Now: s.clock.now, Logger: quiet,
		Site: feed.Site{Name: "Warta Jatim", BaseURL: srv.URL + "/", Language: "id"}})
	if err != nil {
		t.Fatal(err)
	}
	web, err := contestweb.New(contestweb.Config{Contests: s.svc, Layout: p.Page, Regions: db.Regions, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	web.PublicRoutes(mux)
	web.ParticipantRoutes(mux)
	s.agency = warta.Agency{Slug: "diskominfo-jatim", Name: "Dinas Komunikasi dan Informatika Provinsi Jawa Timur", ShortName: "Diskominfo Jatim"}
	if err := db.CreateAgency(s.ctx, &s.agency); err != nil {
		t.Fatal(err)
	}
	s.editor = s.user("redaktur", warta.RoleEditor)
	return s
}

func (s *site) user(key string, role warta.Role) *warta.User {
	s.t.Helper()
	u := &warta.User{Email: key + "@warta.example", Name: "Uji " + key, Role: role}
	if err := s.db.CreateUser(s.ctx, u, "kata-sandi-staf-uji"); err != nil {
		s.t.Fatal(err)
	}
	return u
}

// newContest stores a published contest: a Poster category (JPEG, PNG or
// PDF up to 2 MB) and a Video category (TikTok, YouTube or Instagram
// links), for residents of Surabaya and Sidoarjo aged 17 or more, with a
// public vote worth 20 %, three prizes and the rubric Pesan 40 %,
// Kreativitas 30 %, Teknis 30 %.
func (s *site) newContest() *contest.Contest {
	s.t.Helper()
	return s.newContestWith(nil)
}

// newContestWith stores the test contest after change adjusts it.
func (s *site) newContestWith(change func(*contest.Contest)) *contest.Contest {
	s.t.Helper()
	c := &contest.Contest{
		Title: "Lomba Konten Pemilih Cerdas", Theme: "Pemilih cerdas, pemilu damai",
		Rules:    "Karya **orisinal** dan belum pernah dilombakan.",
		AgencyID: s.agency.ID, MinAge: 17,
		Regions: []warta.Region{{Slug: "kota-surabaya"}, {Slug: "kabupaten-sidoarjo"}},
		Timeline: contest.Timeline{RegistrationOpen: regOpen, SubmissionOpen: subOpen, SubmissionDeadline: deadline,
			JudgingStart: judgingStart, JudgingEnd: judgingEnd, VoteStart: voteStart, VoteEnd: voteEnd, AnnouncementAt: announceAt},
		Categories: []contest.Category{
			{Name: "Poster", Kind: contest.KindFile, Accept: []string{contest.TypeJPEG, contest.TypePNG, contest.TypePDF}, MaxBytes: 2 << 20},
			{Name: "Video", Kind: contest.KindLink, Platforms: []string{contest.PlatformTikTok, contest.PlatformYouTube, contest.PlatformInstagram}},
		},
		Prizes:     []contest.Prize{{Place: 1, Reward: "Rp5.000.000"}, {Place: 2, Reward: "Rp3.000.000"}},
		PublicVote: true, VoteWeight: 20,
		Published: true,
	}
	if change != nil {
		change(c)
	}
	if err := s.svc.SaveContest(s.ctx, s.editor, c); err != nil {
		s.t.Fatalf("save contest: %v", err)
	}
	if err := s.svc.SetRubric(s.ctx, s.editor, c.ID, "", []contest.Criterion{
		{Name: "Pesan", Weight: 40}, {Name: "Kreativitas", Weight: 30}, {Name: "Teknis", Weight: 30}}); err != nil {
		s.t.Fatalf("set rubric: %v", err)
	}
	return c
}

// visitor is one person's browser: its own cookies, following redirects.
type visitor struct {
	s      *site
	client *http.Client
}

func (s *site) visitor() *visitor {
	jar, _ := cookiejar.New(nil)
	return &visitor{s: s, client: &http.Client{Jar: jar}}
}

// page is a response with its parsed document.
type page struct {
	t      *testing.T
	status int
	path   string // the path and query it ended at, after redirects
	header http.Header
	body   []byte
	doc    *html.Node
}

func (v *visitor) do(req *http.Request) *page {
	v.s.t.Helper()
	resp, err := v.client.Do(req)
	if err != nil {
		v.s.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	p := &page{t: v.s.t, status: resp.StatusCode, path: resp.Request.URL.RequestURI(), header: resp.Header, body: body}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		if p.doc, err = html.Parse(bytes.NewReader(body)); err != nil {
			v.s.t.Fatalf("parse %s: %v", p.path, err)
		}
		checkPage(v.s.t, p)
	}
	return p
}

func (v *visitor) get(path string) *page {
	v.s.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, v.s.url+path, nil)
	return v.do(req)
}

func (v *visitor) post(path string, form url.Values) *page {
	v.s.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, v.s.url+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return v.do(req)
}

// upload posts a multipart form with a file, as a browser does.
func (v *visitor) upload(path string, fields map[string]string, filename string, data []byte) *page {
	v.s.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, val := range fields {
		mw.WriteField(k, val)
	}
	fw, _ := mw.CreateFormFile("file", filename)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, v.s.url+path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return v.do(req)
}

var linkRE = regexp.MustCompile(`https?://\S+\?token=[A-Za-z0-9_%-]+`)

// mailed returns the path of the last link mailed to the address, as the
// person would follow it.
func (s *site) mailed(to string) string {
	s.t.Helper()
	msgs, err := s.outbox.List(s.ctx, 100)
	if err != nil {
		s.t.Fatal(err)
	}
	for _, m := range msgs { // newest first
		if m.To == to {
			if link := linkRE.FindString(m.Text); link != "" {
				return strings.TrimPrefix(link, s.url)
			}
		}
	}
	s.t.Fatalf("no link mailed to %s", to)
	return ""
}

// register signs a person up through the form, follows the verification
// link and returns them signed in. birth is YYYY-MM-DD; region a slug.
func (s *site) register(name, birth, region string) *visitor {
	s.t.Helper()
	v := s.visitor()
	email := emailOf(name)
	p := v.post("/lomba/daftar", url.Values{"name": {name}, "email": {email}, "birth_date": {birth}, "region": {region},
		"password": {password}, "consent": {"setuju"}})
	if p.status != http.StatusOK || !strings.HasPrefix(p.path, "/lomba/saya") {
		s.t.Fatalf("register %s: %d at %s: %s", name, p.status, p.path, p.text("main"))
	}
	if got := v.get(s.mailed(email)); got.status != http.StatusOK {
		s.t.Fatalf("verify %s: %d %s", name, got.status, got.text("main"))
	}
	return v
}

func emailOf(name string) string {
	return strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@peserta.example"
}

// text is the text of the first element matching the selector, "" when
// there is none.
func (p *page) text(selector string) string {
	if p.doc == nil {
		return ""
	}
	if n := htmltest.QueryAll(p.t, p.doc, selector); len(n) > 0 {
		return htmltest.Text(n[0])
	}
	return ""
}

// count is how many elements match the selector.
func (p *page) count(selector string) int {
	return len(htmltest.QueryAll(p.t, p.doc, selector))
}

// attr is an attribute of the first element matching selector.
func (p *page) attr(selector, name string) string {
	if n := htmltest.QueryAll(p.t, p.doc, selector); len(n) > 0 {
		return htmltest.Attr(n[0], name)
	}
	return ""
}

// value is the value attribute of the first element matching selector.
func (p *page) value(selector string) string {
	if n := htmltest.QueryAll(p.t, p.doc, selector); len(n) > 0 {
		return htmltest.Attr(n[0], "value")
	}
	return ""
}

// expect fails unless the page answered status and the element's text
// contains every want.
func (p *page) expect(t *testing.T, status int, selector string, want ...string) {
	t.Helper()
	if p.status != status {
		t.Fatalf("%s: status %d, want %d; main: %s", p.path, p.status, status, p.text("main"))
	}
	got := p.text(selector)
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Fatalf("%s: %s says %q, want it to contain %q", p.path, selector, got, w)
		}
	}
}

// fieldError is the message shown beside the field with the id.
func (p *page) fieldError(id string) string { return p.text("#" + id + "-err") }

// checkPage checks what WCAG needs from every page's markup: the
// language, one h1 and headings in order, labelled fields, unique ids,
// messages tied to their fields, alt text.
func checkPage(t *testing.T, p *page) {
	t.Helper()
	doc := p.doc
	if htmltest.Attr(htmltest.QueryAll(t, doc, "html")[0], "lang") != "id" {
		t.Errorf("%s: not lang=id", p.path)
	}
	if n := len(htmltest.QueryAll(t, doc, "h1")); n != 1 {
		t.Errorf("%s: %d h1", p.path, n)
	}
	last := 0
	for _, h := range htmltest.QueryAll(t, doc, "main *") {
		if len(h.Data) == 2 && h.Data[0] == 'h' && h.Data[1] >= '1' && h.Data[1] <= '6' {
			level, _ := strconv.Atoi(h.Data[1:])
			if level > last+1 {
				t.Errorf("%s: %s %q after h%d", p.path, h.Data, htmltest.Text(h), last)
			}
			last = level
		}
	}
	labels := map[string]bool{}
	for _, l := range htmltest.QueryAll(t, doc, "label[for]") {
		labels[htmltest.Attr(l, "for")] = true
	}
	ids := map[string]bool{}
	for _, n := range htmltest.QueryAll(t, doc, "[id]") {
		if ids[htmltest.Attr(n, "id")] {
			t.Errorf("%s: duplicate id %q", p.path, htmltest.Attr(n, "id"))
		}
		ids[htmltest.Attr(n, "id")] = true
	}
	for _, sel := range []string{"input", "select", "textarea"} {
		for _, in := range htmltest.QueryAll(t, doc, sel) {
			if htmltest.Attr(in, "type") != "hidden" && !labels[htmltest.Attr(in, "id")] && htmltest.Attr(in, "aria-label") == "" {
				t.Errorf("%s: %s %s has no label", p.path, sel, htmltest.Attr(in, "name"))
			}
			for _, id := range strings.Fields(htmltest.Attr(in, "aria-describedby")) {
				if !ids[id] {
					t.Errorf("%s: %s %s described by missing #%s", p.path, sel, htmltest.Attr(in, "name"), id)
				}
			}
		}
	}
	for _, img := range htmltest.QueryAll(t, doc, "img") {
		if _, ok := htmltest.AttrOK(img, "alt"); !ok {
			t.Errorf("%s: img without alt", p.path)
		}
	}
	for _, n := range htmltest.QueryAll(t, doc, "input[type=password]") {
		if htmltest.Attr(n, "value") != "" {
			t.Errorf("%s: a password field is filled in", p.path)
		}
	}
}

// jpegWithEXIF is a JPEG carrying an EXIF block with a location, as phone
// photos do.
func jpegWithEXIF(secret string) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 48, 32))
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

// score records a judge's scores for Pesan, Kreativitas and Teknis.
func (s *site) score(judge *warta.User, e *contest.Entry, pesan, kreativitas, teknis int) {
	s.t.Helper()
	criteria, err := s.svc.Rubric(s.ctx, e.ContestID, e.CategoryID)
	must(s.t, "rubric", err)
	scores := map[string]int{}
	for i, v := range []int{pesan, kreativitas, teknis} {
		scores[criteria[i].ID] = v
	}
	must(s.t, "score", s.svc.ScoreEntry(s.ctx, judge, e.ID, scores))
}

// pngFile is a small PNG.
func pngFile() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 24, 16))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 3)
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}
