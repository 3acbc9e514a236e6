package portal

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Limits on what readers can ask for.
const (
	pageSize       = 20  // articles per list or search page
	maxQueryRunes  = 200 // longer search queries are cut
	maxSearchPages = 50  // deeper search pages are refused
)

// cleanQuery makes free text from a URL safe to search and show: broken
// UTF-8 and control characters removed, runs of space collapsed, cut to
// maxQueryRunes. cut reports that the text was shortened.
func cleanQuery(s string) (clean string, cut bool) {
	if len(s) > 8*maxQueryRunes {
		s, cut = s[:8*maxQueryRunes], true // bound the work; the rune cut below decides
	}
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > maxQueryRunes {
		s = strings.TrimSpace(string([]rune(s)[:maxQueryRunes]))
		cut = true
	}
	return s, cut
}

// filterForm is the index and search filter as the reader chose it, to fill
// the form again and to build links that keep it.
type filterForm struct {
	Tanggal string // YYYY-MM-DD, a WIB day
	Wilayah string // region slug
	Tahapan string // stage slug
	Sumber  string // agency slug
}

// values encodes the non-empty filters as URL parameters.
func (f filterForm) values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"tanggal": f.Tanggal, "wilayah": f.Wilayah, "tahapan": f.Tahapan, "sumber": f.Sumber} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}

// Active reports whether any filter is set.
func (f filterForm) Active() bool { return f != filterForm{} }

// invalid is an EInvalid error about one parameter.
func invalid(field, message string) error {
	return &warta.Error{Code: warta.EInvalid, Message: message, Field: field}
}

// parseFilter reads and checks the tanggal, wilayah, tahapan and sumber
// parameters. Unknown slugs and malformed dates are the reader's mistake
// (400), with a message that says how to fix it.
func (p *Portal) parseFilter(ctx context.Context, v url.Values) (filterForm, warta.ArticleFilter, error) {
	var form filterForm
	var f warta.ArticleFilter
	if s := strings.TrimSpace(v.Get("tanggal")); s != "" {
		day, err := parseDay(s)
		if err != nil {
			return form, f, err
		}
		form.Tanggal = s
		f.From, f.To = day, day.AddDate(0, 0, 1)
	}
	check := func(field, value, what string, exists func(context.Context, string) error) (string, error) {
		value = strings.TrimSpace(value)
		if value == "" {
			return "", nil
		}
		if !warta.ValidSlug(value) {
			return "", invalid(field, what+" yang dipilih tidak dikenal. Pilih dari daftar yang tersedia.")
		}
		if err := exists(ctx, value); err != nil {
			if warta.ErrorCode(err) == warta.ENotFound {
				return "", invalid(field, what+" yang dipilih tidak dikenal. Pilih dari daftar yang tersedia.")
			}
			return "", err
		}
		return value, nil
	}
	var err error
	if form.Wilayah, err = check("wilayah", v.Get("wilayah"), "Wilayah", func(ctx context.Context, s string) error {
		_, err := p.db.RegionBySlug(ctx, s)
		return err
	}); err != nil {
		return form, f, err
	}
	if form.Tahapan, err = check("tahapan", v.Get("tahapan"), "Tahapan", func(ctx context.Context, s string) error {
		_, err := p.db.StageBySlug(ctx, s)
		return err
	}); err != nil {
		return form, f, err
	}
	if form.Sumber, err = check("sumber", v.Get("sumber"), "Sumber", func(ctx context.Context, s string) error {
		_, err := p.db.AgencyBySlug(ctx, s)
		return err
	}); err != nil {
		return form, f, err
	}
	f.Region, f.Stage, f.Agency = form.Wilayah, form.Tahapan, form.Sumber
	return form, f, nil
}

// parseDay reads a WIB calendar day written YYYY-MM-DD.
func parseDay(s string) (time.Time, error) {
	bad := invalid("tanggal", "Tanggal tidak valid. Tulis dengan format TTTT-BB-HH, misalnya 2024-02-14.")
	if len(s) != len("2006-01-02") {
		return time.Time{}, bad
	}
	day, err := time.ParseInLocation("2006-01-02", s, warta.Jakarta)
	if err != nil || day.Year() < 2000 || day.Year() > 2999 {
		return time.Time{}, bad
	}
	return day, nil
}

// parseCursor reads the keyset position of a list page, nil for the first.
func parseCursor(v url.Values) (*warta.Cursor, error) {
	s := v.Get("sebelum")
	if s == "" {
		return nil, nil
	}
	return warta.ParseCursor(s)
}

// parsePage reads a search page number, 1 when absent.
func parsePage(v url.Values) (int, error) {
	s := strings.TrimSpace(v.Get("hal"))
	if s == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || len(s) > 6 {
		return 0, invalid("hal", "Nomor halaman harus berupa angka mulai dari 1.")
	}
	if n > maxSearchPages {
		return 0, invalid("hal", "Hasil pencarian hanya ditampilkan sampai halaman "+strconv.Itoa(maxSearchPages)+". Persempit pencarian dengan kata kunci atau filter yang lebih spesifik.")
	}
	return n, nil
}

// withQuery appends encoded parameters to a path.
func withQuery(path string, v url.Values) string {
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}
