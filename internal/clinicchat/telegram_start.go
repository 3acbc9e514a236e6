package clinicchat

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/dissemination/telegram"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// Linker attaches the Telegram chat that opened a report's deep link
// (https://t.me/<bot>?start=<payload>) to that report; *clinic.Service is
// one. When Config.Clinic is not a Linker, "/start <payload>" gets the
// welcome like a bare /start.
type Linker interface {
	LinkTelegram(ctx context.Context, req clinic.TelegramLinkRequest) (*clinic.TelegramLinked, error)
	SendAnswer(ctx context.Context, reportID string) error
}

// startParam is what Telegram passes after "/start ": what a deep link's
// start parameter may hold (A-Z, a-z, 0-9, _ and -, at most 64).
var startParam = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// startPayload returns the deep-link payload of a "/start <payload>"
// message. Anything else after /start (someone typing "/start halo") is
// no payload, and gets the welcome.
func startPayload(m *tgMessage) (string, bool) {
	cmd, rest := command(m.Text, m.Entities)
	if cmd != "start" || !startParam.MatchString(rest) {
		return "", false
	}
	return rest, true
}

// serveStart links the chat to the report a deep link names and answers:
// the confirmation with the consent, then, when the claim already has a
// verdict, the verdict through the clinic's reply path. A payload the
// clinic refuses gets its explanation and stores nothing. Only a failure
// to store is returned, so that Telegram delivers the update again.
func (c *Chat) serveStart(ctx context.Context, l Linker, bot *telegram.Bot, m *tgMessage, payload string) error {
	chatID := strconv.FormatInt(m.Chat.ID, 10)
	consent := c.linkConsent()
	linked, err := l.LinkTelegram(ctx, clinic.TelegramLinkRequest{Payload: payload, ChatID: chatID, ConsentText: consent})
	var reply string
	switch code := warta.ErrorCode(err); {
	case err == nil && linked.Already:
		reply = fmt.Sprintf("Laporan %s sudah terhubung dengan obrolan ini. Jawaban akan dikirim ke sini.", linked.Ticket)
	case err == nil:
		reply = fmt.Sprintf("Laporan %s terhubung. Jawaban akan dikirim ke sini.", linked.Ticket)
		if linked.Answer {
			reply += " Laporan ini sudah diperiksa; jawabannya kami kirim sesaat lagi."
		}
		reply += "\n\n" + consent
	case code == warta.EInternal:
		return fmt.Errorf("clinicchat: link telegram chat: %w", err)
	default:
		reply = warta.ErrorMessage(err)
	}
	if _, err := bot.SendMessage(ctx, chatID, reply, m.MessageID); err != nil {
		c.cfg.Logger.Warn("clinicchat: telegram link reply", "err", err)
	}
	if linked != nil && linked.Answer && !linked.Already {
		// Failing here is not lost: a reply job queued with the link sends
		// the verdict shortly after.
		if err := l.SendAnswer(ctx, linked.ReportID); err != nil {
			c.cfg.Logger.Warn("clinicchat: telegram answer after link", "ticket", linked.Ticket, "err", err)
		}
	}
	if err == nil && linked != nil {
		c.cfg.Logger.Info("clinicchat: telegram chat linked", "ticket", linked.Ticket, "already", linked.Already)
	}
	return nil
}

// botUsername is a bot's username as Telegram allows it: 5 to 32 letters,
// digits and underscores, starting with a letter.
var botUsername = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{4,31}$`)

// BotUsername returns a function giving the clinic bot's username for its
// deep links, or "" when the bot cannot take a /start: no Telegram channel,
// no bot_token or webhook_secret, or no valid "bot_username" setting.
//
// The username is a channel setting rather than the answer of getMe, so
// that showing a page never waits on Telegram, and a change in the channel
// settings applies at once, like the rest of the channel's settings.
func BotUsername(channel ChannelFunc) func(ctx context.Context) (string, error) {
	return func(ctx context.Context) (string, error) {
		if channel == nil {
			return "", nil
		}
		ch, err := channel(ctx)
		if err != nil {
			return "", fmt.Errorf("clinicchat: telegram channel: %w", err)
		}
		if ch == nil || ch.Secrets["bot_token"] == "" || ch.Secrets["webhook_secret"] == "" {
			return "", nil
		}
		name := strings.TrimSpace(ch.Setting("bot_username", ""))
		name = strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(name, "https://"), "t.me/"), "@")
		if !botUsername.MatchString(name) {
			return "", nil
		}
		return name, nil
	}
}
