package opendata

import (
	"encoding/base64"
	"encoding/json"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Cursors are opaque to data users: the keyset values of a page's last row,
// as a JSON array in URL-safe base64. Each source decides what it puts in.

// encodeCursor packs the keyset values of a row.
func encodeCursor(parts ...string) string {
	b, _ := json.Marshal(parts)
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor unpacks a cursor of n values, or "" into nil.
func decodeCursor(s string, n int) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	bad := &warta.Error{Code: warta.EInvalid, Field: "cursor",
		Message: "Nilai cursor tidak valid. Mulai lagi dari halaman pertama (tanpa parameter cursor)."}
	if len(s) > 1024 {
		return nil, bad
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, bad
	}
	var parts []string
	if err := json.Unmarshal(b, &parts); err != nil || len(parts) != n {
		return nil, bad
	}
	return parts, nil
}

// invalid is an EInvalid error about one query parameter.
func invalid(field, format string, args ...any) error {
	e := warta.Errorf(warta.EInvalid, format, args...)
	e.Field = field
	return e
}
