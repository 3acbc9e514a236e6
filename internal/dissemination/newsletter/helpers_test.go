package newsletter

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	wmail "github.com/kominfo-jatim/warta/internal/mail"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// smtpServer is a minimal SMTP server on a loopback port that keeps every
// message it is given: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT.
type smtpServer struct {
	ln   net.Listener
	mu   sync.Mutex
	msgs []received
	wg   sync.WaitGroup
}

// received is one message as the server got it.
type received struct {
	From, To string
	Data     string
}

func startSMTP(t *testing.T) *smtpServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{ln: ln}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Add(1)
			go func() { defer s.wg.Done(); s.serve(c) }()
		}
	}()
	t.Cleanup(func() { ln.Close(); s.wg.Wait() })
	return s
}

func (s *smtpServer) Addr() string { return s.ln.Addr().String() }

func (s *smtpServer) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	rd := bufio.NewReader(c)
	reply := func(line string) { io.WriteString(c, line+"\r\n") }
	reply("220 uji ESMTP")
	var cur received
	for {
		line, err := rd.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		switch verb {
		case "EHLO":
			reply("250-uji")
			reply("250 8BITMIME")
		case "HELO", "NOOP":
			reply("250 ok")
		case "RSET":
			cur = received{}
			reply("250 ok")
		case "MAIL":
			cur.From = strings.Trim(line[len("MAIL FROM:"):], "<> ")
			reply("250 ok")
		case "RCPT":
			cur.To = strings.Trim(line[len("RCPT TO:"):], "<> ")
			reply("250 ok")
		case "DATA":
			reply("354 lanjut")
			var b strings.Builder
			for {
				l, err := rd.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(strings.TrimPrefix(l, "."))
			}
			cur.Data = b.String()
			s.mu.Lock()
			s.msgs = append(s.msgs, cur)
			s.mu.Unlock()
			cur = received{}
			reply("250 diterima")
		case "QUIT":
			reply("221 sampai jumpa")
			return
		default:
			reply("502 tidak dikenal")
		}
	}
}

// to returns the messages received for an address, parsed.
func (s *smtpServer) to(t *testing.T, addr string) []*parsedMail {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*parsedMail
	for _, m := range s.msgs {
		if m.To == addr {
			out = append(out, parseMail(t, m.Data))
		}
	}
	return out
}

// parsedMail is a received message with its parts decoded.
type parsedMail struct {
	Header      mail.Header
	Subject     string
	Text, HTML  string
	ContentType string
}

func parseMail(t *testing.T, data string) *parsedMail {
	t.Helper()
	m, err := mail.ReadMessage(strings.NewReader(data))
	if err != nil {
		t.Fatalf("unparseable message: %v\n%s", err, data)
	}
	p := &parsedMail{Header: m.Header}
	p.Subject, _ = new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	p.ContentType = mt
	if !strings.HasPrefix(mt, "multipart/") {
		b, _ := io.ReadAll(quotedprintable.NewReader(m.Body))
		p.Text = string(b)
		return p
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(part) // multipart decodes quoted-printable itself
		switch ct, _, _ := mime.ParseMediaType(part.Header.Get("Content-Type")); ct {
		case "text/plain":
			p.Text = string(b)
		case "text/html":
			p.HTML = string(b)
		}
	}
	return p
}

// fakeMail records messages and fails on demand.
type fakeMail struct {
	mu   sync.Mutex
	msgs []wmail.Message
	fail map[string]error // by recipient, once
}

func (f *fakeMail) Send(_ context.Context, m wmail.Message) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.fail[m.To]; err != nil {
		delete(f.fail, m.To)
		return err
	}
	f.msgs = append(f.msgs, m)
	return nil
}

func (f *fakeMail) to(addr string) []wmail.Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []wmail.Message
	for _, m := range f.msgs {
		if m.To == addr {
			out = append(out, m)
		}
	}
	return out
}

func (f *fakeMail) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.msgs)
}

var errDown = errors.New("smtp: connection refused")

type progress map[string]string

func (p progress) Step(k string) string { return p[k] }
func (p progress) SaveStep(_ context.Context, k, v string) error {
	p[k] = v
	return nil
}

var testNow = time.Date(2024, 2, 14, 12, 0, 0, 0, time.UTC)

func newService(t *testing.T, db *store.DB, m wmail.Sender, baseURL string) *Service {
	t.Helper()
	s, err := New(Config{DB: db, Mail: m, BaseURL: baseURL, SiteName: "Warta Jatim",
		Now: func() time.Time { return testNow }, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// subscribe signs an address up and confirms it, bypassing the form.
func subscribe(t *testing.T, s *Service, email, digest string, regions, stages []string) {
	t.Helper()
	ctx := context.Background()
	out, token, err := s.subs.signUp(ctx, request{Email: email, Regions: regions, Stages: stages, Digest: digest, Consent: "setuju"}, testNow.Add(-time.Hour))
	if err != nil || out != sendConfirmation {
		t.Fatalf("sign up %s: %v %v", email, out, err)
	}
	if ok, err := s.subs.confirm(ctx, token, testNow.Add(-time.Hour)); !ok || err != nil {
		t.Fatalf("confirm %s: %v %v", email, ok, err)
	}
}

// status returns an address's status and interests ("" when unknown).
func status(t *testing.T, db *store.DB, email string) (string, int) {
	t.Helper()
	var st, id string
	err := db.SQL().QueryRow(db.Rebind("SELECT id, status FROM subscribers WHERE channel = 'email' AND address = ?"), email).Scan(&id, &st)
	if err != nil {
		return "", 0
	}
	var n int
	db.SQL().QueryRow(db.Rebind("SELECT COUNT(*) FROM subscriber_interests WHERE subscriber_id = ?"), id).Scan(&n)
	return st, n
}

var (
	surabaya = warta.Region{Code: "35.78", Slug: "kota-surabaya", Name: "Kota Surabaya", Kind: warta.RegionKota}
	malang   = warta.Region{Code: "35.73", Slug: "kota-malang", Name: "Kota Malang", Kind: warta.RegionKota}
	jatim    = warta.Region{Code: "35", Slug: "jawa-timur", Name: "Provinsi Jawa Timur", Kind: warta.RegionProvinsi}
	kampanye = warta.Stage{Slug: "pemilu-2024-kampanye", Name: "Kampanye"}
)
