// Package whatsapp disseminates articles to people who opted in on
// WhatsApp, through Meta's WhatsApp Cloud API (channel kind "whatsapp").
//
// People subscribe by sending DAFTAR, optionally followed by the kabupaten
// and kota they care about ("DAFTAR SURABAYA SIDOARJO"), to the business
// number, and stop with BERHENTI. The webhook (Handler) receives those
// messages, verifies Meta's X-Hub-Signature-256 over the raw body, stores
// the opt-in with its consent, and replies. Any other message goes to an
// Inbound hook, where the hoax clinic takes reports.
//
// Publishing an article sends one message to every active subscriber whose
// regions match it. WhatsApp allows free text only within 24 hours of the
// person's last message (the customer service window); everyone else gets
// the approved template named by the template_name setting, with two body
// parameters: {{1}} the title and {{2}} the article link. Each recipient is
// recorded in the delivery's Progress before and after the API call, so a
// retry continues with the people not yet messaged and nobody gets the
// same article twice — if the process dies during a call, that one person
// is skipped rather than risk a duplicate. Corrections and unpublishing are
// not sent: a WhatsApp message cannot be edited or recalled.
//
// Settings: phone_number_id, template_name, template_language ("id"),
// api_base. Secrets: access_token (sending), app_secret (webhook
// signatures), verify_token (webhook verification).
package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/store"
)

// TextLimit is the longest text message WhatsApp accepts.
const TextLimit = 4096

// window is WhatsApp's customer service window.
const window = 24 * time.Hour

// Progress values of a recipient: sent; failed:<code> when WhatsApp
// refused that number; sending while a call was under way.
const (
	stepSending = "sending"
	stepSent    = "sent"
	stepFailed  = "failed:"
)

// Connector is the WhatsApp channel.
type Connector struct {
	subs subscribers
	now  func() time.Time
}

// New returns the connector reading subscribers from db.
func New(db *store.DB) *Connector { return &Connector{subs: subscribers{db}, now: time.Now} }

// Kind implements dissemination.Connector.
func (c *Connector) Kind() string { return "whatsapp" }

// Required implements dissemination.Connector.
func (c *Connector) Required() (settings, secrets []string) {
	return []string{"phone_number_id", "template_name"}, []string{"access_token", "app_secret", "verify_token"}
}

// text is the free-text message for people inside the window.
func text(it *dissemination.Item) string {
	a := it.Article
	var b strings.Builder
	b.WriteString("*" + strings.TrimSpace(a.Title) + "*\n\n")
	if d := strings.TrimSpace(a.Dek); d != "" {
		b.WriteString(d + "\n\n")
	}
	b.WriteString(it.URL + "\n\n")
	if a.Agency.Name != "" {
		b.WriteString("Sumber resmi: " + a.Agency.Name + "\n")
	}
	b.WriteString("Balas BERHENTI untuk berhenti berlangganan.")
	s := b.String()
	if r := []rune(s); len(r) > TextLimit {
		s = string(r[:TextLimit])
	}
	return s
}

func templateFor(ch *dissemination.Channel, it *dissemination.Item) Template {
	return Template{Name: ch.Setting("template_name", ""), Language: ch.Setting("template_language", "id"),
		Body: []string{it.Article.Title, it.URL}}
}

// Render implements dissemination.Connector: the free-text message, with
// the template the others receive named in a warning.
func (c *Connector) Render(ch *dissemination.Channel, it *dissemination.Item) (dissemination.Rendering, error) {
	s := text(it)
	r := dissemination.Rendering{Text: s, Length: len([]rune(s)), Limit: TextLimit}
	if it.Op != dissemination.OpCreate {
		r.Warnings = append(r.Warnings, "Pesan WhatsApp yang sudah terkirim tidak dapat diubah atau ditarik; perubahan ini tidak dikirim ke pelanggan.")
		return r, nil
	}
	if t := templateFor(ch, it); t.Name == "" {
		r.Warnings = append(r.Warnings, "Nama templat WhatsApp (template_name) belum diisi: pelanggan di luar jendela 24 jam tidak dapat dikirimi.")
	} else {
		r.Warnings = append(r.Warnings, fmt.Sprintf("Pelanggan yang tidak mengirim pesan dalam 24 jam terakhir menerima templat %q (%s) berisi judul dan tautan.", t.Name, t.Language))
	}
	return r, nil
}

// Deliver implements dissemination.Connector: one message per matching
// subscriber, resumable through p.
func (c *Connector) Deliver(ctx context.Context, ch *dissemination.Channel, it *dissemination.Item, s dissemination.Sender, p dissemination.Progress) (*dissemination.Remote, error) {
	if it.Op != dissemination.OpCreate {
		if it.Remote != nil {
			return it.Remote, nil
		}
		return &dissemination.Remote{}, nil
	}
	// A dry run records the requests but marks no one as messaged, so a
	// later live run still reaches everyone; and it masks the numbers, so
	// the delivery log holds no subscriber's contact.
	dry := dissemination.IsDryRun(s)
	if p == nil || dry {
		p = &memoryProgress{}
	}
	tmpl := templateFor(ch, it)
	if tmpl.Name == "" {
		return nil, dissemination.Permanent("Nama templat WhatsApp (template_name) belum diisi di pengaturan kanal.", nil)
	}
	client := NewClient(ch, s)
	if client.PhoneNumberID == "" {
		return nil, dissemination.Permanent("ID nomor telepon WhatsApp (phone_number_id) belum diisi di pengaturan kanal.", nil)
	}
	subs, err := c.subs.active(ctx)
	if err != nil {
		return nil, dissemination.Temporary("Daftar pelanggan WhatsApp tidak dapat dibaca; dicoba lagi otomatis.", err, 0)
	}
	msg := text(it)
	sent, failed := 0, 0
	for _, sub := range subs {
		if !sub.wants(it.Article) {
			continue
		}
		key := "sub:" + sub.ID
		if done := p.Step(key); done != "" {
			if strings.HasPrefix(done, stepFailed) {
				failed++
			} else {
				sent++
			}
			continue
		}
		if err := p.SaveStep(ctx, key, stepSending); err != nil {
			return nil, dissemination.AsError(err)
		}
		to := sub
		if dry {
			to = &subscriber{ID: sub.ID, Phone: maskPhone(sub.Phone), LastInbound: sub.LastInbound}
		}
		_, err := c.sendOne(ctx, client, to, msg, tmpl)
		var ae *APIError
		switch {
		case errors.As(err, &ae) && ae.Recipient():
			failed++
			err = p.SaveStep(ctx, key, stepFailed+strconv.Itoa(ae.Code))
		case err != nil:
			// Refused or not sent: forget the attempt so a retry sends it.
			p.SaveStep(context.WithoutCancel(ctx), key, "")
			return nil, err
		default:
			// "sent", not the message id: the engine rewrites every step
			// on each save, so steps stay small.
			sent++
			err = p.SaveStep(ctx, key, stepSent)
		}
		if err != nil {
			return nil, dissemination.AsError(err)
		}
	}
	return &dissemination.Remote{ID: fmt.Sprintf("%d terkirim, %d gagal", sent, failed)}, nil
}

// sendOne sends free text inside the person's window and the template
// outside it, or when WhatsApp says the window has in fact closed.
func (c *Connector) sendOne(ctx context.Context, client *Client, sub *subscriber, msg string, tmpl Template) (string, error) {
	if !sub.LastInbound.IsZero() && c.now().Sub(sub.LastInbound) < window {
		id, err := client.SendText(ctx, sub.Phone, msg)
		var ae *APIError
		if !errors.As(err, &ae) || ae.Code != CodeReengagement {
			return id, err
		}
	}
	return client.SendTemplate(ctx, sub.Phone, tmpl)
}

// Check implements dissemination.Connector by reading the number's profile.
func (c *Connector) Check(ctx context.Context, ch *dissemination.Channel, s dissemination.Sender) error {
	return NewClient(ch, s).Check(ctx)
}

// maskPhone keeps the country and operator prefix and the last three
// digits: "+6281234567890" → "+62812*****890".
func maskPhone(p string) string {
	if len(p) < 10 {
		return "+62*****"
	}
	return p[:6] + strings.Repeat("*", len(p)-9) + p[len(p)-3:]
}

// memoryProgress stands in when the engine passes no Progress.
type memoryProgress struct {
	mu sync.Mutex
	m  map[string]string
}

func (m *memoryProgress) Step(key string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.m[key]
}

func (m *memoryProgress) SaveStep(_ context.Context, key, value string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil {
		m.m = map[string]string{}
	}
	m.m[key] = value
	return nil
}
