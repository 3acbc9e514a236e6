package clinicchat

import (
	"encoding/json"
	"strings"
	"unicode/utf16"
)

// tgUpdate is the part of a Bot API Update the clinic reads. Other kinds
// (edited_message, channel_post, callback_query, …) are left undecoded and
// acknowledged.
type tgUpdate struct {
	UpdateID int64      `json:"update_id"`
	Message  *tgMessage `json:"message"`
}

// tgMessage is the part of a Bot API Message the clinic reads.
type tgMessage struct {
	MessageID int64 `json:"message_id"`
	From      *struct {
		ID    int64 `json:"id"`
		IsBot bool  `json:"is_bot"`
	} `json:"from"`
	Chat struct {
		ID   int64  `json:"id"`
		Type string `json:"type"` // private, group, supergroup, channel
	} `json:"chat"`
	Date            int64         `json:"date"`
	Text            string        `json:"text"`
	Entities        []tgEntity    `json:"entities"`
	Caption         string        `json:"caption"`
	CaptionEntities []tgEntity    `json:"caption_entities"`
	Photo           []tgPhotoSize `json:"photo"`
	Document        *struct {
		FileID   string `json:"file_id"`
		MimeType string `json:"mime_type"`
		FileSize int64  `json:"file_size"`
	} `json:"document"`
	// Content the clinic cannot take, only noticed to say so.
	Sticker   json.RawMessage `json:"sticker"`
	Voice     json.RawMessage `json:"voice"`
	Audio     json.RawMessage `json:"audio"`
	Video     json.RawMessage `json:"video"`
	VideoNote json.RawMessage `json:"video_note"`
	Animation json.RawMessage `json:"animation"`
	Location  json.RawMessage `json:"location"`
	Contact   json.RawMessage `json:"contact"`
	Poll      json.RawMessage `json:"poll"`
}

// tgPhotoSize is one size of a photo.
type tgPhotoSize struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
	FileSize     int64  `json:"file_size"`
}

// tgEntity marks a span of text; offsets and lengths count UTF-16 units.
type tgEntity struct {
	Type   string `json:"type"` // bot_command, url, text_link, …
	Offset int    `json:"offset"`
	Length int    `json:"length"`
	URL    string `json:"url"` // for text_link
}

// other reports whether the message carries content the clinic cannot
// take (a sticker, voice note, video, …).
func (m *tgMessage) other() bool {
	for _, raw := range []json.RawMessage{m.Sticker, m.Voice, m.Audio, m.Video, m.VideoNote, m.Animation, m.Location, m.Contact, m.Poll} {
		if len(raw) > 0 && string(raw) != "null" {
			return true
		}
	}
	return m.Document != nil
}

// largestPhoto returns the largest size of the photo not over max bytes
// (a size without file_size is tried; the download enforces the cap).
func largestPhoto(sizes []tgPhotoSize, max int64) (tgPhotoSize, bool) {
	best, ok := tgPhotoSize{}, false
	for _, p := range sizes {
		if p.FileID == "" || p.FileSize > max {
			continue
		}
		if !ok || p.Width*p.Height > best.Width*best.Height {
			best, ok = p, true
		}
	}
	return best, ok
}

// command returns the bot command the text starts with, lower-cased and
// without "@botname", and the rest of the text.
func command(text string, ents []tgEntity) (cmd, rest string) {
	for _, e := range ents {
		if e.Type == "bot_command" && e.Offset == 0 {
			word := entityText(text, e.Offset, e.Length)
			word, _, _ = strings.Cut(strings.TrimPrefix(word, "/"), "@")
			return strings.ToLower(word), strings.TrimSpace(string(utf16.Decode(utf16.Encode([]rune(text))[e.Length:])))
		}
	}
	return "", text
}

// linkIn returns the first link Telegram marked in the text, or the first
// one firstURL finds.
func linkIn(text string, ents []tgEntity) string {
	for _, e := range ents {
		switch e.Type {
		case "text_link":
			if e.URL != "" {
				return e.URL
			}
		case "url":
			if u := entityText(text, e.Offset, e.Length); u != "" {
				return withScheme(u)
			}
		}
	}
	return firstURL(text)
}

// entityText is the span of text an entity marks.
func entityText(text string, offset, length int) string {
	u := utf16.Encode([]rune(text))
	if offset < 0 || length <= 0 || offset+length > len(u) {
		return ""
	}
	return string(utf16.Decode(u[offset : offset+length]))
}
