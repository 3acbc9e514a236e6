package opendata

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Dataset is one entry of the catalog: what it holds, under which licence,
// who publishes it, its data dictionary, and where its rows come from.
type Dataset struct {
	Slug        string // URL name: /data/{slug}; also the CKAN package name
	Title       string
	Description string // Bahasa Indonesia; plain text, paragraphs split by blank lines
	Licence     Licence
	Publisher   Publisher
	Keywords    []string
	Temporal    string // coverage in time, in words: "Sejak Pemilu 2024"
	Spatial     string // coverage in space: "Provinsi Jawa Timur"
	Frequency   Frequency
	Columns     []Column // the data dictionary, in CSV column order
	Filters     []Filter // the JSON API's and the CSV's query parameters
	Source      Source

	// Set for datasets imported by admins.
	Versions []Version // newest first
	Created  time.Time
}

// Licence is the licence a dataset is published under.
type Licence struct {
	ID    string // CKAN's licence id: "cc-by"
	Title string
	URL   string
}

// CCBY4 is the default licence of every dataset.
var CCBY4 = Licence{
	ID:    "cc-by",
	Title: "Creative Commons Attribution 4.0 International (CC BY 4.0)",
	URL:   "https://creativecommons.org/licenses/by/4.0/",
}

// Publisher is the organisation responsible for a dataset.
type Publisher struct {
	Slug  string // CKAN organization name
	Name  string
	URL   string
	Email string // contact point; may be empty
}

// Frequency is how often a dataset changes, by DCAT's Dublin Core
// Collection frequency vocabulary.
type Frequency string

// Frequencies.
const (
	Continuous Frequency = "continuous"
	Daily      Frequency = "daily"
	Weekly     Frequency = "weekly"
	Monthly    Frequency = "monthly"
	Annual     Frequency = "annual"
	Irregular  Frequency = "irregular"
)

// Frequencies lists every frequency in the order forms offer them.
var Frequencies = []Frequency{Continuous, Daily, Weekly, Monthly, Annual, Irregular}

// Label is the frequency in Indonesian.
func (f Frequency) Label() string {
	switch f {
	case Continuous:
		return "Berkelanjutan (setiap ada perubahan)"
	case Daily:
		return "Harian"
	case Weekly:
		return "Mingguan"
	case Monthly:
		return "Bulanan"
	case Annual:
		return "Tahunan"
	}
	return "Tidak tentu"
}

// URI is the frequency's term in the vocabulary DCAT recommends.
func (f Frequency) URI() string {
	if f == "" {
		f = Irregular
	}
	return "http://purl.org/cld/freq/" + string(f)
}

// Type is the type of a column's values.
type Type string

// Column types. A list is several values in one cell: a JSON array in the
// API and the values joined by ";" in the CSV.
const (
	Text       Type = "text"
	Integer    Type = "integer"
	Decimal    Type = "decimal"
	Date       Type = "date"     // YYYY-MM-DD
	DateTime   Type = "datetime" // RFC 3339 in WIB: 2024-02-14T10:00:00+07:00
	RegionCode Type = "region_code"
	URL        Type = "url"
	List       Type = "list"
)

// Label is the type as the data dictionary names it.
func (t Type) Label() string {
	switch t {
	case Integer:
		return "bilangan bulat"
	case Decimal:
		return "bilangan desimal"
	case Date:
		return "tanggal (TTTT-BB-HH)"
	case DateTime:
		return "waktu (RFC 3339, WIB)"
	case RegionCode:
		return "kode wilayah Kemendagri"
	case URL:
		return "URL"
	case List:
		return "daftar (dipisah ;)"
	}
	return "teks"
}

// Column is one entry of a data dictionary.
type Column struct {
	Name        string
	Type        Type
	Description string
	Example     string
}

// Filter is a query parameter a dataset's JSON API and CSV accept.
type Filter struct {
	Name        string
	Description string
	Example     string
}

// Version is one publication of an imported dataset, with the schema it
// was checked against and that schema as its data dictionary.
type Version struct {
	Number      int
	Schema      Schema
	Columns     []Column
	Rows        int
	FileName    string
	SHA256      string
	Note        string
	PublishedAt time.Time
}

// Source streams a dataset's rows. Rows come in a fixed order, one keyset
// page at a time, so that the CSV download and the JSON API read the same
// rows in the same order and neither ever holds the whole dataset.
type Source interface {
	// Rows returns at most q.Limit rows after q.Cursor, and the cursor of
	// the next page, "" after the last. Filter values it cannot use are an
	// EInvalid error with a message for the data user.
	Rows(ctx context.Context, q Query) (rows []Row, next string, err error)
	// Modified is when the data last changed, zero when unknown.
	Modified(ctx context.Context) (time.Time, error)
}

// Query asks a Source for one page of rows.
type Query struct {
	Filter  map[string]string // by Filter.Name; only declared filters, never empty values
	Cursor  string            // "" for the first page
	Limit   int
	Version int // imported datasets: 0 for the latest
}

// Row is one record, a value per column: string, int64, Number, []string
// (a List), time.Time (a DateTime), or nil for a missing value.
type Row []any

// Number is a decimal kept as written, so that it is the same in the CSV
// and the JSON ("12.5").
type Number string

// cell is a value as the CSV writes it.
func cell(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	case int:
		return strconv.Itoa(v)
	case Number:
		return string(v)
	case []string:
		return strings.Join(v, ";")
	case time.Time:
		return formatTime(v)
	}
	panic("opendata: unsupported value type")
}

// jsonValue is a value as the JSON API writes it.
func jsonValue(v any) any {
	switch v := v.(type) {
	case Number:
		return json.Number(v)
	case []string:
		if v == nil {
			return []string{}
		}
		return v
	case time.Time:
		return formatTime(v)
	}
	return v
}

// formatTime is a datetime value: RFC 3339 in WIB.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(warta.Jakarta).Format(time.RFC3339)
}

// formatDate is a date value: a WIB calendar day.
func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(warta.Jakarta).Format("2006-01-02")
}
