package opendata

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"time"
)

// datasetCSV streams a dataset as RFC 4180 CSV (UTF-8, CRLF, a header row),
// one keyset batch at a time, flushing each, so that memory stays flat
// however many rows there are. The first batch is read before anything is
// written: a bad filter or version is still a clean error.
func (s *Service) datasetCSV(w http.ResponseWriter, r *http.Request, slug string) error {
	ctx := r.Context()
	d, err := s.Dataset(ctx, slug)
	if err != nil {
		return err
	}
	q, err := s.parseQuery(r, d, false)
	if err != nil {
		return err
	}
	rows, next, err := d.Source.Rows(ctx, q)
	if err != nil {
		return err
	}
	name := "warta-" + d.Slug
	h := w.Header()
	if d.Versions != nil {
		v, _ := importedSource{versions: d.Versions}.version(q.Version)
		name += fmt.Sprintf("-versi-%d", v.Number)
		if q.Version != 0 {
			// A numbered version never changes.
			h.Set("Cache-Control", "public, max-age=86400")
		}
	}
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "public, max-age=300")
	}
	h.Set("Content-Type", "text/csv; charset=utf-8; header=present")
	h.Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	if m := s.modified(ctx, d); !m.IsZero() {
		h.Set("Last-Modified", m.UTC().Format(http.TimeFormat))
	}
	publicData(h)
	if r.Method == http.MethodHead {
		return nil
	}
	cols := columnsFor(d, q.Version)
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	record := make([]string, len(cols))
	for i, c := range cols {
		record[i] = c.Name
	}
	cw.Write(record)
	rc := http.NewResponseController(w)
	for {
		for _, row := range rows {
			for i := range record {
				record[i] = ""
				if i < len(row) {
					record[i] = cell(row[i])
				}
			}
			cw.Write(record)
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return nil // the client went away
		}
		rc.Flush()
		if next == "" {
			return nil
		}
		// A big download outlasts the server's write timeout; each batch
		// written earns another minute.
		rc.SetWriteDeadline(time.Now().Add(time.Minute))
		q.Cursor = next
		if rows, next, err = d.Source.Rows(ctx, q); err != nil {
			// Half a file must not look like a whole one: abort the
			// connection instead of ending the body cleanly.
			s.log.Error("opendata: csv stream failed", "dataset", d.Slug, "err", err)
			panic(http.ErrAbortHandler)
		}
	}
}
