package telegram

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode/utf16"

	"github.com/kominfo-jatim/warta/internal/dissemination"
)

// Bot talks with people in private chats through the channel's bot: the
// hoax clinic takes reports in through it and answers them. It shares the
// channel's bot_token and api_base with the connector.
type Bot struct {
	c *client
}

// NewBot returns the bot of the channel (secret bot_token, setting
// api_base) sending through s.
func NewBot(ch *dissemination.Channel, s dissemination.Sender) *Bot {
	return &Bot{c: newClient(ch, s)}
}

// File is a Bot API File: what getFile answers.
type File struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	FileSize     int64  `json:"file_size"`
	FilePath     string `json:"file_path"`
}

// SendMessage sends plain text to a chat (a numeric id or "@name"), as a
// reply to message replyTo when it is not 0; the reply is sent even if
// that message was deleted meanwhile. Text longer than Telegram accepts is
// cut. It returns the new message's id.
func (b *Bot) SendMessage(ctx context.Context, chatID, text string, replyTo int64) (int64, error) {
	params := map[string]any{"chat_id": chatID, "text": cut(text, TextLimit)}
	if replyTo != 0 {
		params["reply_parameters"] = map[string]any{"message_id": replyTo, "allow_sending_without_reply": true}
	}
	var msg message
	err := b.c.call(ctx, "sendMessage", params, &msg)
	var ae *apiError
	if errors.As(err, &ae) && ae.code == http.StatusForbidden {
		// In a private chat, 403 means the person blocked the bot.
		return 0, dissemination.Permanent("Penerima memblokir bot Telegram atau menghapus obrolannya; pesan tidak dapat dikirim.", ae)
	}
	return msg.MessageID, err
}

// GetFile asks for a file's download path (valid for at least an hour).
func (b *Bot) GetFile(ctx context.Context, fileID string) (*File, error) {
	var f File
	if err := b.c.call(ctx, "getFile", map[string]any{"file_id": fileID}, &f); err != nil {
		return nil, err
	}
	if f.FilePath == "" {
		return nil, dissemination.Permanent("Telegram tidak memberikan alamat unduhan berkas.", nil)
	}
	return &f, nil
}

// ErrTooLarge is returned (wrapped) by Download for a file over the limit.
var ErrTooLarge = errors.New("telegram: file too large")

// Download fetches a file by the path GetFile gave, refusing one larger
// than max bytes.
func (b *Bot) Download(ctx context.Context, filePath string, max int64) ([]byte, error) {
	if b.c.token == "" {
		return nil, dissemination.Permanent("Token bot Telegram (bot_token) belum diisi di pengaturan kanal.", nil)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.c.base+"/file/bot"+b.c.token+"/"+strings.TrimLeft(filePath, "/"), nil)
	if err != nil {
		return nil, dissemination.Permanent("Alamat API Telegram (api_base) tidak valid. Periksa pengaturan kanal.", redact(err, b.c.token))
	}
	res, err := b.c.s.Do(req)
	if err != nil {
		return nil, dissemination.Temporary("Telegram tidak menjawab saat mengunduh berkas; dicoba lagi otomatis.", redact(err, b.c.token), 0)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		msg := fmt.Sprintf("Telegram menolak mengunduh berkas (HTTP %d).", res.StatusCode)
		if res.StatusCode >= 500 || res.StatusCode == http.StatusTooManyRequests {
			return nil, dissemination.Temporary(msg+" Dicoba lagi otomatis.", nil, 0)
		}
		return nil, dissemination.Permanent(msg, nil)
	}
	if res.ContentLength > max {
		return nil, fmt.Errorf("%w: %d bytes", ErrTooLarge, res.ContentLength)
	}
	data, err := io.ReadAll(io.LimitReader(res.Body, max+1))
	if err != nil {
		return nil, dissemination.Temporary("Unduhan berkas dari Telegram terputus; dicoba lagi otomatis.", redact(err, b.c.token), 0)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%w: over %d bytes", ErrTooLarge, max)
	}
	return data, nil
}

// SetWebhook points the bot's updates at url; Telegram then sends secret
// in the X-Telegram-Bot-Api-Secret-Token header of every update. Only
// messages are asked for.
func (b *Bot) SetWebhook(ctx context.Context, url, secret string) error {
	return b.c.call(ctx, "setWebhook", map[string]any{
		"url": url, "secret_token": secret, "allowed_updates": []string{"message"},
	}, nil)
}

// cut shortens s to at most limit UTF-16 code units, as Telegram counts.
func cut(s string, limit int) string {
	n := 0
	for i, r := range s {
		w := 1
		if utf16.RuneLen(r) == 2 {
			w = 2
		}
		if n+w > limit {
			return s[:i]
		}
		n += w
	}
	return s
}
