package opendata

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
)

// datasetJSON answers one page of a dataset: the same rows, values and
// order as the CSV, as objects keyed by column name in dictionary order,
// with the cursor and URL of the next page.
//
//	{"dataset": "artikel", "columns": ["id", …], "count": 100,
//	 "rows": [{"id": "…", …}, …], "next_cursor": "…", "next": "https://…/data/artikel.json?cursor=…"}
//
// Imported datasets add "version". next and next_cursor are null on the
// last page.
func (s *Service) datasetJSON(w http.ResponseWriter, r *http.Request, slug string) error {
	ctx := r.Context()
	d, err := s.Dataset(ctx, slug)
	if err != nil {
		return err
	}
	q, err := s.parseQuery(r, d, true)
	if err != nil {
		return err
	}
	rows, next, err := d.Source.Rows(ctx, q)
	if err != nil {
		return err
	}
	cols := columnsFor(d, q.Version)
	var buf bytes.Buffer
	buf.WriteString(`{"dataset":`)
	writeJSON(&buf, d.Slug)
	if d.Versions != nil {
		v, _ := importedSource{versions: d.Versions}.version(q.Version)
		buf.WriteString(`,"version":`)
		writeJSON(&buf, v.Number)
	}
	buf.WriteString(`,"columns":[`)
	for i, c := range cols {
		if i > 0 {
			buf.WriteByte(',')
		}
		writeJSON(&buf, c.Name)
	}
	buf.WriteString(`],"count":`)
	writeJSON(&buf, len(rows))
	buf.WriteString(`,"rows":[`)
	for i, row := range rows {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteByte('{')
		for j, c := range cols {
			if j > 0 {
				buf.WriteByte(',')
			}
			writeJSON(&buf, c.Name)
			buf.WriteByte(':')
			var v any
			if j < len(row) {
				v = row[j]
			}
			writeJSON(&buf, jsonValue(v))
		}
		buf.WriteByte('}')
	}
	buf.WriteString(`],"next_cursor":`)
	if next == "" {
		buf.WriteString(`null,"next":null}`)
	} else {
		writeJSON(&buf, next)
		v := r.URL.Query()
		v.Set("cursor", next)
		buf.WriteString(`,"next":`)
		writeJSON(&buf, s.abs(withQuery(r.URL.Path, v)))
		buf.WriteByte('}')
	}
	buf.WriteByte('\n')
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=60")
	publicData(h)
	w.Write(buf.Bytes())
	return nil
}

// writeJSON appends v encoded, without HTML escaping: the API is not HTML.
func writeJSON(buf *bytes.Buffer, v any) {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	buf.Truncate(buf.Len() - 1) // Encode's newline
}

// exampleURL is the JSON API URL with each filter's example, for the
// dataset page.
func (s *Service) exampleURL(d *Dataset) string {
	v := url.Values{}
	if len(d.Filters) > 0 && d.Filters[0].Name != "versi" {
		v.Set(d.Filters[0].Name, d.Filters[0].Example)
	}
	v.Set("limit", "2")
	return s.abs(withQuery("/data/"+d.Slug+".json", v))
}
