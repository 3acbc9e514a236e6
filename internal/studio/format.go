package studio

import (
	"fmt"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// formatDateTime is a time as staff read it: "14 Februari 2024, 10.00 WIB".
func formatDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(warta.Jakarta)
	return fmt.Sprintf("%d %s %d, %02d.%02d WIB", t.Day(), warta.MonthName(t.Month()), t.Year(), t.Hour(), t.Minute())
}

// formatShort is a compact time for lists: "14 Feb, 10.00", with the year
// when it is not this year's.
func formatShort(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(warta.Jakarta)
	s := fmt.Sprintf("%d %s", t.Day(), warta.MonthName(t.Month())[:3])
	if t.Year() != time.Now().In(warta.Jakarta).Year() {
		s += fmt.Sprintf(" %d", t.Year())
	}
	return s + fmt.Sprintf(", %02d.%02d", t.Hour(), t.Minute())
}

// localInput is a time as the value of an <input type=datetime-local> in
// WIB.
func localInput(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(warta.Jakarta).Format("2006-01-02T15:04")
}

// roleLabel is a role as staff say it.
func roleLabel(r warta.Role) string {
	switch r {
	case warta.RoleAdmin:
		return "Admin"
	case warta.RoleEditor:
		return "Redaktur"
	case warta.RoleContributor:
		return "Kontributor"
	case warta.RoleFactChecker:
		return "Pemeriksa fakta"
	case warta.RoleJudge:
		return "Juri"
	}
	return string(r)
}

// actionLabel is a workflow step as the history shows it: "mengajukan".
func actionLabel(a warta.Action) string {
	switch a {
	case warta.ActionCreate:
		return "membuat draf"
	case warta.ActionEdit:
		return "menyunting"
	case warta.ActionSubmit:
		return "mengajukan untuk ditinjau"
	case warta.ActionReturn:
		return "mengembalikan ke penulis"
	case warta.ActionApprove:
		return "menyetujui"
	case warta.ActionSchedule:
		return "menjadwalkan"
	case warta.ActionPublish:
		return "menerbitkan"
	case warta.ActionUnpublish:
		return "menarik dari portal"
	case warta.ActionCorrect:
		return "menambahkan koreksi"
	case warta.ActionHeadline:
		return "mengatur headline"
	}
	return string(a)
}

// thumbURL is the smallest stored variant of m at least want pixels wide,
// or the original.
func thumbURL(m *warta.Media, want int) string {
	if m == nil {
		return ""
	}
	best := 0
	for _, w := range m.Variants {
		if w >= want && (best == 0 || w < best) {
			best = w
		}
	}
	return media.URL(m.Key, best)
}

// tagList is the tags as the editor's comma-separated field shows them.
func tagList(tags []warta.Tag) string {
	names := make([]string, len(tags))
	for i, t := range tags {
		names[i] = t.Name
	}
	return strings.Join(names, ", ")
}
