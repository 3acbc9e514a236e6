package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/dissemination"
)

// client calls Bot API methods through the engine's Sender.
type client struct {
	base  string
	token string
	s     dissemination.Sender
}

func newClient(ch *dissemination.Channel, s dissemination.Sender) *client {
	return &client{
		base:  strings.TrimRight(ch.Setting("api_base", DefaultBase), "/"),
		token: ch.Secrets["bot_token"],
		s:     s,
	}
}

// response is the envelope of every Bot API answer.
type response struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	Description string          `json:"description"`
	ErrorCode   int             `json:"error_code"`
	Parameters  struct {
		RetryAfter      int   `json:"retry_after"`
		MigrateToChatID int64 `json:"migrate_to_chat_id"`
	} `json:"parameters"`
}

// apiError keeps Telegram's description so callers can recognise benign
// answers ("message is not modified").
type apiError struct {
	method      string
	code        int
	description string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("telegram %s: %d %s", e.method, e.code, e.description)
}

// call POSTs params as JSON to the method and decodes result into out.
func (c *client) call(ctx context.Context, method string, params map[string]any, out any) error {
	if params == nil {
		params = map[string]any{}
	}
	body, err := json.Marshal(params)
	if err != nil {
		return dissemination.Permanent("Pesan Telegram tidak dapat disusun.", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/bot"+c.token+"/"+method, bytes.NewReader(body))
	if err != nil {
		return dissemination.Permanent("Alamat API Telegram (api_base) tidak valid. Periksa pengaturan kanal.", err)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := c.s.Do(req)
	if err != nil {
		// The token is part of the URL; never let it reach a message.
		return dissemination.Temporary("Telegram tidak menjawab (waktu habis atau gangguan jaringan); dicoba lagi otomatis.", redact(err, c.token), 0)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return dissemination.Temporary("Jawaban Telegram terputus; dicoba lagi otomatis.", redact(err, c.token), 0)
	}
	var r response
	jsonErr := json.Unmarshal(raw, &r)
	if res.StatusCode/100 == 2 && jsonErr == nil && r.OK {
		if out != nil && len(r.Result) > 0 {
			if err := json.Unmarshal(r.Result, out); err != nil {
				return dissemination.Permanent("Jawaban Telegram tidak dapat dibaca.", err)
			}
		}
		return nil
	}
	ae := &apiError{method: method, code: r.ErrorCode, description: r.Description}
	if ae.code == 0 {
		ae.code = res.StatusCode
	}
	if ae.description == "" {
		ae.description = strings.TrimSpace(string(raw))
	}
	return classify(res, raw, ae, r)
}

// classify maps a failed Bot API answer to what the editor should do.
func classify(res *http.Response, raw []byte, ae *apiError, r response) error {
	desc := ae.description
	switch {
	case r.Parameters.RetryAfter > 0:
		return dissemination.Temporary(fmt.Sprintf("Telegram membatasi laju pengiriman; dicoba lagi otomatis dalam %d detik.", r.Parameters.RetryAfter), ae, time.Duration(r.Parameters.RetryAfter)*time.Second)
	case r.Parameters.MigrateToChatID != 0:
		return dissemination.Permanent(fmt.Sprintf("Grup Telegram ini sudah menjadi supergrup. Ganti chat_id kanal menjadi %d, lalu kirim ulang.", r.Parameters.MigrateToChatID), ae)
	case ae.code == http.StatusUnauthorized || (ae.code == http.StatusNotFound && strings.EqualFold(desc, "Not Found")):
		// An unknown token answers 404 on every method.
		return dissemination.Permanent("Token bot Telegram ditolak. Perbarui bot_token kanal di Studio (dari @BotFather), lalu kirim ulang.", ae)
	case ae.code == http.StatusForbidden:
		return dissemination.Permanent("Bot Telegram tidak boleh mengirim ke kanal ini ("+desc+"). Jadikan bot admin kanal dengan izin mengirim pesan, lalu kirim ulang.", ae)
	case ae.code == http.StatusBadRequest && strings.Contains(strings.ToLower(desc), "chat not found"):
		return dissemination.Permanent("Kanal Telegram tidak ditemukan. Periksa chat_id (misalnya @namakanal) dan pastikan bot sudah ditambahkan ke kanal.", ae)
	case ae.code == http.StatusBadRequest && (strings.Contains(strings.ToLower(desc), "http url") || strings.Contains(strings.ToLower(desc), "web page content")):
		return dissemination.Permanent("Telegram tidak dapat mengambil gambar artikel ("+desc+"). Pastikan alamat situs dapat diakses publik dan gambarnya JPEG, lalu kirim ulang.", ae)
	case ae.code == http.StatusBadRequest:
		return dissemination.Permanent("Telegram menolak isi kiriman: "+desc, ae)
	}
	// Everything else (5xx, 429 without parameters) follows the shared rules.
	res.Body = io.NopCloser(bytes.NewReader(raw))
	if err := dissemination.CheckResponse(res, "Telegram"); err != nil {
		var de *dissemination.Error
		if errors.As(err, &de) {
			de.Err = ae // the shared error quotes the URL path, which holds the token
		}
		return err
	}
	return dissemination.Temporary("Telegram menjawab tidak wajar ("+desc+"); dicoba lagi otomatis.", ae, 0)
}

// isDescription reports whether err is a Bot API error whose description
// contains s.
func isDescription(err error, s string) bool {
	var ae *apiError
	if !errors.As(err, &ae) {
		return false
	}
	return strings.Contains(strings.ToLower(ae.description), strings.ToLower(s))
}

// redact hides the bot token in transport errors, which quote the URL,
// while keeping the error chain (timeouts stay recognisable).
func redact(err error, token string) error {
	if token == "" {
		return err
	}
	return &redacted{msg: strings.ReplaceAll(err.Error(), token, "<bot_token>"), err: err}
}

type redacted struct {
	msg string
	err error
}

func (e *redacted) Error() string { return e.msg }
func (e *redacted) Unwrap() error { return e.err }
