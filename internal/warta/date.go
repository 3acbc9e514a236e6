package warta

import (
	"fmt"
	"time"
)

// Indonesian names, Sunday first as time.Weekday counts.
var (
	dayNames   = [...]string{"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"}
	monthNames = [...]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
		"Agustus", "September", "Oktober", "November", "Desember"}
)

// MonthName is the Indonesian name of m: "Februari".
func MonthName(m time.Month) string { return monthNames[m-1] }

// DayName is the Indonesian name of d: "Rabu".
func DayName(d time.Weekday) string { return dayNames[d] }

// FormatDate is t's calendar day in WIB: "14 Februari 2024"; "" for the
// zero time.
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(Jakarta)
	return fmt.Sprintf("%d %s %d", t.Day(), MonthName(t.Month()), t.Year())
}
