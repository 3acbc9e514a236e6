package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"sort"
	"strings"
	"time"
)

// SMTP sends mail through a submission server, upgrading to TLS with
// STARTTLS whenever the server offers it. Credentials are only ever sent
// over TLS (or to a server on localhost), as net/smtp's PLAIN auth insists.
type SMTP struct {
	cfg      Config
	host     string // without port, for TLS and auth
	addr     string // host:port
	implicit bool   // TLS from the first byte (port 465)
	from     *mail.Address

	now   func() time.Time
	newID func() string // Message-ID local part and MIME boundary
}

// NewSMTP checks cfg and returns an SMTP sender. It does not connect.
func NewSMTP(cfg Config) (*SMTP, error) {
	s := &SMTP{cfg: cfg, now: time.Now, newID: randomID}
	s.host, s.addr = cfg.Host, cfg.Host
	if h, port, err := net.SplitHostPort(cfg.Host); err == nil {
		s.host, s.implicit = h, port == "465"
	} else {
		s.addr = net.JoinHostPort(cfg.Host, "587")
	}
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("mail: pengirim (from) %q bukan alamat email yang valid", cfg.From)
	}
	s.from = from
	if s.cfg.Timeout == 0 {
		s.cfg.Timeout = 30 * time.Second
	}
	return s, nil
}

func randomID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Send delivers m in one SMTP session.
func (s *SMTP) Send(ctx context.Context, m Message) (err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("mail: smtp %s: %w", s.addr, err)
		}
	}()
	to, err := m.validate()
	if err != nil {
		return err
	}
	body, err := s.compose(to, m)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", s.addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	if s.implicit {
		conn = tls.Client(conn, s.tlsConfig())
	}
	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Hello("localhost"); err != nil {
		return err
	}
	if ok, _ := c.Extension("STARTTLS"); ok && !s.implicit {
		if err := c.StartTLS(s.tlsConfig()); err != nil {
			return err
		}
	}
	if s.cfg.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.cfg.Username, s.cfg.Password, s.host)); err != nil {
			return err
		}
	}
	if err := c.Mail(s.from.Address); err != nil {
		return err
	}
	if err := c.Rcpt(to.Address); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(body); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

func (s *SMTP) tlsConfig() *tls.Config {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if s.cfg.TLS != nil {
		cfg = s.cfg.TLS.Clone()
	}
	if cfg.ServerName == "" {
		cfg.ServerName = s.host
	}
	return cfg
}

// compose renders m as an RFC 5322 message with CRLF line ends: a
// quoted-printable UTF-8 text part, and a multipart/alternative with an HTML
// part when m has one.
func (s *SMTP) compose(to *mail.Address, m Message) ([]byte, error) {
	var b bytes.Buffer
	id := s.newID()
	domain := s.from.Address[strings.LastIndexByte(s.from.Address, '@')+1:]
	h := []string{
		"Date: " + s.now().In(time.FixedZone("WIB", 7*3600)).Format(time.RFC1123Z),
		"From: " + s.from.String(),
		"To: " + to.String(),
		"Subject: " + mime.QEncoding.Encode("utf-8", m.Subject),
		"Message-ID: <" + id + "@" + domain + ">",
		"MIME-Version: 1.0",
	}
	keys := make([]string, 0, len(m.Headers))
	for k := range m.Headers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		h = append(h, textproto.CanonicalMIMEHeaderKey(k)+": "+m.Headers[k])
	}
	for _, line := range h {
		b.WriteString(line + "\r\n")
	}
	if m.HTML == "" {
		b.WriteString("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
		if err := writeQP(&b, m.Text); err != nil {
			return nil, err
		}
		return b.Bytes(), nil
	}
	mw := multipart.NewWriter(&b)
	if err := mw.SetBoundary("warta-" + id); err != nil {
		return nil, err
	}
	b.WriteString("Content-Type: multipart/alternative; boundary=" + mw.Boundary() + "\r\n\r\n")
	for _, part := range []struct{ typ, body string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		w, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.typ + "; charset=utf-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, err
		}
		if err := writeQP(w, part.body); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// writeQP writes text quoted-printable with CRLF line ends.
func writeQP(w interface{ Write([]byte) (int, error) }, text string) error {
	qp := quotedprintable.NewWriter(w)
	if _, err := qp.Write([]byte(text)); err != nil {
		return err
	}
	return qp.Close()
}
