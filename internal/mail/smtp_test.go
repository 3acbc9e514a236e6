package mail

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// received is what the test server saw in one SMTP session.
type received struct {
	tls      bool
	auth     string // decoded AUTH PLAIN response
	from     string
	rcpt     []string
	data     string
	commands []string
}

// smtpServer is a minimal SMTP server on a loopback port: EHLO, STARTTLS
// (when it has a certificate), AUTH PLAIN, MAIL, RCPT, DATA, QUIT.
type smtpServer struct {
	ln  net.Listener
	tls *tls.Config
	mu  sync.Mutex
	got []received
	wg  sync.WaitGroup
}

func startSMTP(t *testing.T, cfg *tls.Config) *smtpServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{ln: ln, tls: cfg}
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

func (s *smtpServer) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	var r received
	rd, w := bufio.NewReader(c), c
	reply := func(line string) { w.Write([]byte(line + "\r\n")) }
	reply("220 test ESMTP")
	for {
		line, err := rd.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		r.commands = append(r.commands, verb)
		switch verb {
		case "EHLO":
			ext := []string{"250-test", "250-AUTH PLAIN"}
			if s.tls != nil && !r.tls {
				ext = append(ext, "250-STARTTLS")
			}
			for _, e := range ext {
				reply(e)
			}
			reply("250 SIZE 1000000")
		case "STARTTLS":
			reply("220 go ahead")
			tc := tls.Server(c, s.tls)
			if err := tc.Handshake(); err != nil {
				return
			}
			r.tls, rd, w = true, bufio.NewReader(tc), tc
		case "AUTH":
			f := strings.Fields(line)
			b, _ := base64.StdEncoding.DecodeString(f[len(f)-1])
			r.auth = string(b)
			reply("235 ok")
		case "MAIL":
			r.from = line[len("MAIL FROM:"):]
			reply("250 ok")
		case "RCPT":
			r.rcpt = append(r.rcpt, line[len("RCPT TO:"):])
			reply("250 ok")
		case "DATA":
			reply("354 go")
			var b strings.Builder
			for {
				l, err := rd.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(strings.TrimPrefix(l, ".")) // undo dot-stuffing
			}
			r.data = b.String()
			reply("250 queued")
		case "QUIT":
			s.mu.Lock() // before the reply, which the client waits for
			s.got = append(s.got, r)
			s.mu.Unlock()
			reply("221 bye")
			return
		default:
			reply("502 not implemented")
		}
	}
}

func (s *smtpServer) received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.got...)
}

// selfSigned returns a server config and a client config trusting it.
func selfSigned(t *testing.T) (server, client *tls.Config) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		&tls.Config{RootCAs: pool}
}

func fixedSMTP(t *testing.T, cfg Config) *SMTP {
	s, err := NewSMTP(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s.now = func() time.Time { return time.Date(2024, 2, 14, 3, 0, 0, 0, time.UTC) }
	s.newID = func() string { return "01HPTEST" }
	return s
}

func TestSMTPStartTLSAuthAndExactMessage(t *testing.T) {
	serverTLS, clientTLS := selfSigned(t)
	srv := startSMTP(t, serverTLS)
	s := fixedSMTP(t, Config{Host: srv.ln.Addr().String(), Username: "warta", Password: "rahasia",
		From: "Warta Jatim <warta@jatimprov.example>", TLS: clientTLS})
	err := s.Send(context.Background(), Message{
		To:      "Redaktur <redaktur@kominfo.example>",
		Subject: "Atur ulang kata sandi — Warta",
		Text:    "Halo,\n.titik di awal baris\nBuka: https://warta.example/studio/reset?token=abc\n",
		Headers: map[string]string{"X-Warta-Kind": "password-reset"},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := srv.received()
	if len(got) != 1 {
		t.Fatalf("server received %d sessions, want 1", len(got))
	}
	r := got[0]
	if !r.tls {
		t.Error("client did not upgrade with STARTTLS although the server offered it")
	}
	if r.auth != "\x00warta\x00rahasia" {
		t.Errorf("AUTH PLAIN = %q", r.auth)
	}
	if r.from != "<warta@jatimprov.example>" || len(r.rcpt) != 1 || r.rcpt[0] != "<redaktur@kominfo.example>" {
		t.Errorf("envelope from %q to %q", r.from, r.rcpt)
	}
	want := "Date: Wed, 14 Feb 2024 10:00:00 +0700\r\n" +
		"From: \"Warta Jatim\" <warta@jatimprov.example>\r\n" +
		"To: \"Redaktur\" <redaktur@kominfo.example>\r\n" +
		"Subject: =?utf-8?q?Atur_ulang_kata_sandi_=E2=80=94_Warta?=\r\n" +
		"Message-ID: <01HPTEST@jatimprov.example>\r\n" +
		"MIME-Version: 1.0\r\n" +
		"X-Warta-Kind: password-reset\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n" +
		"Content-Transfer-Encoding: quoted-printable\r\n" +
		"\r\n" +
		"Halo,\r\n" +
		".titik di awal baris\r\n" +
		"Buka: https://warta.example/studio/reset?token=3Dabc\r\n"
	if r.data != want {
		t.Errorf("message received:\n%q\nwant:\n%q", r.data, want)
	}
}

func TestSMTPHTMLAlternative(t *testing.T) {
	srv := startSMTP(t, nil) // no STARTTLS on offer: plain, and no credentials to leak
	s := fixedSMTP(t, Config{Host: srv.ln.Addr().String(), From: "warta@jatimprov.example"})
	if err := s.Send(context.Background(), Message{To: "a@b.example", Subject: "Hai", Text: "teks", HTML: "<p>teks</p>"}); err != nil {
		t.Fatal(err)
	}
	got := srv.received()
	if len(got) != 1 {
		t.Fatalf("server received %d sessions", len(got))
	}
	wantTail := "Content-Type: multipart/alternative; boundary=warta-01HPTEST\r\n\r\n" +
		"--warta-01HPTEST\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nteks\r\n" +
		"--warta-01HPTEST\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>teks</p>\r\n" +
		"--warta-01HPTEST--\r\n"
	if !strings.HasSuffix(got[0].data, wantTail) {
		t.Errorf("message received:\n%q\nwant it to end with:\n%q", got[0].data, wantTail)
	}
	if strings.Contains(strings.Join(got[0].commands, " "), "AUTH") {
		t.Error("client authenticated without credentials configured")
	}
}

func TestHeaderInjectionRefused(t *testing.T) {
	s := fixedSMTP(t, Config{Host: "127.0.0.1:1", From: "warta@jatimprov.example"})
	for _, m := range []Message{
		{To: "a@b.example", Subject: "x\r\nBcc: victim@example.com", Text: "t"},
		{To: "a@b.example\r\nBcc: victim@example.com", Subject: "x", Text: "t"},
		{To: "a@b.example", Subject: "x", Text: "t", Headers: map[string]string{"X-A": "1\r\nBcc: v@example.com"}},
	} {
		if err := s.Send(context.Background(), m); err == nil {
			t.Errorf("Send(%q) accepted a header with a line break", m)
		}
	}
}
