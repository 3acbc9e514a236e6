package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"reflect"
	"slices"
	"strings"
)

// maxBody is the largest request body accepted. An article's Markdown is a
// few tens of kilobytes; images go to the media library, not here.
const maxBody = 1 << 20

// readOnly are fields of an article response that a request cannot set,
// each with where the change is made instead, so that a client echoing an
// article back learns what to do.
var readOnly = map[string]string{
	"id":           "ID artikel diberikan oleh Warta.",
	"url":          "Alamat publik mengikuti slug dan tanggal terbit pertama.",
	"body_html":    "body_html dibuat dari body (Markdown); ubah body.",
	"status":       "Status berubah lewat POST /api/v1/articles/{id}/submit, return, approve, schedule, publish atau unpublish.",
	"status_label": "Status berubah lewat POST /api/v1/articles/{id}/submit, return, approve, schedule, publish atau unpublish.",
	"scheduled_at": `Jadwalkan lewat POST /api/v1/articles/{id}/schedule dengan {"at": "2026-12-01T10:00"}.`,
	"published_at": "Waktu terbit diisi oleh Warta saat artikel pertama kali diterbitkan.",
	"created_at":   "Waktu dibuat diisi oleh Warta.",
	"updated_at":   "Waktu diperbarui diisi oleh Warta.",
	"author_id":    "Penulis adalah akun yang membuat artikel.",
	"author_name":  "Penulis adalah akun yang membuat artikel.",
	"lead_image":   `Pilih foto utama dengan isian "lead_image_id".`,
	"corrections":  `Tambahkan catatan koreksi dengan isian "correction" pada PATCH artikel yang sudah terbit.`,
	"actions":      "Daftar tindakan dihitung dari peran Anda dan status artikel.",
}

// decodeJSON reads the request body, a JSON object, into dst: a pointer to
// a struct whose fields are pointers tagged with their JSON names. A field
// present in the body gets a non-nil pointer (to the zero value for null),
// so a PATCH can tell "not sent" from "cleared". Each field is decoded on
// its own, so that a wrong type, an unknown or read-only field is reported
// with its name; all such fields are reported together. An empty body is
// accepted unless required.
func decodeJSON(w http.ResponseWriter, r *http.Request, dst any, required bool) error {
	return decodeJSONLimit(w, r, dst, required, maxBody)
}

// decodeJSONLimit is decodeJSON for a body of at most limit bytes.
func decodeJSONLimit(w http.ResponseWriter, r *http.Request, dst any, required bool, limit int64) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return invalid("", "Badan permintaan tidak terbaca sampai selesai. Kirim ulang permintaannya.")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		if required {
			return invalid("", `Badan permintaan kosong. Kirim objek JSON, mis. {"title": "Judul berita"}.`)
		}
		return nil
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" && !strings.HasSuffix(mt, "+json") {
		return &httpError{kindMediaType, "Kirim badan permintaan sebagai JSON dengan header Content-Type: application/json."}
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(body, &obj); err != nil {
		return syntaxError(body, err)
	}
	if obj == nil {
		return invalid("", `Badan permintaan harus berupa objek JSON, mis. {"title": "Judul berita"}.`)
	}
	fields := jsonFields(reflect.ValueOf(dst).Elem())
	var errs []FieldError
	for _, name := range slices.Sorted(maps.Keys(obj)) {
		f, ok := fields[name]
		if !ok {
			errs = append(errs, FieldError{Field: name, Detail: unknownField(name, fields)})
			continue
		}
		v := reflect.New(f.Type().Elem())
		if err := json.Unmarshal(obj[name], v.Interface()); err != nil {
			errs = append(errs, FieldError{Field: name, Detail: typeMessage(name, f.Type().Elem())})
			continue
		}
		f.Set(v)
	}
	if len(errs) > 0 {
		return &inputError{fields: errs}
	}
	return nil
}

// syntaxError describes malformed JSON by line and column.
func syntaxError(body []byte, err error) error {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return invalid("", `Badan permintaan harus berupa objek JSON, mis. {"title": "Judul berita"}.`)
	}
	if strings.Contains(se.Error(), "end of JSON input") {
		return invalid("", "JSON tidak lengkap: badan permintaan berakhir sebelum objeknya ditutup. Periksa tanda kutip dan kurung kurawal.")
	}
	// Offset counts the bytes read up to and including the bad one.
	off := max(1, min(int(se.Offset), len(body)))
	line := 1 + bytes.Count(body[:off-1], []byte("\n"))
	col := off - 1 - bytes.LastIndexByte(body[:off-1], '\n')
	return invalid("", "JSON tidak valid pada baris %d kolom %d. Periksa tanda kutip, koma dan kurung di sekitarnya.", line, col)
}

// jsonFields maps the JSON names of a struct's fields, including those of
// embedded structs, to the fields.
func jsonFields(v reflect.Value) map[string]reflect.Value {
	out := map[string]reflect.Value{}
	t := v.Type()
	for i := range t.NumField() {
		sf := t.Field(i)
		if sf.Anonymous && sf.Type.Kind() == reflect.Struct {
			maps.Copy(out, jsonFields(v.Field(i)))
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out[name] = v.Field(i)
		}
	}
	return out
}

// fieldNames lists the JSON fields a request struct accepts, sorted.
func fieldNames(dst any) []string {
	return slices.Sorted(maps.Keys(jsonFields(reflect.ValueOf(dst).Elem())))
}

func unknownField(name string, fields map[string]reflect.Value) string {
	if why, ok := readOnly[name]; ok {
		return fmt.Sprintf("Isian %q tidak dapat diubah lewat permintaan ini. %s", name, why)
	}
	if len(fields) == 0 {
		return fmt.Sprintf("Isian %q tidak dikenal; permintaan ini tidak memerlukan isian.", name)
	}
	return fmt.Sprintf("Isian %q tidak dikenal. Isian yang diterima: %s.", name,
		strings.Join(slices.Sorted(maps.Keys(fields)), ", "))
}

func typeMessage(name string, t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return fmt.Sprintf("Isian %q harus berupa teks.", name)
	case reflect.Bool:
		return fmt.Sprintf("Isian %q harus bernilai true atau false.", name)
	case reflect.Int, reflect.Int64:
		return fmt.Sprintf("Isian %q harus berupa bilangan bulat.", name)
	case reflect.Slice:
		return fmt.Sprintf(`Isian %q harus berupa daftar teks, mis. ["satu", "dua"].`, name)
	}
	return fmt.Sprintf("Isian %q berisi nilai dengan jenis yang salah.", name)
}
