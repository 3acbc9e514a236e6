package opendata

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Limits of an import.
const (
	maxImportRows  = 200_000
	maxCellRunes   = 1000
	maxErrorsShown = 200
	previewRows    = 20
)

// ImportError is one problem in an uploaded file. Line is the row as a
// spreadsheet numbers it (the header is row 1); 0 for the whole file.
type ImportError struct {
	Line    int
	Column  string
	Message string
}

// String is the error as the admin reads it:
// Baris 14, kolom jumlah_tps: "dua belas" bukan bilangan bulat.
func (e ImportError) String() string {
	switch {
	case e.Line > 0 && e.Column != "":
		return fmt.Sprintf("Baris %d, kolom %s: %s", e.Line, e.Column, e.Message)
	case e.Line > 0:
		return fmt.Sprintf("Baris %d: %s", e.Line, e.Message)
	}
	return e.Message
}

// PreviewRow is one of the first rows of a file as read, cells in schema
// order, with the columns at fault.
type PreviewRow struct {
	Line  int
	Cells []string
	Bad   []bool
}

// Checked is an uploaded file read against a schema.
type Checked struct {
	Schema     Schema
	Rows       [][]string // normalised cells in schema order, when there are no errors
	RowCount   int        // data rows read
	Preview    []PreviewRow
	Errors     []ImportError // the first maxErrorsShown
	ErrorCount int
	Delimiter  string // "," or ";"
	SHA256     string
}

// OK reports whether the file may be published.
func (c *Checked) OK() bool { return c.ErrorCount == 0 }

func (c *Checked) fail(line int, column, format string, args ...any) {
	c.ErrorCount++
	if len(c.Errors) < maxErrorsShown {
		c.Errors = append(c.Errors, ImportError{line, column, fmt.Sprintf(format, args...)})
	}
}

// regionCodes answers whether a region code exists: a known code, or a
// code under a known kabupaten/kota (a kecamatan "35.78.01", a desa
// "35.78.01.1001").
type regionCodes struct {
	exact map[string]bool
	kabko map[string]bool
}

func newRegionCodes(regions []warta.Region) regionCodes {
	rc := regionCodes{exact: map[string]bool{}, kabko: map[string]bool{}}
	for _, r := range regions {
		rc.exact[r.Code] = true
		if r.Kind == warta.RegionKabupaten || r.Kind == warta.RegionKota {
			rc.kabko[r.Code] = true
		}
	}
	return rc
}

var subCode = regexp.MustCompile(`^\d{1,4}(\.\d{1,4}){0,2}$`)

func (rc regionCodes) known(code string) bool {
	if rc.exact[code] {
		return true
	}
	// Kabupaten/kota codes are two groups: "35.78".
	parts := strings.SplitN(code, ".", 3)
	return len(parts) == 3 && rc.kabko[parts[0]+"."+parts[1]] && subCode.MatchString(parts[2])
}

// Check reads an uploaded CSV file against the schema: UTF-8 (a BOM is
// dropped), comma or semicolon separated (decided from the header), a
// header naming exactly the schema's columns in any order, and every row's
// values by type, with region codes that exist and no repeated key.
func Check(content []byte, sc Schema, regions []warta.Region) *Checked {
	sum := sha256.Sum256(content)
	c := &Checked{Schema: sc, SHA256: hex.EncodeToString(sum[:]), Delimiter: ","}
	if !utf8.Valid(content) {
		line := 1 + bytes.Count(content[:invalidUTF8At(content)], []byte("\n"))
		c.fail(line, "", "berkas bukan teks UTF-8. Di spreadsheet, simpan ulang sebagai \"CSV UTF-8\".")
		return c
	}
	content = bytes.TrimPrefix(content, []byte("\xef\xbb\xbf"))
	if detectDelimiter(content) == ';' {
		c.Delimiter = ";"
	}
	r := csv.NewReader(bytes.NewReader(content))
	r.Comma = rune(c.Delimiter[0])
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		c.fail(0, "", "Berkas kosong: tidak ada baris judul.")
		return c
	} else if err != nil {
		c.fail(parseErrorLine(err), "", "%s", csvMessage(err))
		return c
	}
	pos, ok := c.checkHeader(header)
	if !ok {
		return c
	}
	codes := newRegionCodes(regions)
	keys := map[string]int{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			c.fail(parseErrorLine(err), "", "%s", csvMessage(err))
			break
		}
		line, _ := r.FieldPos(0)
		if blank(rec) {
			continue
		}
		c.RowCount++
		if c.RowCount > maxImportRows {
			c.fail(line, "", "berkas berisi lebih dari %s baris data; bagi menjadi beberapa dataset.", formatCount(maxImportRows))
			break
		}
		c.checkRow(line, rec, pos, len(header), codes, keys)
	}
	if c.RowCount == 0 && c.ErrorCount == 0 {
		c.fail(0, "", "Berkas tidak berisi baris data di bawah baris judul.")
	}
	if c.ErrorCount > 0 {
		c.Rows = nil
	}
	return c
}

// checkHeader maps each schema column to its position in the file.
func (c *Checked) checkHeader(header []string) ([]int, bool) {
	at := map[string]int{}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		switch {
		case name == "":
			c.fail(1, "", "kolom ke-%d tidak bernama.", i+1)
		case at[name] > 0:
			c.fail(1, "", "kolom %q muncul dua kali.", name)
		default:
			at[name] = i + 1
		}
	}
	known := map[string]bool{}
	pos := make([]int, len(c.Schema.Columns))
	missing := false
	for j, col := range c.Schema.Columns {
		known[col.Name] = true
		if at[col.Name] == 0 {
			c.fail(1, "", "kolom %q tidak ada. Baris judul harus memuat: %s.", col.Name, c.columnList())
			missing = true
		}
		pos[j] = at[col.Name] - 1
	}
	for i, h := range header {
		if name := strings.ToLower(strings.TrimSpace(h)); name != "" && !known[name] && at[name] == i+1 {
			c.fail(1, "", "kolom %q tidak ada dalam skema %q. Hapus kolom itu atau pilih skema lain.", name, c.Schema.Name)
		}
	}
	return pos, !missing
}

func (c *Checked) columnList() string {
	names := make([]string, len(c.Schema.Columns))
	for i, col := range c.Schema.Columns {
		names[i] = col.Name
	}
	return strings.Join(names, ", ")
}

// checkRow validates one data row and keeps its normalised cells.
func (c *Checked) checkRow(line int, rec []string, pos []int, width int, codes regionCodes, keys map[string]int) {
	var pv *PreviewRow
	if len(c.Preview) < previewRows {
		c.Preview = append(c.Preview, PreviewRow{Line: line, Cells: make([]string, len(pos)), Bad: make([]bool, len(pos))})
		pv = &c.Preview[len(c.Preview)-1]
	}
	if len(rec) != width {
		c.fail(line, "", "berisi %d kolom, seharusnya %d seperti baris judul.", len(rec), width)
		if pv != nil {
			for j, p := range pos {
				if p < len(rec) {
					pv.Cells[j] = rec[p]
				}
			}
			for j := range pv.Bad {
				pv.Bad[j] = true
			}
		}
		return
	}
	row := make([]string, len(pos))
	good := true
	var key strings.Builder
	for j, p := range pos {
		col := c.Schema.Columns[j]
		raw := strings.TrimSpace(rec[p])
		if pv != nil {
			pv.Cells[j] = raw
		}
		v, msg := normalise(col, raw, codes)
		if msg != "" {
			c.fail(line, col.Name, "%s", msg)
			good = false
			if pv != nil {
				pv.Bad[j] = true
			}
			continue
		}
		row[j] = v
		if col.Key {
			key.WriteString(v)
			key.WriteByte(0)
		}
	}
	if !good {
		return
	}
	if key.Len() > 0 {
		if first, dup := keys[key.String()]; dup {
			c.fail(line, "", "%s sudah dipakai di baris %d.", c.describeKey(row), first)
			if pv != nil {
				for j, col := range c.Schema.Columns {
					pv.Bad[j] = pv.Bad[j] || col.Key
				}
			}
			return
		}
		keys[key.String()] = line
	}
	if c.ErrorCount == 0 {
		c.Rows = append(c.Rows, row)
	}
}

// describeKey names a row's key: kode_wilayah "35.78.01".
func (c *Checked) describeKey(row []string) string {
	var parts []string
	for j, col := range c.Schema.Columns {
		if col.Key {
			parts = append(parts, fmt.Sprintf("%s %s", col.Name, quote(row[j])))
		}
	}
	return strings.Join(parts, ", ")
}

var (
	plainInt   = regexp.MustCompile(`^-?\d+$`)
	groupedInt = regexp.MustCompile(`^-?\d{1,3}(\.\d{3})+$`)
	decimalNum = regexp.MustCompile(`^-?\d+(\.\d+)?$`)
	slashDate  = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})$`)
)

// normalise checks one value against its column and returns it in the
// form stored and published, or the problem in Indonesian.
func normalise(col SchemaColumn, raw string, codes regionCodes) (string, string) {
	if raw == "" {
		if col.Required {
			return "", "wajib diisi."
		}
		return "", ""
	}
	if utf8.RuneCountInString(raw) > maxCellRunes {
		return "", fmt.Sprintf("isinya lebih dari %d karakter.", maxCellRunes)
	}
	switch col.Type {
	case Integer:
		s := raw
		if groupedInt.MatchString(s) {
			s = strings.ReplaceAll(s, ".", "") // 55.871: Indonesian thousands
		}
		if !plainInt.MatchString(s) {
			return "", quote(raw) + " bukan bilangan bulat."
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return "", quote(raw) + " terlalu besar."
		}
		if col.NonNegative && n < 0 {
			return "", quote(raw) + " tidak boleh negatif."
		}
		return strconv.FormatInt(n, 10), ""
	case Decimal:
		s := raw
		if strings.Contains(s, ",") { // 1.234,5: Indonesian decimal comma
			s = strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", ".")
		}
		if !decimalNum.MatchString(s) {
			return "", quote(raw) + " bukan bilangan desimal."
		}
		if col.NonNegative && strings.HasPrefix(s, "-") {
			return "", quote(raw) + " tidak boleh negatif."
		}
		return s, ""
	case Date:
		s := raw
		if m := slashDate.FindStringSubmatch(s); m != nil {
			d, _ := strconv.Atoi(m[1])
			mo, _ := strconv.Atoi(m[2])
			s = fmt.Sprintf("%s-%02d-%02d", m[3], mo, d)
		}
		if _, err := time.Parse("2006-01-02", s); err != nil {
			return "", quote(raw) + " bukan tanggal; tulis TTTT-BB-HH (2024-02-14) atau HH/BB/TTTT (14/02/2024)."
		}
		return s, ""
	case RegionCode:
		if !codes.known(raw) {
			return "", quote(raw) + " bukan kode wilayah Kemendagri di Jawa Timur yang dikenal (contoh: 35.78 atau 35.78.01)."
		}
		return raw, ""
	}
	return raw, ""
}

// quote shows a value in a message, shortened when long.
func quote(s string) string {
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return `"` + s + `"`
}

// detectDelimiter picks ";" or "," by which occurs more often, outside
// quotes, in the header line. Spreadsheets in Indonesian locales write ";".
func detectDelimiter(b []byte) byte {
	inQuote := false
	commas, semis := 0, 0
	for _, ch := range b {
		switch {
		case ch == '"':
			inQuote = !inQuote
		case inQuote:
		case ch == '\n':
			if semis > commas {
				return ';'
			}
			return ','
		case ch == ',':
			commas++
		case ch == ';':
			semis++
		}
	}
	if semis > commas {
		return ';'
	}
	return ','
}

func blank(rec []string) bool {
	for _, s := range rec {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

func parseErrorLine(err error) int {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.StartLine
	}
	return 0
}

// csvMessage explains a CSV syntax error.
func csvMessage(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(pe.Err, csv.ErrQuote), errors.Is(pe.Err, csv.ErrBareQuote):
			return "tanda kutip (\") tidak seimbang atau salah tempat; sel yang memuat koma, titik koma atau tanda kutip harus diapit tanda kutip."
		}
	}
	return "baris ini tidak dapat dibaca sebagai CSV."
}

// formatCount groups digits the Indonesian way: 200.000.
func formatCount(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return b.String()
}
