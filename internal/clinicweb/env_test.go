package clinicweb_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/clinicweb"
	"github.com/kominfo-jatim/warta/internal/feed"
	"github.com/kominfo-jatim/warta/internal/htmltest"
	"github.com/kominfo-jatim/warta/internal/indonesian"
	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/newsroom"
	"github.com/kominfo-jatim/warta/internal/portal"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// start is when the tests' first form is served: a Monday morning in WIB.
var start = time.Date(2026, 3, 2, 9, 0, 0, 0, warta.Jakarta)

const secretKey = "kunci-rahasia-uji-klinik-web-yang-cukup-panjang"

// clock is the site's settable clock, shared by the pages and the service.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// site is the clinic's pages and the portal over one database, served over
// HTTP, with a real clinic service and newsroom and the clock in the
// test's hands.
type site struct {
	t       *testing.T
	ctx     context.Context
	db      *store.DB
	svc     *clinic.Service
	clock   *clock
	url     string
	checker *warta.User
}

// each runs fn on a fresh site on every test database.
func each(t *testing.T, fn func(t *testing.T, s *site)) {
	eachWith(t, nil, fn)
}

// eachWith is each with a change to the clinic's configuration.
func eachWith(t *testing.T, change func(*clinic.Config), fn func(t *testing.T, s *site)) {
	storetest.Each(t, store.Options{Analyze: indonesian.New().Terms}, func(t *testing.T, db *store.DB) {
		fn(t, newSite(t, db, change))
	})
}

func newSite(t *testing.T, db *store.DB, change func(*clinic.Config)) *site {
	t.Helper()
	s := &site{t: t, ctx: context.Background(), db: db, clock: &clock{t: start}}
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	s.url = srv.URL
	quiet := slog.New(slog.DiscardHandler)
	agency := warta.Agency{Slug: "diskominfo-jatim", Name: "Dinas Komunikasi dan Informatika Provinsi Jawa Timur", ShortName: "Diskominfo Jatim"}
	must(t, "agency", db.CreateAgency(s.ctx, &agency))
	s.checker = &warta.User{Email: "pemeriksa@warta.example", Name: "Uji Pemeriksa", Role: warta.RoleFactChecker}
	must(t, "user", db.CreateUser(s.ctx, s.checker, "kata-sandi-staf-uji"))
	nr, err := newsroom.New(newsroom.Config{DB: db, Logger: quiet, Now: s.clock.now})
	must(t, "newsroom", err)
	cfg := clinic.Config{DB: db, Media: media.New(t.TempDir()), Newsroom: nr, SecretKey: secretKey,
		BaseURL: srv.URL, SiteName: "Warta Jatim", Retention: 30 * 24 * time.Hour, Now: s.clock.now, Logger: quiet}
	if change != nil {
		change(&cfg)
	}
	s.svc, err = clinic.New(cfg)
	must(t, "clinic", err)
	site := clinic.Site{Name: "Warta Jatim", BaseURL: srv.URL}
	p, err := portal.New(portal.Config{DB: db, Analyzer: indonesian.New(), Now: s.clock.now, Logger: quiet,
		Site: feed.Site{Name: "Warta Jatim", BaseURL: srv.URL + "/", Language: "id"}, ExtraJSONLD: s.svc.ArticleJSONLD(site)})
	must(t, "portal", err)
	web, err := clinicweb.New(clinicweb.Config{Clinic: s.svc, Layout: p.Page, Regions: db.Regions, Site: site,
		Office: "Dinas Kominfo Jawa Timur", PrivacyEmail: "privasi@kominfo.example", Retention: cfg.Retention,
		SecretKey: secretKey, Now: s.clock.now, Logger: quiet})
	must(t, "clinicweb", err)
	p.Routes(mux)
	web.PublicRoutes(mux)
	web.ReportRoutes(mux)
	return s
}

func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// count runs a COUNT query.
func (s *site) count(q string, args ...any) int {
	s.t.Helper()
	var n int
	must(s.t, q, s.db.SQL().QueryRowContext(s.ctx, s.db.Rebind(q), args...).Scan(&n))
	return n
}

// importVerdicts loads an archive CSV.
func (s *site) importVerdicts(csv string) {
	s.t.Helper()
	if _, err := s.svc.Import(s.ctx, strings.NewReader(csv)); err != nil {
		s.t.Fatalf("import: %v", err)
	}
}

// publish answers the claim of a ticket with a verdict, as a checker does
// in the studio.
func (s *site) publish(ticket string, in clinic.VerdictInput) *clinic.Verdict {
	s.t.Helper()
	var claimID string
	must(s.t, "claim of "+ticket, s.db.SQL().QueryRowContext(s.ctx, s.db.Rebind("SELECT claim_id FROM clinic_reports WHERE ticket = ?"), ticket).Scan(&claimID))
	v, err := s.svc.PublishVerdict(s.ctx, s.checker, claimID, in)
	must(s.t, "publish verdict", err)
	return v
}

// page is a response with its parsed document.
type page struct {
	t      *testing.T
	status int
	header http.Header
	body   []byte
	doc    *html.Node
}

func (s *site) do(req *http.Request) *page {
	s.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	p := &page{t: s.t, status: resp.StatusCode, header: resp.Header, body: body}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		if p.doc, err = html.Parse(bytes.NewReader(body)); err != nil {
			s.t.Fatalf("parse %s: %v", req.URL, err)
		}
		checkPage(s.t, req.URL.Path, p.doc)
	}
	return p
}

func (s *site) get(path string) *page {
	s.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.url+path, nil)
	return s.do(req)
}

// form is the report form as a visitor got it: its hidden fields.
type form struct {
	s      *site
	hidden url.Values
}

// openForm loads the report form, as a browser does before the visitor
// types.
func (s *site) openForm() *form {
	s.t.Helper()
	p := s.get("/klinik")
	if p.status != http.StatusOK {
		s.t.Fatalf("GET /klinik: %d", p.status)
	}
	f := &form{s: s, hidden: url.Values{}}
	for _, in := range htmltest.QueryAll(s.t, p.doc, "form[action=\"/klinik\"] input") {
		if htmltest.Attr(in, "type") == "hidden" {
			f.hidden.Set(htmltest.Attr(in, "name"), htmltest.Attr(in, "value"))
		}
	}
	return f
}

// post sends the form as a browser without JavaScript does: urlencoded.
func (f *form) post(fields url.Values) *page {
	f.s.t.Helper()
	v := url.Values{}
	for k, vals := range f.hidden {
		v[k] = vals
	}
	for k, vals := range fields {
		v[k] = vals
	}
	req, _ := http.NewRequest(http.MethodPost, f.s.url+"/klinik", strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return f.s.do(req)
}

// upload sends the form as multipart with a screenshot, as the form's
// enctype makes browsers do.
func (f *form) upload(fields url.Values, filename string, data []byte) *page {
	f.s.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, vs := range []url.Values{f.hidden, fields} {
		for k, vals := range vs {
			for _, val := range vals {
				mw.WriteField(k, val)
			}
		}
	}
	fw, _ := mw.CreateFormFile("image", filename)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, f.s.url+"/klinik", &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return f.s.do(req)
}

// report fills in and sends the form like a person: it opens the form,
// takes its time and sends fields.
func (s *site) report(fields url.Values) *page {
	s.t.Helper()
	f := s.openForm()
	s.clock.advance(20 * time.Second)
	return f.post(fields)
}

var ticketRE = regexp.MustCompile(`KH-\d{4}-\d{6,}`)

// ticket is the ticket code on a receipt page.
func (p *page) ticket() string {
	p.t.Helper()
	code := p.text(".tiket-kode")
	if !ticketRE.MatchString(code) {
		p.t.Fatalf("no ticket code on the page (%d): %s", p.status, p.text("main"))
	}
	return code
}

// text is the text of the first element matching the selector, "" when
// there is none.
func (p *page) text(selector string) string {
	if p.doc == nil {
		return ""
	}
	if n := htmltest.QueryAll(p.t, p.doc, selector); len(n) > 0 {
		return strings.Join(strings.Fields(htmltest.Text(n[0])), " ")
	}
	return ""
}

// texts are the texts of every element matching the selector.
func (p *page) texts(selector string) []string {
	var out []string
	for _, n := range htmltest.QueryAll(p.t, p.doc, selector) {
		out = append(out, strings.Join(strings.Fields(htmltest.Text(n)), " "))
	}
	return out
}

// attr is an attribute of the first element matching selector.
func (p *page) attr(selector, name string) string {
	if n := htmltest.QueryAll(p.t, p.doc, selector); len(n) > 0 {
		return htmltest.Attr(n[0], name)
	}
	return ""
}

// count is how many elements match the selector.
func (p *page) count(selector string) int { return len(htmltest.QueryAll(p.t, p.doc, selector)) }

// expect fails unless the page answered status and the element's text
// contains every want.
func (p *page) expect(t *testing.T, status int, selector string, want ...string) {
	t.Helper()
	if p.status != status {
		t.Fatalf("status %d, want %d; main: %s", p.status, status, p.text("main"))
	}
	got := p.text(selector)
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Fatalf("%s says %q, want it to contain %q", selector, got, w)
		}
	}
}

// checkPage checks what WCAG needs from every page's markup: the
// language, one h1 and headings in order, labelled fields, unique ids and
// messages tied to their fields.
func checkPage(t *testing.T, path string, doc *html.Node) {
	t.Helper()
	if htmltest.Attr(htmltest.QueryAll(t, doc, "html")[0], "lang") != "id" {
		t.Errorf("%s: not lang=id", path)
	}
	if n := len(htmltest.QueryAll(t, doc, "h1")); n != 1 {
		t.Errorf("%s: %d h1", path, n)
	}
	last := 0
	for _, h := range htmltest.QueryAll(t, doc, "main *") {
		if len(h.Data) == 2 && h.Data[0] == 'h' && h.Data[1] >= '1' && h.Data[1] <= '6' {
			level, _ := strconv.Atoi(h.Data[1:])
			if level > last+1 {
				t.Errorf("%s: %s %q after h%d", path, h.Data, htmltest.Text(h), last)
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
			t.Errorf("%s: duplicate id %q", path, htmltest.Attr(n, "id"))
		}
		ids[htmltest.Attr(n, "id")] = true
	}
	for _, sel := range []string{"input", "select", "textarea"} {
		for _, in := range htmltest.QueryAll(t, doc, sel) {
			if htmltest.Attr(in, "type") != "hidden" && !labels[htmltest.Attr(in, "id")] && htmltest.Attr(in, "aria-label") == "" {
				t.Errorf("%s: %s %s has no label", path, sel, htmltest.Attr(in, "name"))
			}
			for _, id := range strings.Fields(htmltest.Attr(in, "aria-describedby")) {
				if !ids[id] {
					t.Errorf("%s: %s %s described by missing #%s", path, sel, htmltest.Attr(in, "name"), id)
				}
			}
		}
	}
}

// pngFile is a small PNG.
func pngFile(seed int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for y := range 48 {
		for x := range 64 {
			img.Set(x, y, color.RGBA{uint8(seed*53 + x*4), uint8(y*5 + seed*17), uint8((x + y) * seed), 255})
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

// archiveCSV is an archive of n verdicts, one a day before start, the
// newest first; every third is FAKTA, the rest HOAKS.
func archiveCSV(n int) string {
	var b strings.Builder
	b.WriteString("id,title,label,url,published\n")
	for i := range n {
		label := "HOAKS"
		if i%3 == 2 {
			label = "FAKTA"
		}
		at := start.Add(-time.Duration(i+1) * 24 * time.Hour)
		fmt.Fprintf(&b, "arsip-%03d,Kabar nomor %d tentang jembatan desa %s,%s,https://cekfakta.example/%03d,%s\n",
			i, i, strings.Repeat("x", i%5+1), label, i, at.Format("2006-01-02"))
	}
	return b.String()
}
