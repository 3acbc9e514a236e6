package dissemination

import (
	"bytes"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// A channel without its credentials runs dry: the connector is given a
// Sender that records each request instead of sending it, and answers with
// a stand-in response. The delivery ends as dry_run with the requests in its
// request log, so the editor sees exactly what would have gone out.

// DryRunSecret stands in, during a dry run, for each required secret the
// channel lacks, so that a connector builds its requests as usual; the
// request log shows it (or Redacted) where the secret would be.
const DryRunSecret = "RAHASIA-BELUM-DIISI"

// Redacted replaces secrets in a dry run's request log.
const Redacted = "[disamarkan]"

// DryRunResponse is the body of the generic stand-in response: HTTP 200,
// JSON, with the fields the channel APIs Warta speaks put their post ids
// in (Telegram's result.message_id, X's data.id, WhatsApp's messages[0].id,
// Graph and Mastodon's id, Instagram's status_code), so that a connector
// reading its API's answer reads this one too. Connectors that need
// something else implement DryRunResponder.
const DryRunResponse = `{"ok":true,"id":"dry-run","url":"","status_code":"FINISHED","result":{"message_id":1,"chat":{"id":1,"username":"dry_run"}},"data":{"id":"dry-run"},"messages":[{"id":"dry-run"}]}`

// DryRunResponder is implemented by connectors that answer a dry run's
// request themselves, as their API would.
type DryRunResponder interface {
	DryRunResponse(req *http.Request) *http.Response
}

// RecordedRequest is one request a dry run would have sent, secrets
// removed.
type RecordedRequest struct {
	Method string            `json:"method"`
	URL    string            `json:"url"`
	Header map[string]string `json:"header"`
	Body   string            `json:"body"`
}

// IsDryRun reports whether s only records requests.
func IsDryRun(s Sender) bool {
	_, ok := s.(*recorder)
	return ok
}

// recorder is the dry run's Sender.
type recorder struct {
	secrets []string // values to hide, longest first
	respond func(*http.Request) *http.Response

	mu   sync.Mutex
	reqs []RecordedRequest
}

func newRecorder(ch *Channel, conn Connector) *recorder {
	r := &recorder{respond: standIn, secrets: secretValues(ch)}
	if dr, ok := conn.(DryRunResponder); ok {
		r.respond = dr.DryRunResponse
	}
	return r
}

// Do records req and answers with the stand-in.
func (r *recorder) Do(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		var err error
		body, err = io.ReadAll(io.LimitReader(req.Body, 1<<20))
		req.Body.Close()
		if err != nil {
			return nil, err
		}
	}
	rec := RecordedRequest{Method: req.Method, URL: r.hide(req.URL.String()), Header: map[string]string{}}
	for k, vs := range req.Header {
		v := strings.Join(vs, ", ")
		switch http.CanonicalHeaderKey(k) {
		case "Authorization", "Proxy-Authorization", "Cookie":
			v = Redacted
		}
		rec.Header[http.CanonicalHeaderKey(k)] = r.hide(v)
	}
	switch {
	case len(body) > 64<<10:
		rec.Body = r.hide(string(body[:64<<10])) + "…"
	case utf8.Valid(body):
		rec.Body = r.hide(string(body))
	default:
		rec.Body = "[" + strconv.Itoa(len(body)) + " bita data biner]"
	}
	r.mu.Lock()
	r.reqs = append(r.reqs, rec)
	r.mu.Unlock()
	res := r.respond(req)
	if res.Request == nil {
		res.Request = req
	}
	return res, nil
}

func (r *recorder) hide(s string) string { return hide(s, r.secrets) }

// hide replaces each of secrets (longest first) in s with Redacted.
func hide(s string, secrets []string) string {
	for _, v := range secrets {
		s = strings.ReplaceAll(s, v, Redacted)
	}
	return s
}

// secretValues lists a channel's secret values worth hiding, longest
// first, so that one containing another is hidden whole.
func secretValues(ch *Channel) []string {
	var out []string
	for _, v := range ch.Secrets {
		if len(v) >= 4 {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}

func (r *recorder) requests() []RecordedRequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.reqs)
}

// standIn is the generic dry-run answer.
func standIn(req *http.Request) *http.Response {
	return &http.Response{
		Status: "200 OK", StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(bytes.NewReader([]byte(DryRunResponse))),
		ContentLength: int64(len(DryRunResponse)),
		Request:       req,
	}
}
