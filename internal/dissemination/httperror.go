package dissemination

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// CheckResponse turns a channel API's HTTP answer into nil for 2xx or an
// *Error: 429 and 5xx are retryable (honouring Retry-After and
// x-rate-limit-reset), 401/403 are credential or permission problems, other
// 4xx are content the channel refused. what names the channel for the
// message ("Telegram"). The body is read (up to 64 KB) for the message and
// closed when the answer is an error.
func CheckResponse(res *http.Response, what string) error {
	if res.StatusCode >= 200 && res.StatusCode < 300 {
		return nil
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	detail := strings.TrimSpace(string(body))
	if len(detail) > 300 {
		detail = detail[:300] + "…"
	}
	err := fmt.Errorf("%s %s: HTTP %d: %s", res.Request.Method, res.Request.URL.Path, res.StatusCode, detail)
	switch {
	case res.StatusCode == http.StatusTooManyRequests:
		return Temporary(fmt.Sprintf("%s membatasi laju pengiriman; dicoba lagi otomatis.", what), err, RetryAfter(res.Header, time.Now()))
	case res.StatusCode >= 500:
		return Temporary(fmt.Sprintf("%s sedang bermasalah (HTTP %d); dicoba lagi otomatis.", what, res.StatusCode), err, RetryAfter(res.Header, time.Now()))
	case res.StatusCode == http.StatusUnauthorized:
		return Permanent(fmt.Sprintf("Token %s ditolak atau kedaluwarsa. Perbarui kredensial kanal di Studio, lalu kirim ulang.", what), err)
	case res.StatusCode == http.StatusForbidden:
		return Permanent(fmt.Sprintf("Akun %s tidak punya izin untuk mengirim. Periksa izin aplikasi/bot, lalu kirim ulang.", what), err)
	}
	return Permanent(fmt.Sprintf("%s menolak isi kiriman (HTTP %d): %s", what, res.StatusCode, detail), err)
}

// RetryAfter reads Retry-After (seconds or an HTTP date) or, failing that,
// x-rate-limit-reset (unix seconds, as X sends it). It returns 0 when
// neither is present or usable.
func RetryAfter(h http.Header, now time.Time) time.Duration {
	if v := h.Get("Retry-After"); v != "" {
		if s, err := strconv.Atoi(v); err == nil && s >= 0 {
			return time.Duration(s) * time.Second
		}
		if t, err := http.ParseTime(v); err == nil && t.After(now) {
			return t.Sub(now)
		}
	}
	if v := h.Get("X-Rate-Limit-Reset"); v != "" {
		if s, err := strconv.ParseInt(v, 10, 64); err == nil {
			if d := time.Unix(s, 0).Sub(now); d > 0 {
				return d
			}
		}
	}
	return 0
}
