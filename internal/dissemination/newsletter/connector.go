package newsletter

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/mail"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// Connector is the "email" channel: one email per article to each active
// instant subscriber whose interests match it. Mail goes through the
// service's mail.Sender, not the HTTP Sender; with no SMTP server
// configured that is the local outbox.
type Connector struct {
	s *Service
}

// Connector returns the email channel's connector.
func (s *Service) Connector() *Connector { return &Connector{s} }

// Kind implements dissemination.Connector.
func (c *Connector) Kind() string { return "email" }

// Required implements dissemination.Connector. The SMTP settings are the
// site's, not the channel's, so the channel itself needs nothing.
func (c *Connector) Required() (settings, secrets []string) { return nil, nil }

// Progress values of a recipient, as in the whatsapp package.
const (
	stepSending = "sending"
	stepSent    = "sent"
	stepFailed  = "failed"
)

// Render implements dissemination.Connector: the plain-text email as a
// subscriber receives it.
func (c *Connector) Render(ch *dissemination.Channel, it *dissemination.Item) (dissemination.Rendering, error) {
	m, err := c.s.compose("pelanggan@contoh.id", subjectLine(it.Article.Title), "article", "TOKEN",
		articleMail{Site: c.s.cfg.SiteName, Article: it.Article, URL: it.URL, Unsubscribe: c.s.unsubscribeURL("…")})
	if err != nil {
		return dissemination.Rendering{}, err
	}
	r := dissemination.Rendering{Text: "Subjek: " + m.Subject + "\n\n" + m.Text, Length: len([]rune(m.Text))}
	if it.Op != dissemination.OpCreate {
		r.Warnings = append(r.Warnings, "Email yang sudah terkirim tidak dapat diubah atau ditarik; perubahan ini tidak dikirim ke pelanggan.")
	}
	r.Warnings = append(r.Warnings, "Pelanggan ringkasan harian menerima artikel ini dalam ringkasan berikutnya.")
	return r, nil
}

// Deliver implements dissemination.Connector. Each recipient is marked
// before and after sending, so a retry continues where the last attempt
// stopped and a crash mid-send skips that one person rather than mail
// them twice. Corrections and unpublishing send nothing: email cannot be
// recalled.
func (c *Connector) Deliver(ctx context.Context, ch *dissemination.Channel, it *dissemination.Item, sender dissemination.Sender, p dissemination.Progress) (*dissemination.Remote, error) {
	if it.Op != dissemination.OpCreate {
		if it.Remote != nil {
			return it.Remote, nil
		}
		return &dissemination.Remote{}, nil
	}
	// A dry run sends no mail: each email becomes a recorded request with
	// the address masked, and no one is marked as mailed, so a later live
	// run still reaches everyone.
	send := c.s.cfg.Mail.Send
	if dissemination.IsDryRun(sender) {
		p, send = nil, func(ctx context.Context, m mail.Message) error { return recordDry(ctx, sender, m, c.s.cfg.BaseURL) }
	}
	if p == nil {
		p = &memoryProgress{m: map[string]string{}}
	}
	subs, err := c.s.subs.active(ctx, DigestInstant)
	if err != nil {
		return nil, dissemination.Temporary("Daftar pelanggan email tidak dapat dibaca; dicoba lagi otomatis.", err, 0)
	}
	sent, failed := 0, 0
	for _, sub := range subs {
		if !sub.wants(it.Article) {
			continue
		}
		key := "sub:" + sub.ID
		switch p.Step(key) {
		case "":
		case stepFailed:
			failed++
			continue
		default:
			sent++
			continue
		}
		m, err := c.s.compose(sub.Email, subjectLine(it.Article.Title), "article", sub.Unsubscribe,
			articleMail{Site: c.s.cfg.SiteName, Article: it.Article, URL: it.URL, Unsubscribe: c.s.unsubscribeURL(sub.Unsubscribe)})
		if err != nil {
			return nil, dissemination.Permanent("Email artikel tidak dapat disusun.", err)
		}
		if err := p.SaveStep(ctx, key, stepSending); err != nil {
			return nil, dissemination.AsError(err)
		}
		step := stepSent
		if err := send(ctx, m); warta.ErrorCode(err) == warta.EInvalid {
			step = stepFailed // this address is unusable; the others are not
		} else if err != nil {
			p.SaveStep(context.WithoutCancel(ctx), key, "")
			return nil, dissemination.Temporary("Server email menolak atau tidak menjawab; dicoba lagi otomatis.", err, 0)
		}
		if err := p.SaveStep(ctx, key, step); err != nil {
			return nil, dissemination.AsError(err)
		}
		if step == stepFailed {
			failed++
		} else {
			sent++
		}
	}
	return &dissemination.Remote{ID: fmt.Sprintf("%d terkirim, %d gagal", sent, failed)}, nil
}

// Check implements dissemination.Connector: nothing to call, but the mail
// sender must exist.
func (c *Connector) Check(ctx context.Context, ch *dissemination.Channel, s dissemination.Sender) error {
	if c.s.cfg.Mail == nil {
		return dissemination.Permanent("Pengirim email belum dikonfigurasi.", nil)
	}
	if !strings.HasPrefix(c.s.cfg.BaseURL, "https://") {
		return dissemination.Permanent("Alamat situs bukan https: tautan berhenti berlangganan sekali klik (RFC 8058) memerlukan https.", nil)
	}
	return nil
}

// recordDry hands a dry run's Sender a stand-in for an email: a POST to
// mailto:<masked address> with the subject and list headers, and the text,
// the subscriber's unsubscribe token blanked out.
func recordDry(ctx context.Context, s dissemination.Sender, m mail.Message, base string) error {
	link := base + "/langganan/berhenti?token="
	blank := func(v string) string {
		if i := strings.Index(v, link); i >= 0 {
			end := i + len(link)
			for end < len(v) && v[end] != '>' && v[end] != '\n' && v[end] != '"' {
				end++
			}
			v = v[:i+len(link)] + "TOKEN" + v[end:]
		}
		return v
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "mailto:"+mask(m.To), strings.NewReader(blank(m.Text)))
	if err != nil {
		return err
	}
	req.Header.Set("Subject", m.Subject)
	for k, v := range m.Headers {
		req.Header.Set(k, blank(v))
	}
	res, err := s.Do(req)
	if err != nil {
		return err
	}
	res.Body.Close()
	return nil
}

// memoryProgress stands in when the engine passes no Progress.
type memoryProgress struct{ m map[string]string }

func (m *memoryProgress) Step(key string) string { return m.m[key] }

func (m *memoryProgress) SaveStep(_ context.Context, key, value string) error {
	m.m[key] = value
	return nil
}
