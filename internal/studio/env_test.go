package studio_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/kominfo-jatim/warta/internal/auth"
	"github.com/kominfo-jatim/warta/internal/mail"
	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/newsroom"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/studio"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// password is every test account's password.
const password = "kata-sandi-yang-panjang"

// env is a studio served over HTTP the way the application mounts it:
// behind auth.Middleware, cross-origin protection, the CSP and the
// two-factor enrolment gate, with two agencies.
type env struct {
	t        *testing.T
	db       *store.DB
	nr       *newsroom.Service
	auth     *auth.Service
	lib      *media.Library
	srv      *httptest.Server
	kpu, bws warta.Agency
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	return newEnvWith(t, db, auth.Config{})
}

// newEnvWith is newEnv with auth settings such as RequireTOTP.
func newEnvWith(t *testing.T, db *store.DB, ac auth.Config) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{t: t, db: db}
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
	outbox := mail.NewOutbox(db)
	ac.DB, ac.Mailer, ac.BaseURL, ac.Logger = db, outbox, "http://warta.test", quiet()
	ac.Audit = func(ctx context.Context, actor, action, objectType, objectID, detail, ip string) {
		if err := e.nr.RecordAudit(ctx, actor, action, objectType, objectID, detail, ip); err != nil {
			t.Errorf("audit: %v", err)
		}
	}
	e.auth = auth.New(ac)
	e.lib = media.New(t.TempDir())
	st, err := studio.New(studio.Config{Newsroom: e.nr, Auth: e.auth, DB: db, Media: e.lib, Outbox: outbox,
		Logger: quiet(), SiteName: "Warta Jatim", BaseURL: "http://warta.test"})
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

// user creates an account; agency may be nil.
func (e *env) user(email string, role warta.Role, agency *warta.Agency) *warta.User {
	e.t.Helper()
	u := &warta.User{Email: email, Name: strings.Split(email, "@")[0], Role: role}
	if agency != nil {
		u.AgencyID = agency.ID
	}
	if err := e.db.CreateUser(context.Background(), u, password); err != nil {
		e.t.Fatal(err)
	}
	return u
}

// client is one browser: a cookie jar, no automatic redirects.
type client struct {
	t  *testing.T
	e  *env
	hc *http.Client
}

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: e.t, e: e, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// login signs a new browser in as email.
func (e *env) login(email string) *client {
	e.t.Helper()
	c := e.client()
	p := c.post("/studio/login", url.Values{"email": {email}, "password": {password}})
	if p.status != http.StatusSeeOther {
		e.t.Fatalf("login %s: %d\n%s", email, p.status, p.text("main"))
	}
	return c
}

// page is a response with its parsed HTML.
type page struct {
	t      *testing.T
	status int
	header http.Header
	body   string
	doc    *html.Node
}

func (p *page) location() string { return p.header.Get("Location") }

// text is the text of the first element matching selector, or "".
func (p *page) text(selector string) string {
	p.t.Helper()
	all := queryAll(p.t, p.doc, selector)
	if len(all) == 0 {
		return ""
	}
	return text(all[0])
}

// count is how many elements match selector.
func (p *page) count(selector string) int {
	p.t.Helper()
	return len(queryAll(p.t, p.doc, selector))
}

// value is the value of the input (or text of the textarea) with the id.
func (p *page) value(id string) string {
	p.t.Helper()
	n := query(p.t, p.doc, "#"+id)
	if n.Data == "textarea" {
		var b strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			b.WriteString(c.Data)
		}
		return b.String()
	}
	return attr(n, "value")
}

func (c *client) do(req *http.Request) *page {
	c.t.Helper()
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		c.t.Fatal(err)
	}
	return &page{t: c.t, status: resp.StatusCode, header: resp.Header, body: string(b), doc: doc}
}

func (c *client) get(path string) *page {
	c.t.Helper()
	req, _ := http.NewRequest("GET", c.e.srv.URL+path, nil)
	return c.do(req)
}

func (c *client) post(path string, v url.Values) *page {
	c.t.Helper()
	req, _ := http.NewRequest("POST", c.e.srv.URL+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// upload posts a multipart form with one file.
func (c *client) upload(path string, fields map[string]string, filename string, content []byte) *page {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if filename != "" {
		fw, _ := mw.CreateFormFile("file", filename)
		fw.Write(content)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// follow gets the page a redirect points to.
func (c *client) follow(p *page) *page {
	c.t.Helper()
	if p.status != http.StatusSeeOther {
		c.t.Fatalf("want a redirect (303), got %d:\n%s", p.status, p.text("main"))
	}
	return c.get(p.location())
}

// articleID returns the ID from a redirect to /studio/artikel/{id}.
func articleID(t *testing.T, p *page) string {
	t.Helper()
	u, err := url.Parse(p.location())
	if err != nil || !strings.HasPrefix(u.Path, "/studio/artikel/") {
		t.Fatalf("want a redirect to an article, got %d %q:\n%s", p.status, p.location(), p.text("main"))
	}
	return strings.TrimPrefix(u.Path, "/studio/artikel/")
}

// totpCode is the code an authenticator app shows for secret at t.
func totpCode(secret string, t time.Time) string {
	secret = strings.ToUpper(strings.ReplaceAll(secret, " ", ""))
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil {
		panic(err)
	}
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(t.Unix()/30))
	m := hmac.New(sha1.New, key)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	return fmt.Sprintf("%06d", (binary.BigEndian.Uint32(sum[off:off+4])&0x7fffffff)%1_000_000)
}
