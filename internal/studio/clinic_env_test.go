package studio_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/auth"
	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/mail"
	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/newsroom"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/studio"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// klinikStart is when the tests' first reports arrive: Monday 2 March
// 2026, 09.00 WIB.
var klinikStart = time.Date(2026, 3, 2, 9, 0, 0, 0, warta.Jakarta)

// klinikConsent is the consent wording the tests' reporters agree to.
const klinikConsent = "Saya setuju kontak saya dipakai untuk menjawab laporan ini dan disimpan paling lama 90 hari."

// klinikClock is the clock the clinic, the newsroom and the studio share.
type klinikClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *klinikClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *klinikClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// klinikEnv is the studio with the hoax clinic, served the way the
// application mounts it, with staff of every role that matters here.
type klinikEnv struct {
	*env
	cs    *clinic.Service
	clock *klinikClock
	ctx   context.Context

	admin, editor, checker, checker2, contributor *warta.User
}

func newKlinikEnv(t *testing.T, db *store.DB) *klinikEnv {
	t.Helper()
	ctx := context.Background()
	e := &klinikEnv{env: &env{t: t, db: db}, clock: &klinikClock{t: klinikStart}, ctx: ctx}
	e.kpu = warta.Agency{Slug: "diskominfo-jatim", Name: "Dinas Komunikasi dan Informatika Provinsi Jawa Timur", ShortName: "Diskominfo Jatim"}
	e.bws = warta.Agency{Slug: "bawaslu-jatim", Name: "Bawaslu Provinsi Jawa Timur", ShortName: "Bawaslu Jatim"}
	for _, ag := range []*warta.Agency{&e.kpu, &e.bws} {
		if err := db.CreateAgency(ctx, ag); err != nil {
			t.Fatal(err)
		}
	}
	var err error
	if e.nr, err = newsroom.New(newsroom.Config{DB: db, Logger: quiet(), Now: e.clock.now}); err != nil {
		t.Fatal(err)
	}
	e.lib = media.New(t.TempDir())
	if e.cs, err = clinic.New(clinic.Config{DB: db, Media: e.lib, Newsroom: e.nr, SecretKey: "kunci-rahasia-uji-studio-klinik-panjang",
		BaseURL: "http://warta.test", SiteName: "Warta Jatim", Agency: e.kpu.Slug, AutoThreshold: 0.97, SuggestThreshold: 0.3,
		Now: e.clock.now, Logger: quiet()}); err != nil {
		t.Fatal(err)
	}
	outbox := mail.NewOutbox(db)
	e.auth = auth.New(auth.Config{DB: db, Mailer: outbox, BaseURL: "http://warta.test", Logger: quiet()})
	st, err := studio.New(studio.Config{Newsroom: e.nr, Auth: e.auth, DB: db, Media: e.lib, Outbox: outbox,
		Logger: quiet(), SiteName: "Warta Jatim", BaseURL: "http://warta.test", Clinic: e.cs, Now: e.clock.now})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	st.Routes(mux)
	h := e.auth.Middleware(e.auth.CrossOrigin(auth.CSP(e.auth.EnrolGate("/studio/2fa", mux, "/studio/logout", "/studio/static/"))))
	e.srv = httptest.NewServer(h)
	t.Cleanup(e.srv.Close)

	e.admin = e.user("admin@kominfo.example", warta.RoleAdmin, nil)
	e.editor = e.user("redaktur@kominfo.example", warta.RoleEditor, nil)
	e.checker = e.user("sari@kominfo.example", warta.RoleFactChecker, nil)
	e.checker2 = e.user("bayu@kominfo.example", warta.RoleFactChecker, nil)
	e.contributor = e.user("andi@kpu.example", warta.RoleContributor, &e.kpu)
	return e
}

// report is one citizen's report for submit.
type report struct {
	text, url string
	image     []byte
	email     string // "" for an anonymous report
	name      string
	referral  bool // the reporter also agreed to a referral to Bawaslu
}

// submit sends a web report through the clinic and returns its receipt.
func (e *klinikEnv) submit(r report) *clinic.Receipt {
	e.t.Helper()
	in := clinic.Submission{Channel: clinic.ChannelWeb, Text: r.text, URL: r.url, Image: r.image}
	if r.email != "" {
		in.Contact = &clinic.ContactInput{Kind: "email", Address: r.email, Name: r.name, HomeAddress: "Jl. Pahlawan 110, Surabaya"}
		in.Consent, in.ConsentText, in.ReferralConsent = true, klinikConsent, r.referral
	}
	rc, err := e.cs.Submit(e.ctx, in)
	if err != nil {
		e.t.Fatalf("submit %q: %v", r.text, err)
	}
	return rc
}

// claimOf is the claim the ticket's report joined.
func (e *klinikEnv) claimOf(ticket string) *clinic.Claim {
	e.t.Helper()
	for _, f := range []clinic.QueueFilter{{}, {Status: clinic.StatusDone}, {Status: clinic.StatusRejected}} {
		f.Limit = 100
		cs, err := e.cs.Queue(e.ctx, e.admin, f)
		if err != nil {
			e.t.Fatalf("queue: %v", err)
		}
		for _, c := range cs {
			d, err := e.cs.Claim(e.ctx, e.admin, c.ID)
			if err != nil {
				e.t.Fatalf("claim %s: %v", c.ID, err)
			}
			for _, r := range d.Reports {
				if r.Ticket == ticket {
					return d.Claim
				}
			}
		}
	}
	e.t.Fatalf("no claim holds ticket %s", ticket)
	return nil
}

// detail is the claim as the clinic has it now.
func (e *klinikEnv) detail(id string) *clinic.ClaimDetail {
	e.t.Helper()
	d, err := e.cs.Claim(e.ctx, e.admin, id)
	if err != nil {
		e.t.Fatalf("claim %s: %v", id, err)
	}
	return d
}

// queueIDs are the claim ids of the queue page's rows, top to bottom.
func queueIDs(t *testing.T, p *page) []string {
	t.Helper()
	var ids []string
	for _, n := range queryAll(t, p.doc, "tr.claim-row") {
		ids = append(ids, attr(n, "data-id"))
	}
	return ids
}

// rowText is the text of the queue row for the claim.
func rowText(t *testing.T, p *page, id string) string {
	t.Helper()
	for _, n := range queryAll(t, p.doc, "tr.claim-row") {
		if attr(n, "data-id") == id {
			return strings.Join(strings.Fields(text(n)), " ")
		}
	}
	return ""
}
