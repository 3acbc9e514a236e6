package warta

import (
	"testing"
	"time"
)

func TestIndonesianDates(t *testing.T) {
	// 17:30 UTC on 13 February is already the 14th in WIB.
	at := time.Date(2024, 2, 13, 17, 30, 0, 0, time.UTC)
	if got := FormatDate(at); got != "14 Februari 2024" {
		t.Fatalf("FormatDate = %q", got)
	}
	if got := DayName(at.In(Jakarta).Weekday()); got != "Rabu" {
		t.Fatalf("DayName = %q", got)
	}
	if MonthName(time.December) != "Desember" || FormatDate(time.Time{}) != "" {
		t.Fatal("month name or zero time")
	}
}
