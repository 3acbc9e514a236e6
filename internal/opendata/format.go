package opendata

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// humanDate is a WIB day in words: "14 Februari 2024".
func humanDate(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	t = t.In(warta.Jakarta)
	return fmt.Sprintf("%d %s %d", t.Day(), warta.MonthName(t.Month()), t.Year())
}

// humanTime is a WIB time in words: "14 Februari 2024 pukul 10.05 WIB".
func humanTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return humanDate(t) + " pukul " + t.In(warta.Jakarta).Format("15.04") + " WIB"
}

// monthLabel is a month in words: "Februari 2024".
func monthLabel(year int, month time.Month) string {
	return fmt.Sprintf("%s %d", warta.MonthName(time.Month(month)), year)
}

// formatValue prints a statistic the Indonesian way: 1.234 or 12,5.
func formatValue(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return formatCount64(int64(v))
	}
	s := strconv.FormatFloat(v, 'f', 1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	n, _ := strconv.ParseInt(whole, 10, 64)
	return formatCount64(n) + "," + frac
}

func formatCount64(n int64) string {
	if n < 0 {
		return "-" + formatCount64(-n)
	}
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// paragraphs splits a description on blank lines.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
