package opendata

import (
	"context"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Filters shared by the clinic's and the contests' datasets.

// dayRange reads the dari and sampai filters, WIB calendar days, as the
// start of the first day and the start of the day after the last; zero
// when absent.
func dayRange(f map[string]string) (from, to time.Time, err error) {
	for _, p := range []struct {
		name string
		dst  *time.Time
		add  int
	}{{"dari", &from, 0}, {"sampai", &to, 1}} {
		if v := f[p.name]; v != "" {
			day, perr := time.ParseInLocation("2006-01-02", v, warta.Jakarta)
			if perr != nil {
				return from, to, invalid(p.name, "Parameter %s harus tanggal TTTT-BB-HH, misalnya 2024-02-14.", p.name)
			}
			*p.dst = day.AddDate(0, 0, p.add)
		}
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		return from, to, invalid("sampai", "Tanggal sampai tidak boleh sebelum tanggal dari.")
	}
	return from, to, nil
}

// regionCode resolves the wilayah filter, a region's code or slug, to its
// code.
func (s *Service) regionCode(ctx context.Context, v string) (string, error) {
	regions, err := s.db.Regions(ctx)
	if err != nil {
		return "", err
	}
	for _, r := range regions {
		if r.Code == v || r.Slug == v {
			return r.Code, nil
		}
	}
	return "", invalid("wilayah", "Wilayah %q tidak dikenal. Gunakan kode atau slug dari dataset wilayah.", v)
}

// orNil is a text value, nil when empty: empty in the CSV, null in the
// JSON.
func orNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}
