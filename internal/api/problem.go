package api

import (
	"github.com/kominfo-jatim/warta/internal/httperr"

	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/auth"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// ProblemTypeBase starts the type URI of every problem Warta's API answers
// with. The URIs identify the kind of problem for programs and do not change
// between releases or sites; they are not meant to be fetched.
const ProblemTypeBase = "https://warta.example/problems/"

// Problem is an error response, RFC 9457 "Problem Details for HTTP APIs",
// served as application/problem+json.
type Problem struct {
	Type     string `json:"type"`               // ProblemTypeBase + the kind
	Title    string `json:"title"`              // the same for every problem of the type
	Status   int    `json:"status"`             // the HTTP status code
	Detail   string `json:"detail,omitempty"`   // what went wrong this time and what to do, in Bahasa Indonesia
	Instance string `json:"instance,omitempty"` // the request path

	// Errors names the request fields at fault, for validation problems.
	Errors []FieldError `json:"errors,omitempty"`
}

// FieldError is one invalid request field: a JSON body field or a query
// parameter.
type FieldError struct {
	Field  string `json:"field"`
	Detail string `json:"detail"`
}

// problemKind describes one problem type.
type problemKind struct {
	slug   string // the end of the type URI
	status int
	title  string
}

// problemKinds names the problem type of each warta error code. The status
// comes from httperr.Status, the one place where an application error
// becomes an HTTP status.
var problemKinds = map[string]problemKind{
	warta.EInvalid:      {slug: "invalid", title: "Permintaan tidak valid"},
	warta.EUnauthorized: {slug: "unauthorized", title: "Belum masuk"},
	warta.EForbidden:    {slug: "forbidden", title: "Tidak diizinkan"},
	warta.ENotFound:     {slug: "not-found", title: "Tidak ditemukan"},
	warta.EConflict:     {slug: "conflict", title: "Bertentangan dengan keadaan saat ini"},
	warta.ETooMany:      {slug: "too-many-requests", title: "Terlalu banyak permintaan"},
	warta.EInternal:     {slug: "internal", title: "Kesalahan server"},
}

func init() {
	for code, k := range problemKinds {
		k.status = httperr.Status(&warta.Error{Code: code})
		problemKinds[code] = k
	}
}

// Problem kinds for failures of HTTP itself, which the domain has no codes
// for.
var (
	kindTooLarge   = problemKind{"too-large", http.StatusRequestEntityTooLarge, "Permintaan terlalu besar"}
	kindMediaType  = problemKind{"unsupported-media-type", http.StatusUnsupportedMediaType, "Jenis konten tidak didukung"}
	kindNotAllowed = problemKind{"method-not-allowed", http.StatusMethodNotAllowed, "Metode tidak diizinkan"}
)

// httpError is a failure of the request as HTTP (its size, its content
// type, its method) rather than of what it asks for.
type httpError struct {
	kind   problemKind
	detail string
}

func (e *httpError) Error() string { return "api: " + e.kind.slug + ": " + e.detail }

// inputError is a request with one or more invalid fields. It unwraps to an
// EInvalid warta.Error naming the first, so code that only knows warta
// errors still sees a validation error.
type inputError struct{ fields []FieldError }

func (e *inputError) Error() string {
	parts := make([]string, len(e.fields))
	for i, f := range e.fields {
		parts[i] = f.Field + ": " + f.Detail
	}
	return "api: invalid input: " + strings.Join(parts, "; ")
}

func (e *inputError) Unwrap() error {
	return &warta.Error{Code: warta.EInvalid, Field: e.fields[0].Field, Message: e.fields[0].Detail}
}

// invalid returns an EInvalid error naming field.
func invalid(field, format string, args ...any) error {
	return &warta.Error{Code: warta.EInvalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// renameField returns err with the field name from replaced by to, for
// service errors that name a field differently from the API: the service's
// "scheduled_at" is the schedule request's "at".
func renameField(err error, from, to string) error {
	var we *warta.Error
	if errors.As(err, &we) && we.Field == from {
		c := *we
		c.Field = to
		return &c
	}
	return err
}

// WriteProblem answers the request with err as application/problem+json
// (RFC 9457): the status for its code, the Indonesian message a person can
// act on as detail, and for validation errors the fields at fault. Internal
// errors are logged and described only in general terms. A rate-limited
// request gets Retry-After; an unauthenticated one, WWW-Authenticate.
//
// auth.Config.OnError can point here, so that the authentication
// middleware's refusals look like every other API error.
func WriteProblem(w http.ResponseWriter, r *http.Request, err error) {
	writeProblem(w, r, err, slog.Default())
}

// writeProblem is WriteProblem logging internal errors to log.
func writeProblem(w http.ResponseWriter, r *http.Request, err error, log *slog.Logger) {
	p := problemFor(err)
	if p.Status == http.StatusInternalServerError {
		log.Error("api: internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	sendProblem(w, r, p, err)
}

// WriteStatusProblem answers with a problem of the given status, for code
// that has a status and a message rather than an error, such as the
// server's panic recovery and cross-origin refusal (server.ErrorPage). The
// detail of a server error is always the general one: whatever went wrong
// has been logged where it happened. A status Warta has no problem type
// for is "about:blank".
func WriteStatusProblem(w http.ResponseWriter, r *http.Request, status int, detail string) {
	kind := problemKind{"", status, http.StatusText(status)}
	for _, k := range problemKinds {
		if k.status == status {
			kind = k
		}
	}
	if status >= 500 || detail == "" {
		detail = warta.ErrorMessage(errors.New(kind.title))
		if status < 500 {
			detail = kind.title + "."
		}
	}
	sendProblem(w, r, newProblem(kind, detail), nil)
}

// sendProblem writes p, with the headers its status calls for.
func sendProblem(w http.ResponseWriter, r *http.Request, p Problem, err error) {
	p.Instance = r.URL.Path
	h := w.Header()
	switch p.Status {
	case http.StatusUnauthorized:
		h.Set("WWW-Authenticate", `Bearer realm="warta"`)
	case http.StatusTooManyRequests:
		if at, ok := auth.RetryAt(err); ok {
			h.Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(time.Until(at).Seconds())))))
		}
	}
	h.Set("Content-Type", "application/problem+json")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(p.Status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(p)
}

// problemFor describes err as a problem, without the instance.
func problemFor(err error) Problem {
	var he *httpError
	if errors.As(err, &he) {
		return newProblem(he.kind, he.detail)
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return newProblem(kindTooLarge, fmt.Sprintf("Badan permintaan melebihi %s. Kirim teks artikel tanpa gambar; unggah gambar lewat pustaka media.", byteSize(mbe.Limit)))
	}
	code := warta.ErrorCode(err)
	kind, ok := problemKinds[code]
	if !ok {
		kind = problemKinds[warta.EInternal]
	}
	p := newProblem(kind, warta.ErrorMessage(err))
	if kind.status == http.StatusInternalServerError {
		p.Detail = warta.ErrorMessage(errors.New("internal"))
	}
	var ie *inputError
	var we *warta.Error
	switch {
	case errors.As(err, &ie):
		p.Errors = ie.fields
		if len(ie.fields) > 1 {
			msgs := make([]string, len(ie.fields))
			for i, f := range ie.fields {
				msgs[i] = f.Detail
			}
			p.Detail = strings.Join(msgs, " ")
		}
	case errors.As(err, &we) && we.Field != "" && code == warta.EInvalid:
		p.Errors = []FieldError{{Field: we.Field, Detail: we.Message}}
	}
	return p
}

func newProblem(k problemKind, detail string) Problem {
	typ := "about:blank"
	if k.slug != "" {
		typ = ProblemTypeBase + k.slug
	}
	return Problem{Type: typ, Title: k.title, Status: k.status, Detail: detail}
}

// byteSize writes a size limit for people: "1 MB".
func byteSize(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	if n >= 1<<10 && n%(1<<10) == 0 {
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d byte", n)
}
