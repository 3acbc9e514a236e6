package clinicchat

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/dissemination/telegram"
	"github.com/kominfo-jatim/warta/internal/dissemination/whatsapp"
)

// ChannelFunc returns a dissemination channel with its secrets decrypted,
// or nil when none of its kind is configured.
type ChannelFunc func(ctx context.Context) (*dissemination.Channel, error)

// Repliers returns the clinic's repliers for WhatsApp and Telegram
// (clinic.Config.Repliers; email is the clinic's own).
func Repliers(wa, tg ChannelFunc, s dissemination.Sender) map[string]clinic.Replier {
	return map[string]clinic.Replier{
		clinic.ChannelWhatsApp: NewWhatsAppReplier(wa, s),
		clinic.ChannelTelegram: NewTelegramReplier(tg, s),
	}
}

// window is how long after a person's last message WhatsApp accepts free
// text from a business (the customer service window).
const window = 24 * time.Hour

// WhatsAppReplier answers reporters on WhatsApp: free text within 24 hours
// of their last message, otherwise the approved template named by the
// channel setting "clinic_template" (language "id", body parameters: the
// ticket code, the verdict's "[LABEL] title" and the link). Errors are
// *dissemination.Error; Retryable false means retrying cannot help.
type WhatsAppReplier struct {
	channel ChannelFunc
	http    dissemination.Sender
	now     func() time.Time
}

// NewWhatsAppReplier returns the replier sending through the WhatsApp
// channel that channel returns.
func NewWhatsAppReplier(channel ChannelFunc, s dissemination.Sender) *WhatsAppReplier {
	if s == nil {
		s = http.DefaultClient
	}
	return &WhatsAppReplier{channel: channel, http: s, now: time.Now}
}

// Reply implements clinic.Replier.
func (r *WhatsAppReplier) Reply(ctx context.Context, to clinic.Contact, m clinic.Message) error {
	ch, err := r.channel(ctx)
	if err != nil {
		return fmt.Errorf("clinicchat: whatsapp channel: %w", err)
	}
	if ch == nil {
		return dissemination.Permanent("Kanal WhatsApp belum diatur atau tidak aktif; jawaban klinik tidak dapat dikirim.", nil)
	}
	c := whatsapp.NewClient(ch, r.http)
	if !to.LastInbound.IsZero() && r.now().Sub(to.LastInbound) < window {
		_, err := c.SendText(ctx, to.Address, m.Text)
		var ae *whatsapp.APIError
		if !errors.As(err, &ae) || ae.Code != whatsapp.CodeReengagement {
			return err
		}
		// The window closed after all (clocks differ): fall back on the template.
	}
	name := ch.Setting("clinic_template", "")
	if name == "" {
		return dissemination.Permanent("Pelapor terakhir menulis lebih dari 24 jam lalu, jadi WhatsApp hanya menerima templat yang disetujui, "+
			"tetapi templat klinik (clinic_template) belum diisi di pengaturan kanal WhatsApp. "+
			"Isi nama templat (tiga parameter: nomor tiket, putusan, tautan), lalu kirim ulang.", nil)
	}
	_, err = c.SendTemplate(ctx, to.Address, whatsapp.Template{Name: name, Language: "id", Body: templateBody(m)})
	return err
}

// templateBody is the clinic template's parameters: the ticket code, the
// verdict as headlined (or the message's first line when it is no
// verdict) and the link. WhatsApp refuses empty parameters.
func templateBody(m clinic.Message) []string {
	what := strings.TrimSpace(strings.SplitN(m.Text, "\n", 2)[0])
	if m.Verdict != nil {
		what = m.Verdict.Heading()
	}
	link := m.URL
	if link == "" {
		link = "-"
	}
	if what == "" {
		what = "-"
	}
	return []string{m.Ticket, what, link}
}

// TelegramReplier answers reporters in their private chat with the bot.
type TelegramReplier struct {
	channel ChannelFunc
	http    dissemination.Sender
}

// NewTelegramReplier returns the replier sending through the bot of the
// Telegram channel that channel returns.
func NewTelegramReplier(channel ChannelFunc, s dissemination.Sender) *TelegramReplier {
	if s == nil {
		s = http.DefaultClient
	}
	return &TelegramReplier{channel: channel, http: s}
}

// Reply implements clinic.Replier.
func (r *TelegramReplier) Reply(ctx context.Context, to clinic.Contact, m clinic.Message) error {
	ch, err := r.channel(ctx)
	if err != nil {
		return fmt.Errorf("clinicchat: telegram channel: %w", err)
	}
	if ch == nil {
		return dissemination.Permanent("Kanal Telegram belum diatur atau tidak aktif; jawaban klinik tidak dapat dikirim.", nil)
	}
	_, err = telegram.NewBot(ch, r.http).SendMessage(ctx, to.Address, m.Text, 0)
	return err
}
