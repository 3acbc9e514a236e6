package portal

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// formatDate is a WIB calendar day: "14 Februari 2024".
func formatDate(t time.Time) string {
	return warta.FormatDate(t)
}

// formatDay is a WIB calendar day with its weekday: "Rabu, 14 Februari 2024".
func formatDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return warta.DayName(t.In(warta.Jakarta).Weekday()) + ", " + formatDate(t)
}

// formatDateTime is the way Indonesian news sites print a time, with a dot
// between hours and minutes: "Rabu, 14 Februari 2024 10.05 WIB".
func formatDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return formatDay(t) + " " + t.In(warta.Jakarta).Format("15.04") + " WIB"
}

// formatRange is a span of WIB days, "28 November 2023 – 10 Februari 2024",
// or one day when both ends are the same day.
func formatRange(start, end time.Time) string {
	a, b := formatDate(start), formatDate(end)
	if a == b {
		return a
	}
	return a + " – " + b
}

// formatNumber groups digits with dots, as Indonesian does: 1.234.567.
func formatNumber(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// formatCountdown says how long until a moment, coarsely, the way a reader
// would say it: "3 hari 4 jam", "5 jam 12 menit", "kurang dari 1 menit".
func formatCountdown(d time.Duration) string {
	if d < time.Minute {
		return "kurang dari 1 menit"
	}
	days := int(d / (24 * time.Hour))
	hours := int(d % (24 * time.Hour) / time.Hour)
	mins := int(d % time.Hour / time.Minute)
	switch {
	case days > 0 && hours > 0:
		return fmt.Sprintf("%s hari %d jam", formatNumber(days), hours)
	case days > 0:
		return fmt.Sprintf("%s hari", formatNumber(days))
	case hours > 0 && mins > 0:
		return fmt.Sprintf("%d jam %d menit", hours, mins)
	case hours > 0:
		return fmt.Sprintf("%d jam", hours)
	}
	return fmt.Sprintf("%d menit", mins)
}

// isoTime is the machine-readable time for <time datetime> and metadata.
func isoTime(t time.Time) string {
	return t.In(warta.Jakarta).Format(time.RFC3339)
}

// isoDate is a WIB day as YYYY-MM-DD, the format of the tanggal filter.
func isoDate(t time.Time) string {
	return t.In(warta.Jakarta).Format("2006-01-02")
}

// joinAnd joins names the Indonesian way: "A", "A dan B", "A, B dan C".
func joinAnd(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " dan " + names[len(names)-1]
}

// truncateRunes cuts s to at most n runes at a word boundary, with "…".
func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:–-") + "…"
}
