package contest

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// FormatWIB writes a moment as people in Jawa Timur read it:
// "1 Juli 2024 pukul 10.00 WIB".
func FormatWIB(t time.Time) string {
	t = t.In(warta.Jakarta)
	s := fmt.Sprintf("%d %s %d pukul %02d.%02d", t.Day(), warta.MonthName(t.Month()), t.Year(), t.Hour(), t.Minute())
	if t.Second() != 0 {
		s += fmt.Sprintf(".%02d", t.Second())
	}
	return s + " WIB"
}

// ParseWIB reads a time typed by staff in WIB, to the minute ("2024-08-01
// 00:00", or the value of an HTML datetime-local input), for the timeline
// field named field. An empty string is the zero time.
func ParseWIB(field, s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, warta.Jakarta); err == nil {
			return t, nil
		}
	}
	return time.Time{}, invalid(field, "Waktu tidak valid. Tulis seperti 2024-08-01 00:00 (WIB).")
}

// formatBytes writes a size in MB or KB with a decimal comma: "1,5 MB".
func formatBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return decimal(float64(n)/(1<<20)) + " MB"
	case n >= 1<<10:
		return decimal(float64(n)/(1<<10)) + " KB"
	}
	return strconv.FormatInt(n, 10) + " byte"
}

// decimal writes v with at most one decimal, Indonesian style: "2,5", "10".
func decimal(v float64) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	return strings.Replace(s, ".", ",", 1)
}

// joinAnd lists names the Indonesian way: "A", "A dan B", "A, B dan C".
func joinAnd(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " dan " + names[len(names)-1]
}
