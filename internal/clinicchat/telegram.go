package clinicchat

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/dissemination/telegram"
)

// MaxTelegramBody bounds an update; a message update is a few kilobytes.
const MaxTelegramBody = 1 << 20

// ServeTelegram is the Telegram bot webhook, for POST /webhooks/telegram.
// Telegram proves itself with the X-Telegram-Bot-Api-Secret-Token header,
// the secret "webhook_secret" of the Telegram channel given to setWebhook;
// without it nothing is read. Messages in private chats become reports
// answered in the chat, and "/start <payload>" from a report's deep link
// attaches the chat to that report (serveStart); other updates are
// acknowledged and dropped. Only a failure to store answers 5xx, so that
// Telegram delivers the update again.
func (c *Chat) ServeTelegram(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	ctx := r.Context()
	if c.cfg.Telegram == nil {
		http.Error(w, "not configured", http.StatusUnauthorized)
		return
	}
	ch, err := c.cfg.Telegram(ctx)
	if err != nil {
		c.cfg.Logger.Error("clinicchat: telegram channel", "err", err)
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	want := ""
	if ch != nil {
		want = ch.Secrets["webhook_secret"]
	}
	got := r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
	if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		http.Error(w, "invalid secret token", http.StatusUnauthorized)
		return
	}
	body, ok := dissemination.ReadWebhookBody(w, r, MaxTelegramBody)
	if !ok {
		return
	}
	var u tgUpdate
	if err := json.Unmarshal(body, &u); err != nil {
		http.Error(w, "invalid JSON", http.StatusBadRequest)
		return
	}
	m := u.Message
	if m == nil || m.MessageID == 0 || m.Chat.ID == 0 || m.Chat.Type != "private" || m.From != nil && m.From.IsBot {
		w.WriteHeader(http.StatusOK)
		return
	}
	bot := telegram.NewBot(ch, c.cfg.HTTP)
	if l, ok := c.cfg.Clinic.(Linker); ok {
		if payload, ok := startPayload(m); ok {
			if err := c.serveStart(ctx, l, bot, m, payload); err != nil {
				c.cfg.Logger.Error("clinicchat: telegram start", "update", u.UpdateID, "err", err)
				http.Error(w, "temporarily unavailable", http.StatusServiceUnavailable)
				return
			}
			w.WriteHeader(http.StatusOK)
			return
		}
	}
	reply, err := c.telegram(ctx, bot, m)
	if err != nil {
		c.cfg.Logger.Error("clinicchat: telegram message", "update", u.UpdateID, "err", err)
		http.Error(w, "temporarily unavailable", http.StatusServiceUnavailable)
		return
	}
	if reply != "" {
		// A lost answer is logged, not retried: the report is stored and
		// its ticket page shows the same.
		if _, err := bot.SendMessage(ctx, strconv.FormatInt(m.Chat.ID, 10), reply, m.MessageID); err != nil {
			c.cfg.Logger.Warn("clinicchat: telegram reply", "update", u.UpdateID, "err", err)
		}
	}
	w.WriteHeader(http.StatusOK)
}

// telegram turns one private message into a report and returns the answer.
func (c *Chat) telegram(ctx context.Context, bot *telegram.Bot, m *tgMessage) (string, error) {
	text, ents := m.Text, m.Entities
	if text == "" {
		text, ents = m.Caption, m.CaptionEntities
	}
	cmd, rest := command(text, ents)
	if cmd == "start" || cmd == "help" || cmd == "bantuan" || cmd != "" && rest == "" {
		return c.welcome(clinic.ChannelTelegram), nil
	}
	chatID := strconv.FormatInt(m.Chat.ID, 10)
	sub := clinic.Submission{
		Channel:     clinic.ChannelTelegram,
		ExternalID:  chatID + ":" + strconv.FormatInt(m.MessageID, 10),
		Text:        strings.TrimSpace(rest),
		URL:         linkIn(text, ents),
		Contact:     &clinic.ContactInput{Kind: clinic.ChannelTelegram, Address: chatID},
		Consent:     true,
		ConsentText: c.consent(clinic.ChannelTelegram),
	}
	if now := c.cfg.Now(); m.Date > 0 && !time.Unix(m.Date, 0).After(now) {
		sub.ReceivedAt = time.Unix(m.Date, 0)
	}
	fileID := ""
	if p, ok := largestPhoto(m.Photo, c.cfg.MaxImage); ok {
		fileID = p.FileID
	} else if len(m.Photo) > 0 {
		return c.tooLargeReply(), nil
	} else if d := m.Document; d != nil && strings.HasPrefix(d.MimeType, "image/") {
		if d.FileSize > c.cfg.MaxImage {
			return c.tooLargeReply(), nil
		}
		fileID = d.FileID
	}
	switch {
	case fileID != "":
		img, err := c.telegramFile(ctx, bot, fileID)
		switch {
		case errors.Is(err, telegram.ErrTooLarge):
			return c.tooLargeReply(), nil
		case err != nil && retryable(err):
			return "", err
		case err != nil:
			c.cfg.Logger.Warn("clinicchat: telegram photo", "chat", chatID, "err", err)
			return mediaFailedReply, nil
		}
		sub.Image = img
	case m.other():
		return unsupportedReply, nil
	case text == "":
		return "", nil // a service message: nothing to answer
	default:
		if reply, ok := c.smallTalk(clinic.ChannelTelegram, sub.Text); ok {
			return reply, nil
		}
	}
	return c.submit(ctx, sub)
}

// telegramFile downloads a file the person sent.
func (c *Chat) telegramFile(ctx context.Context, bot *telegram.Bot, fileID string) ([]byte, error) {
	f, err := bot.GetFile(ctx, fileID)
	if err != nil {
		return nil, fmt.Errorf("clinicchat: telegram getFile: %w", err)
	}
	if f.FileSize > c.cfg.MaxImage {
		return nil, fmt.Errorf("%w: %d bytes", telegram.ErrTooLarge, f.FileSize)
	}
	data, err := bot.Download(ctx, f.FilePath, c.cfg.MaxImage)
	if err != nil {
		return nil, fmt.Errorf("clinicchat: telegram download: %w", err)
	}
	return data, nil
}
