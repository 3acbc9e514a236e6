package opendata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// datasetView is a dataset's page.
type datasetView struct {
	D          *Dataset
	Modified   time.Time
	Columns    []Column
	CSV, JSON  string
	Versions   []versionLink
	ExampleURL string
	Example    string // a JSON page built from the dictionary's examples
	CKAN       string
	Licence    Licence
	Frequency  string
}

type versionLink struct {
	Version
	CSV, JSON string
	Latest    bool
}

// datasetShow renders /data/{slug}: what the dataset is, its licence, its
// dictionary, the last update, the downloads, an API example and, for an
// imported dataset, every version.
func (s *Service) datasetShow(w http.ResponseWriter, r *http.Request, slug string) error {
	ctx := r.Context()
	d, err := s.Dataset(ctx, slug)
	if err != nil {
		return err
	}
	v := datasetView{
		D: d, Modified: s.modified(ctx, d), Columns: d.Columns,
		CSV: "/data/" + d.Slug + ".csv", JSON: "/data/" + d.Slug + ".json",
		ExampleURL: s.exampleURL(d), Example: exampleResponse(d, s.exampleURL(d)),
		CKAN:    s.abs("/api/3/action/package_show?id=" + d.Slug),
		Licence: d.Licence, Frequency: d.Frequency.Label(),
	}
	for i, ver := range d.Versions {
		n := strconv.Itoa(ver.Number)
		v.Versions = append(v.Versions, versionLink{Version: ver, Latest: i == 0,
			CSV: v.CSV + "?versi=" + n, JSON: v.JSON + "?versi=" + n})
	}
	body, err := s.body("dataset", v)
	if err != nil {
		return err
	}
	s.framePublic(w, r, http.StatusOK, d.Title, body)
	return nil
}

// exampleResponse is what a JSON page of the dataset looks like, built from
// its dictionary's examples, so the page shows it without a query.
func exampleResponse(d *Dataset, pageURL string) string {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "{\n  \"dataset\": %q,\n", d.Slug)
	if d.Versions != nil {
		fmt.Fprintf(&buf, "  \"version\": %d,\n", d.Versions[0].Number)
	}
	names := make([]string, len(d.Columns))
	for i, c := range d.Columns {
		b, _ := json.Marshal(c.Name)
		names[i] = string(b)
	}
	fmt.Fprintf(&buf, "  \"columns\": [%s],\n  \"count\": 1,\n  \"rows\": [\n    {", strings.Join(names, ", "))
	for i, c := range d.Columns {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString("\n      ")
		writeJSON(&buf, c.Name)
		buf.WriteString(": ")
		writeJSON(&buf, jsonValue(exampleValue(c)))
	}
	buf.WriteString("\n    }\n  ],\n  \"next_cursor\": \"WyIxMDAiXQ\",\n  \"next\": ")
	writeJSON(&buf, pageURL+"&cursor=WyIxMDAiXQ")
	buf.WriteString("\n}")
	return buf.String()
}

// exampleValue is a dictionary example as the value the API would give.
func exampleValue(c Column) any {
	if c.Example == "" {
		return nil
	}
	switch c.Type {
	case Integer:
		if n, err := strconv.ParseInt(c.Example, 10, 64); err == nil {
			return n
		}
	case Decimal:
		return Number(c.Example)
	case List:
		return strings.Split(c.Example, ";")
	}
	return c.Example
}
