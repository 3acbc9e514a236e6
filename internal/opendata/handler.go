package opendata

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/kominfo-jatim/warta/internal/auth"
	"github.com/kominfo-jatim/warta/internal/clientip"
	"github.com/kominfo-jatim/warta/internal/httperr"
	"github.com/kominfo-jatim/warta/internal/warta"
)

//go:embed templates
var templateFS embed.FS

// parseTemplates parses the page bodies once. Each file defines one body
// template named after it; the portal or the studio frames it.
func parseTemplates() (*template.Template, error) {
	t, err := template.New("").Funcs(template.FuncMap{
		"date":       humanDate,
		"time":       humanTime,
		"count":      func(n int) string { return formatCount64(int64(n)) },
		"paragraphs": paragraphs,
		"first": func(s string) string {
			if ps := paragraphs(s); len(ps) > 0 {
				return ps[0]
			}
			return ""
		},
		"join":  strings.Join,
		"plus":  func(a, b int) int { return a + b },
		"minus": func(a, b int) int { return a - b },
	}).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse templates: %w", err)
	}
	return t, nil
}

// body renders a named body template.
func (s *Service) body(name string, data any) (template.HTML, error) {
	var buf bytes.Buffer
	if err := s.tmpl.ExecuteTemplate(&buf, name, data); err != nil {
		return "", fmt.Errorf("opendata: render %s: %w", name, err)
	}
	return template.HTML(buf.String()), nil
}

// handlerFunc writes a response or returns an error for its adapter.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// page adapts a public HTML page: errors become the portal's error page.
func (s *Service) page(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			status := httperr.Status(err)
			if status >= 500 {
				if errors.Is(err, context.Canceled) {
					return
				}
				s.log.Error("opendata: request failed", "path", r.URL.Path, "err", err)
			}
			s.errorPage(w, r, status, warta.ErrorMessage(err))
		}
	})
}

// apiError answers a data request (JSON or CSV) that failed before any row
// was written, as a small JSON object that names the parameter at fault.
func (s *Service) apiError(w http.ResponseWriter, r *http.Request, err error) {
	status := httperr.Status(err)
	if status >= 500 {
		if errors.Is(err, context.Canceled) {
			return
		}
		s.log.Error("opendata: request failed", "path", r.URL.Path, "err", err)
	}
	body := map[string]any{"status": status, "message": warta.ErrorMessage(err)}
	var we *warta.Error
	if errors.As(err, &we) && we.Field != "" {
		body["parameter"] = we.Field
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Access-Control-Allow-Origin", "*")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": body})
}

// parseQuery reads a data request's parameters: the dataset's filters,
// versi for imported datasets, and with paging the JSON API's limit and
// cursor. Unknown parameters are refused, so a mistyped filter is not
// silently ignored; parameters starting with "_" (cache busters) are.
func (s *Service) parseQuery(r *http.Request, d *Dataset, paging bool) (Query, error) {
	q := Query{Filter: map[string]string{}, Limit: s.batch}
	allowed := map[string]bool{}
	for _, f := range d.Filters {
		allowed[f.Name] = true
	}
	values := r.URL.Query()
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		v := strings.TrimSpace(values.Get(name))
		switch {
		case strings.HasPrefix(name, "_"):
		case len(v) > 200:
			return q, invalid(name, "Nilai parameter %s terlalu panjang.", name)
		case name == "versi" && d.Versions != nil:
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return q, invalid("versi", "Parameter versi harus nomor versi, misalnya 1.")
			}
			q.Version = n
		case paging && name == "cursor":
			q.Cursor = v
		case paging && name == "limit":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > maxLimit {
				return q, invalid("limit", "Parameter limit harus bilangan 1 sampai %d.", maxLimit)
			}
			q.Limit = n
		case allowed[name]:
			if v != "" {
				q.Filter[name] = v
			}
		default:
			known := make([]string, 0, len(d.Filters)+2)
			for _, f := range d.Filters {
				known = append(known, f.Name)
			}
			if paging {
				known = append(known, "limit", "cursor")
			}
			if len(known) == 0 {
				return q, invalid(name, "Dataset ini tidak menerima parameter %s.", name)
			}
			return q, invalid(name, "Parameter %s tidak dikenal. Dataset ini menerima: %s.", name, strings.Join(known, ", "))
		}
	}
	if paging && values.Get("limit") == "" {
		q.Limit = defaultLimit
	}
	return q, nil
}

// Page sizes of the JSON API.
const (
	defaultLimit = 100
	maxLimit     = 1000
)

// columnsFor is the data dictionary of the version a query reads.
func columnsFor(d *Dataset, version int) []Column {
	if version == 0 || d.Versions == nil {
		return d.Columns
	}
	for _, v := range d.Versions {
		if v.Number == version {
			return v.Columns
		}
	}
	return d.Columns
}

// publicData marks a response as open data any site may fetch.
func publicData(h http.Header) {
	h.Set("Access-Control-Allow-Origin", "*")
}

// withQuery is path with the values, sorted, as a query string.
func withQuery(path string, v url.Values) string {
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// admin adapts a staff page for administrators: anyone signed out is sent
// to sign in, other staff get a 403 page. Staff pages are never cached.
func (s *Service) admin(h func(w http.ResponseWriter, r *http.Request, u *warta.User) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		u := auth.UserFrom(r.Context())
		if u == nil {
			next := "/studio/"
			if r.Method == http.MethodGet {
				next = r.URL.RequestURI()
			}
			http.Redirect(w, r, "/studio/login?"+url.Values{"lanjut": {next}, "pesan": {"masuk-dulu"}}.Encode(), http.StatusSeeOther)
			return
		}
		var err error
		if u.Role != warta.RoleAdmin {
			err = warta.Errorf(warta.EForbidden, "Impor data terbuka hanya untuk admin.")
		} else {
			err = h(w, r.WithContext(withClientIP(r.Context(), clientip.Of(r))), u)
		}
		if err != nil {
			s.studioError(w, r, err)
		}
	})
}

// studioError shows a staff page's error inside the studio's frame.
func (s *Service) studioError(w http.ResponseWriter, r *http.Request, err error) {
	status := httperr.Status(err)
	if status >= 500 {
		if errors.Is(err, context.Canceled) {
			return
		}
		s.log.Error("opendata: studio request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	title := "Terjadi kesalahan"
	switch status {
	case http.StatusNotFound:
		title = "Tidak ditemukan"
	case http.StatusForbidden:
		title = "Tidak diizinkan"
	case http.StatusConflict:
		title = "Bentrok dengan perubahan lain"
	}
	body, rerr := s.body("studio_error", map[string]any{"Title": title, "Message": warta.ErrorMessage(err)})
	if rerr != nil {
		http.Error(w, warta.ErrorMessage(err), status)
		return
	}
	s.frameStudio(w, r, status, title, body)
}
