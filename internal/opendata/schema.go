package opendata

import (
	"fmt"
	"regexp"
	"strings"
)

// Schema declares the columns an imported dataset must have: their types,
// which must be filled, and which together identify a row (the key).
type Schema struct {
	ID      string         `json:"id"`
	Name    string         `json:"name"`
	Columns []SchemaColumn `json:"columns"`
}

// SchemaColumn is one declared column. Key columns are required.
type SchemaColumn struct {
	Name        string `json:"name"`
	Type        Type   `json:"type"` // Text, Integer, Decimal, Date or RegionCode
	Required    bool   `json:"required,omitempty"`
	Key         bool   `json:"key,omitempty"`
	NonNegative bool   `json:"non_negative,omitempty"`
	Description string `json:"description,omitempty"`
	Example     string `json:"example,omitempty"`
}

// TPSPerKecamatan is the polling stations and voters of each kecamatan, as
// KPU kabupaten/kota publish them.
var TPSPerKecamatan = Schema{
	ID:   "tps-kecamatan",
	Name: "TPS per kecamatan",
	Columns: []SchemaColumn{
		{Name: "kode_wilayah", Type: RegionCode, Required: true, Key: true,
			Description: "Kode wilayah Kemendagri kecamatan (atau kabupaten/kota).", Example: "35.78.01"},
		{Name: "kecamatan", Type: Text, Required: true, Description: "Nama kecamatan.", Example: "Karang Pilang"},
		{Name: "jumlah_tps", Type: Integer, Required: true, NonNegative: true,
			Description: "Jumlah tempat pemungutan suara.", Example: "180"},
		{Name: "jumlah_pemilih", Type: Integer, Required: true, NonNegative: true,
			Description: "Jumlah pemilih dalam daftar pemilih tetap (DPT).", Example: "55871"},
	},
}

// Schemas are the built-in schemas admins choose from; a custom one is
// declared in the import form (ParseSchema).
var Schemas = []Schema{TPSPerKecamatan}

// schemaByID returns a built-in schema.
func schemaByID(id string) (Schema, bool) {
	for _, s := range Schemas {
		if s.ID == id {
			return s, true
		}
	}
	return Schema{}, false
}

// Dictionary is the schema as a data dictionary.
func (sc Schema) Dictionary() []Column {
	out := make([]Column, len(sc.Columns))
	for i, c := range sc.Columns {
		desc := c.Description
		var notes []string
		if c.Key {
			notes = append(notes, "kunci unik")
		}
		if c.Required {
			notes = append(notes, "wajib diisi")
		}
		if c.NonNegative {
			notes = append(notes, "tidak negatif")
		}
		if len(notes) > 0 {
			desc = strings.TrimSpace(desc + " (" + strings.Join(notes, ", ") + ")")
		}
		out[i] = Column{Name: c.Name, Type: c.Type, Description: desc, Example: c.Example}
	}
	return out
}

// regionColumn is the index of the first region_code column, or -1.
func (sc Schema) regionColumn() int {
	for i, c := range sc.Columns {
		if c.Type == RegionCode {
			return i
		}
	}
	return -1
}

var columnName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

// typeNames are the words a custom schema may use for a type.
var typeNames = map[string]Type{
	"text": Text, "teks": Text,
	"integer": Integer, "bulat": Integer,
	"decimal": Decimal, "desimal": Decimal,
	"date": Date, "tanggal": Date,
	"region_code": RegionCode, "kode_wilayah": RegionCode,
}

// ParseSchema reads a custom schema, one column per line:
//
//	nama tipe [wajib] [kunci] [>=0] | keterangan
//
// for example "jumlah_tps integer wajib >=0 | Jumlah TPS". Types are text,
// integer, decimal, date and region_code. Errors name the line, in
// Indonesian.
func ParseSchema(name, text string) (Schema, error) {
	sc := Schema{ID: "kustom", Name: strings.TrimSpace(name)}
	if sc.Name == "" {
		sc.Name = "Skema kustom"
	}
	seen := map[string]bool{}
	for i, line := range strings.Split(text, "\n") {
		spec, desc, _ := strings.Cut(line, "|")
		f := strings.Fields(spec)
		if len(f) == 0 {
			continue
		}
		n := i + 1
		if len(f) < 2 {
			return sc, fmt.Errorf("Skema baris %d: tulis nama kolom lalu tipenya, misalnya \"jumlah_tps integer wajib\".", n)
		}
		c := SchemaColumn{Name: strings.ToLower(f[0]), Description: strings.TrimSpace(desc)}
		if !columnName.MatchString(c.Name) {
			return sc, fmt.Errorf("Skema baris %d: nama kolom %q hanya boleh huruf kecil, angka dan garis bawah, diawali huruf.", n, f[0])
		}
		if seen[c.Name] {
			return sc, fmt.Errorf("Skema baris %d: kolom %q sudah dideklarasikan.", n, c.Name)
		}
		seen[c.Name] = true
		t, ok := typeNames[strings.ToLower(f[1])]
		if !ok {
			return sc, fmt.Errorf("Skema baris %d: tipe %q tidak dikenal; pilih text, integer, decimal, date atau region_code.", n, f[1])
		}
		c.Type = t
		for _, flag := range f[2:] {
			switch strings.ToLower(flag) {
			case "wajib", "required":
				c.Required = true
			case "kunci", "key":
				c.Key, c.Required = true, true
			case ">=0", "nonnegatif":
				if t != Integer && t != Decimal {
					return sc, fmt.Errorf("Skema baris %d: %s hanya untuk kolom bilangan.", n, flag)
				}
				c.NonNegative = true
			default:
				return sc, fmt.Errorf("Skema baris %d: penanda %q tidak dikenal; gunakan wajib, kunci atau >=0.", n, flag)
			}
		}
		sc.Columns = append(sc.Columns, c)
	}
	if len(sc.Columns) == 0 {
		return sc, fmt.Errorf("Skema kustom belum berisi kolom.")
	}
	if len(sc.Columns) > 60 {
		return sc, fmt.Errorf("Skema paling banyak 60 kolom.")
	}
	return sc, nil
}
