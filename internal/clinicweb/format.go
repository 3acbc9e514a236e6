package clinicweb

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/warta"
)

var funcs = template.FuncMap{
	"wib":        formatWIB,
	"date":       formatDate,
	"iso":        func(t time.Time) string { return t.In(warta.Jakarta).Format(time.RFC3339) },
	"size":       formatSize,
	"aria":       ariaInvalid,
	"ferr":       fieldErr,
	"labelClass": labelClass,
	"status":     statusName,
}

// formatWIB writes a moment as Indonesians read it: "14 Februari 2024
// pukul 10.05 WIB".
func formatWIB(t time.Time) string {
	t = t.In(warta.Jakarta)
	return fmt.Sprintf("%d %s %d pukul %02d.%02d WIB", t.Day(), warta.MonthName(t.Month()), t.Year(), t.Hour(), t.Minute())
}

// formatDate writes a day: "14 Februari 2024".
func formatDate(t time.Time) string {
	return warta.FormatDate(t)
}

// formatSize writes a size limit as people read it: "5 MB", "1,5 MB".
func formatSize(n int64) string {
	switch {
	case n >= 1<<20:
		return decimal(float64(n)/(1<<20)) + " MB"
	case n >= 1<<10:
		return decimal(float64(n)/(1<<10)) + " KB"
	}
	return strconv.FormatInt(n, 10) + " byte"
}

// decimal writes v with at most one decimal, Indonesian style.
func decimal(v float64) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	return strings.Replace(s, ".", ",", 1)
}

// labelClass is the CSS class of a verdict label's badge; labels are always
// written out, the colour only helps.
func labelClass(label string) string {
	switch strings.ToUpper(label) {
	case "HOAKS", "DISINFORMASI":
		return "label label-salah"
	case "MISINFORMASI":
		return "label label-menyesatkan"
	case "FAKTA":
		return "label label-benar"
	}
	return "label"
}

// statusName is a ticket's state in words a reporter understands.
func statusName(v *clinic.TicketView) string {
	switch {
	case v.Verdict != nil && v.ReplyFailed:
		// The answer to the reporter's contact could not be sent; the
		// verdict is on this page all the same.
		return "Selesai: hasil pemeriksaan tersedia di halaman ini"
	case v.Verdict != nil:
		return "Selesai: sudah dijawab"
	case v.Status == clinic.StatusRejected:
		return "Ditutup tanpa putusan"
	case v.Status == clinic.StatusChecking:
		return "Sedang diperiksa"
	case v.Status == clinic.StatusDone:
		return "Selesai"
	}
	return "Diterima, menunggu pemeriksaan"
}
