package opendata

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ckanVersion answers /api/3 as CKAN does.
func (s *Service) ckanVersion(w http.ResponseWriter, r *http.Request) {
	writeCKAN(w, http.StatusOK, map[string]int{"version": 3})
}

// ckanAction answers /api/3/action/{action}.
func (s *Service) ckanAction(w http.ResponseWriter, r *http.Request) {
	action := r.PathValue("action")
	env := ckanEnvelope{Help: s.abs("/api/3/action/help_show?name=" + action)}
	params, err := ckanParams(r)
	if err != nil {
		writeCKAN(w, http.StatusBadRequest, "Bad request - JSON Error: "+err.Error())
		return
	}
	var status int
	switch action {
	case "package_list":
		status, env.Result, env.Error = s.ckanPackageList(r.Context(), params)
	case "package_show":
		status, env.Result, env.Error = s.ckanPackageShow(r.Context(), params)
	case "package_search":
		status, env.Result, env.Error = s.ckanPackageSearch(r.Context(), params)
	case "help_show":
		status, env.Result, env.Error = ckanHelp(params["name"])
	default:
		// CKAN answers an unknown action with a bare JSON string.
		writeCKAN(w, http.StatusBadRequest, "Bad request - Action name not known: "+action)
		return
	}
	env.Success = env.Error == nil
	writeCKAN(w, status, env)
}

func writeCKAN(w http.ResponseWriter, status int, v any) {
	h := w.Header()
	h.Set("Content-Type", "application/json;charset=utf-8")
	if status == http.StatusOK {
		h.Set("Cache-Control", "public, max-age=60")
	} else {
		h.Set("Cache-Control", "no-store")
	}
	publicData(h)
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// ckanParams reads an action's parameters: the query string of a GET, the
// JSON object or form of a POST.
func ckanParams(r *http.Request) (map[string]string, error) {
	out := map[string]string{}
	for k, v := range r.URL.Query() {
		out[k] = v[0]
	}
	if r.Method != http.MethodPost {
		return out, nil
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") || r.Header.Get("Content-Type") == "" {
		var body map[string]any
		dec := json.NewDecoder(io.LimitReader(r.Body, 64<<10))
		dec.UseNumber()
		if err := dec.Decode(&body); err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("request data must be a JSON object")
		}
		for k, v := range body {
			out[k] = fmt.Sprint(v)
		}
		return out, nil
	}
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	for k, v := range r.PostForm {
		out[k] = v[0]
	}
	return out, nil
}

// ckanHelp documents the actions this API answers, as CKAN's help_show
// returns an action's docstring.
func ckanHelp(name string) (int, any, any) {
	doc, ok := map[string]string{
		"package_list":   "Return the names of the datasets. Parameters: limit, offset (optional).",
		"package_show":   "Return the metadata of a dataset. Parameters: id (the dataset's name or id).",
		"package_search": "Search the datasets. Parameters: q (words that must all occur), fq (metadata_modified:[from TO to] only), rows (default 10, at most 1000), start, sort (score desc, metadata_modified desc, name asc, title_string asc).",
		"help_show":      "Return the help string of an action. Parameters: name.",
	}[name]
	if !ok {
		return http.StatusNotFound, nil, map[string]string{"__type": "Not Found Error", "message": "Not found: Action function not found"}
	}
	return http.StatusOK, doc, nil
}

func notFound() map[string]string {
	return map[string]string{"__type": "Not Found Error", "message": "Not found"}
}

// validationError is CKAN's: field names mapping to their messages.
func validationError(field, message string) map[string]any {
	return map[string]any{"__type": "Validation Error", field: []string{message}}
}

// intParam reads a non-negative integer parameter.
func intParam(params map[string]string, name string, def int) (int, map[string]any) {
	v, ok := params[name]
	if !ok || v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, validationError(name, "Invalid integer")
	}
	if n < 0 {
		return 0, validationError(name, "Must be a natural number")
	}
	return n, nil
}

func (s *Service) ckanPackageList(ctx context.Context, params map[string]string) (int, any, any) {
	limit, verr := intParam(params, "limit", -1)
	if verr != nil {
		return http.StatusConflict, nil, verr
	}
	offset, verr := intParam(params, "offset", 0)
	if verr != nil {
		return http.StatusConflict, nil, verr
	}
	all, err := s.Datasets(ctx)
	if err != nil {
		s.log.Error("opendata: ckan package_list", "err", err)
		return http.StatusInternalServerError, nil, map[string]string{"__type": "Internal Server Error", "message": "Internal Server Error"}
	}
	names := []string{}
	for _, d := range all {
		names = append(names, d.Slug)
	}
	sort.Strings(names)
	names = names[min(offset, len(names)):]
	if limit >= 0 && limit < len(names) {
		names = names[:limit]
	}
	return http.StatusOK, names, nil
}

func (s *Service) ckanPackageShow(ctx context.Context, params map[string]string) (int, any, any) {
	id := params["id"]
	if id == "" {
		id = params["name_or_id"]
	}
	if id == "" {
		return http.StatusConflict, nil, validationError("id", "Missing value")
	}
	all, err := s.Datasets(ctx)
	if err != nil {
		s.log.Error("opendata: ckan package_show", "err", err)
		return http.StatusInternalServerError, nil, map[string]string{"__type": "Internal Server Error", "message": "Internal Server Error"}
	}
	for _, d := range all {
		if d.Slug == id || uuid5(s.abs("/data/"+d.Slug)) == id {
			return http.StatusOK, s.ckanPackage(ctx, d), nil
		}
	}
	return http.StatusNotFound, nil, notFound()
}

// rowsMax is CKAN's default search.rows_max.
const rowsMax = 1000

const defaultSort = "score desc, metadata_modified desc"

func (s *Service) ckanPackageSearch(ctx context.Context, params map[string]string) (int, any, any) {
	rows, verr := intParam(params, "rows", 10)
	if verr != nil {
		return http.StatusConflict, nil, verr
	}
	start, verr := intParam(params, "start", 0)
	if verr != nil {
		return http.StatusConflict, nil, verr
	}
	rows = min(rows, rowsMax)
	all, err := s.Datasets(ctx)
	if err != nil {
		s.log.Error("opendata: ckan package_search", "err", err)
		return http.StatusInternalServerError, nil, map[string]string{"__type": "Internal Server Error", "message": "Internal Server Error"}
	}
	from, to := modifiedRange(params["fq"])
	type hit struct {
		pkg   ckanPackage
		score int
	}
	var hits []hit
	q := strings.TrimSpace(params["q"])
	for _, d := range all {
		if !matches(d, q) {
			continue
		}
		p := s.ckanPackage(ctx, d)
		if (from != "" && p.MetadataModified < from) || (to != "" && p.MetadataModified > to) {
			continue
		}
		hits = append(hits, hit{p, score(d, q)})
	}
	order := strings.TrimSpace(params["sort"])
	if order == "" {
		order = defaultSort
	}
	field, dir, _ := strings.Cut(strings.Split(order, ",")[0], " ")
	desc := strings.TrimSpace(dir) != "asc"
	sort.SliceStable(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		var less, equal bool
		switch field {
		case "name":
			less, equal = a.pkg.Name < b.pkg.Name, a.pkg.Name == b.pkg.Name
		case "title_string", "title":
			less, equal = a.pkg.Title < b.pkg.Title, a.pkg.Title == b.pkg.Title
		case "metadata_modified":
			less, equal = a.pkg.MetadataModified < b.pkg.MetadataModified, a.pkg.MetadataModified == b.pkg.MetadataModified
		default: // score, then newest
			if a.score != b.score {
				return a.score > b.score
			}
			return a.pkg.MetadataModified > b.pkg.MetadataModified
		}
		if equal {
			return a.pkg.Name < b.pkg.Name
		}
		return less != desc
	})
	res := ckanSearchResult{Count: len(hits), Facets: map[string]any{}, SearchFacets: map[string]any{},
		Results: []ckanPackage{}, Sort: order}
	for i := start; i < len(hits) && i < start+rows; i++ {
		res.Results = append(res.Results, hits[i].pkg)
	}
	return http.StatusOK, res, nil
}

// score is how many of q's words occur in the title (counted twice) and
// keywords, for CKAN's default "score desc" order.
func score(d *Dataset, q string) int {
	n := 0
	title := strings.ToLower(d.Title)
	keys := strings.ToLower(strings.Join(d.Keywords, " "))
	for _, w := range strings.Fields(strings.ToLower(q)) {
		if strings.Contains(title, w) {
			n += 2
		}
		if strings.Contains(keys, w) {
			n++
		}
	}
	return n
}

var fqModified = regexp.MustCompile(`metadata_modified:\[(\S+) TO (\S+)\]`)

// modifiedRange reads the clause CKAN's harvester puts in fq for an
// incremental harvest, metadata_modified:[2024-01-01T00:00:00Z TO *], as
// bounds comparable with ckanTime. Other clauses are ignored.
func modifiedRange(fq string) (from, to string) {
	m := fqModified.FindStringSubmatch(fq)
	if m == nil {
		return "", ""
	}
	bound := func(s string) string {
		if s == "*" || s == "NOW" {
			return ""
		}
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.000Z", "2006-01-02T15:04:05.999999", "2006-01-02"} {
			if t, err := time.Parse(layout, s); err == nil {
				return ckanTime(t)
			}
		}
		return ""
	}
	return bound(m[1]), bound(m[2])
}
