// Package graph calls Meta's Graph API for the Facebook Page and
// Instagram connectors: it builds requests with the access_token
// parameter, decodes answers and turns Graph error objects
// ({"error":{"code":190,…}}) into dissemination errors an editor can act
// on. Graph reports throttling and bad tokens with its own codes, often
// under HTTP 400, so the HTTP status alone is not enough.
package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/dissemination"
)

// DefaultBase is the Graph API host with the version Warta was built
// against.
const DefaultBase = "https://graph.facebook.com/v21.0"

// Client calls one Graph API base with one access token.
type Client struct {
	Base  string
	Token string
	What  string // "Facebook" or "Instagram", for messages
	S     dissemination.Sender
}

// New returns a client for the channel's api_base (default DefaultBase)
// and its access_token secret.
func New(ch *dissemination.Channel, s dissemination.Sender, what string) *Client {
	return &Client{
		Base:  strings.TrimRight(ch.Setting("api_base", DefaultBase), "/"),
		Token: ch.Secrets["access_token"],
		What:  what,
		S:     s,
	}
}

// Get reads path with the query and decodes the answer into out.
func (c *Client) Get(ctx context.Context, path string, q url.Values, out any) error {
	return c.do(ctx, http.MethodGet, path, q, nil, out)
}

// Post sends form as application/x-www-form-urlencoded to path.
func (c *Client) Post(ctx context.Context, path string, form url.Values, out any) error {
	return c.do(ctx, http.MethodPost, path, nil, form, out)
}

// Delete deletes the object at path.
func (c *Client) Delete(ctx context.Context, path string, out any) error {
	return c.do(ctx, http.MethodDelete, path, nil, nil, out)
}

func (c *Client) do(ctx context.Context, method, path string, q, form url.Values, out any) error {
	if q == nil {
		q = url.Values{}
	}
	var body io.Reader
	if form != nil {
		form.Set("access_token", c.Token)
		body = strings.NewReader(form.Encode())
	} else {
		q.Set("access_token", c.Token)
	}
	u := c.Base + "/" + strings.TrimLeft(path, "/") + "?" + q.Encode()
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return dissemination.Permanent(fmt.Sprintf("Alamat API %s (api_base) tidak valid. Periksa pengaturan kanal.", c.What), err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := c.S.Do(req)
	if err != nil {
		return dissemination.Temporary(fmt.Sprintf("%s tidak menjawab (waktu habis atau gangguan jaringan); dicoba lagi otomatis.", c.What), c.redact(err), 0)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return dissemination.Temporary(fmt.Sprintf("Jawaban %s terputus; dicoba lagi otomatis.", c.What), c.redact(err), 0)
	}
	if res.StatusCode/100 == 2 {
		if out != nil {
			if err := json.Unmarshal(raw, out); err != nil {
				return dissemination.Permanent(fmt.Sprintf("Jawaban %s tidak dapat dibaca.", c.What), err)
			}
		}
		return nil
	}
	return c.classify(res, raw)
}

// Error is a Graph API error object.
type Error struct {
	Status      int           `json:"-"`
	Message     string        `json:"message"`
	Type        string        `json:"type"`
	Code        int           `json:"code"`
	Subcode     int           `json:"error_subcode"`
	IsTransient bool          `json:"is_transient"`
	UserTitle   string        `json:"error_user_title"`
	UserMessage string        `json:"error_user_msg"`
	FBTraceID   string        `json:"fbtrace_id"`
	RetryAfter  time.Duration `json:"-"`
	Method      string        `json:"-"`
	Path        string        `json:"-"`
}

func (e *Error) Error() string {
	return fmt.Sprintf("graph %s %s: HTTP %d: code %d/%d: %s (fbtrace_id %s)", e.Method, e.Path, e.Status, e.Code, e.Subcode, e.Message, e.FBTraceID)
}

// Detail is the most useful text Graph gave for people.
func (e *Error) Detail() string {
	if e.UserMessage != "" {
		return e.UserMessage
	}
	return e.Message
}

// AsError returns the Graph error object inside err, if any.
func AsError(err error) (*Error, bool) {
	var ge *Error
	ok := errors.As(err, &ge)
	return ge, ok
}

// classify follows Meta's error-handling guide: 1, 2 and transient errors
// are retried; 4, 17, 32, 341, 613 and 80001–80014 are throttling; 190 and
// 102 are bad tokens; 10 and 200–299 missing permissions; 368 a temporary
// policy block; 506 a duplicate post.
func (c *Client) classify(res *http.Response, raw []byte) error {
	var env struct {
		Error *Error `json:"error"`
	}
	if json.Unmarshal(raw, &env) != nil || env.Error == nil {
		res.Body = io.NopCloser(bytes.NewReader(raw))
		return c.hideToken(dissemination.CheckResponse(res, c.What))
	}
	ge := env.Error
	ge.Status, ge.Method, ge.Path = res.StatusCode, res.Request.Method, res.Request.URL.Path
	ge.RetryAfter = retryAfter(res.Header)
	w := c.What
	switch {
	case ge.Code == 190 || ge.Code == 102 || res.StatusCode == http.StatusUnauthorized:
		return dissemination.Permanent(fmt.Sprintf("Token akses %s ditolak atau kedaluwarsa (%s). Buat token baru, perbarui kredensial kanal di Studio, lalu kirim ulang.", w, ge.Message), ge)
	case ge.Code == 10 || (ge.Code >= 200 && ge.Code <= 299):
		return dissemination.Permanent(fmt.Sprintf("Token %s tidak punya izin yang diperlukan (%s). Berikan izin aplikasi yang kurang, lalu kirim ulang.", w, ge.Detail()), ge)
	case ge.Code == 4 || ge.Code == 17 || ge.Code == 32 || ge.Code == 341 || ge.Code == 613 || (ge.Code >= 80001 && ge.Code <= 80014) || res.StatusCode == http.StatusTooManyRequests:
		return dissemination.Temporary(fmt.Sprintf("%s membatasi laju panggilan API; dicoba lagi otomatis.", w), ge, ge.RetryAfter)
	case ge.Code == 368:
		return dissemination.Temporary(fmt.Sprintf("%s sementara memblokir pengiriman karena kebijakan (%s); dicoba lagi dalam 1 jam.", w, ge.Detail()), ge, time.Hour)
	case ge.Code == 506:
		return dissemination.Permanent(fmt.Sprintf("%s menolak kiriman ganda: isi yang sama sudah pernah dikirim. Periksa halaman, mungkin sudah terbit.", w), ge)
	case ge.Code == 1 || ge.Code == 2 || ge.IsTransient || res.StatusCode >= 500:
		return dissemination.Temporary(fmt.Sprintf("%s sedang bermasalah (%s); dicoba lagi otomatis.", w, ge.Message), ge, ge.RetryAfter)
	case res.StatusCode == http.StatusForbidden:
		return dissemination.Permanent(fmt.Sprintf("Akun %s tidak punya izin untuk mengirim (%s). Periksa izin aplikasi, lalu kirim ulang.", w, ge.Detail()), ge)
	}
	return dissemination.Permanent(fmt.Sprintf("%s menolak isi kiriman: %s", w, ge.Detail()), ge)
}

// retryAfter reads Retry-After, then the estimated_time_to_regain_access
// (minutes) that Graph puts in its usage headers when it throttles.
func retryAfter(h http.Header) time.Duration {
	if d := dissemination.RetryAfter(h, time.Now()); d > 0 {
		return d
	}
	var longest time.Duration
	for _, name := range []string{"X-Business-Use-Case-Usage", "X-App-Usage", "X-Page-Usage"} {
		v := h.Get(name)
		if v == "" {
			continue
		}
		var byID map[string][]struct {
			Minutes int `json:"estimated_time_to_regain_access"`
		}
		var flat struct {
			Minutes int `json:"estimated_time_to_regain_access"`
		}
		if json.Unmarshal([]byte(v), &byID) == nil {
			for _, list := range byID {
				for _, u := range list {
					longest = max(longest, time.Duration(u.Minutes)*time.Minute)
				}
			}
		} else if json.Unmarshal([]byte(v), &flat) == nil {
			longest = max(longest, time.Duration(flat.Minutes)*time.Minute)
		}
	}
	return longest
}

// hideToken keeps the access token out of an error that quotes a URL.
func (c *Client) hideToken(err error) error {
	var de *dissemination.Error
	if errors.As(err, &de) && de.Err != nil && c.Token != "" && strings.Contains(de.Err.Error(), c.Token) {
		de.Err = c.redact(de.Err)
	}
	return err
}

func (c *Client) redact(err error) error {
	if c.Token == "" || !strings.Contains(err.Error(), c.Token) {
		return err
	}
	return &redacted{msg: strings.ReplaceAll(err.Error(), c.Token, "<access_token>"), err: err}
}

type redacted struct {
	msg string
	err error
}

func (e *redacted) Error() string { return e.msg }
func (e *redacted) Unwrap() error { return e.err }
