package opendata

import (
	"fmt"
	"html/template"
	"math"
	"strings"
	"unicode/utf8"
)

// Charts are SVG drawn on the server: no script, readable at any width
// (viewBox), in the site's colours. Each mark (bar, point) carries its label
// and value as data-label and data-value, the very strings of the table
// beside it, and a <title> for a pointer's tooltip; the chart as a whole is
// an image labelled by its title and description, since the table is the
// accessible form of the numbers.

const (
	chartWidth = 640
	inkColour  = "#1b1b1b"
	mutedInk   = "#4f5660"
	barColour  = "#0b3a6e"
	gridColour = "#d5dbe3"
)

func esc(s string) string { return template.HTMLEscapeString(s) }

// svgOpen starts a chart of the given height with its title and
// description.
func svgOpen(b *strings.Builder, id string, height int, title, desc string) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s-judul %s-ket" font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="14" fill="%s">`,
		chartWidth, height, esc(id), esc(id), inkColour)
	fmt.Fprintf(b, `<title id="%s-judul">%s</title><desc id="%s-ket">%s Angka lengkapnya ada di tabel.</desc>`, esc(id), esc(title), esc(id), esc(desc))
}

// barChart draws horizontal bars, each with its label above and its value
// at its end, so that long labels (stage names) never collide.
func barChart(id, title, desc string, labels, values []string, nums []float64) template.HTML {
	const rowH, top, left, valueRoom = 46, 6, 4, 90
	height := top + rowH*len(nums) + 6
	maxV := 0.0
	for _, v := range nums {
		maxV = math.Max(maxV, v)
	}
	var b strings.Builder
	svgOpen(&b, id, height, title, desc)
	span := float64(chartWidth - left - valueRoom)
	for i, v := range nums {
		y := top + i*rowH
		w := 0.0
		if maxV > 0 {
			w = math.Max(span*v/maxV, 2)
		}
		fmt.Fprintf(&b, `<g><title>%s: %s</title>`, esc(labels[i]), esc(values[i]))
		fmt.Fprintf(&b, `<text x="%d" y="%d">%s</text>`, left, y+15, esc(shorten(labels[i], 80)))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="16" fill="%s" data-label="%s" data-value="%s"/>`,
			left, y+21, w, barColour, esc(labels[i]), esc(values[i]))
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-weight="700">%s</text>`, float64(left)+w+6, y+34, esc(values[i]))
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// lineChart draws a series over time with a value axis of round steps and
// every few labels under it.
func lineChart(id, title, desc string, labels, values []string, nums []float64) template.HTML {
	const height, left, right, top, bottom = 280, 64, 20, 16, 40
	plotW, plotH := float64(chartWidth-left-right), float64(height-top-bottom)
	maxV := 0.0
	for _, v := range nums {
		maxV = math.Max(maxV, v)
	}
	step := niceStep(maxV / 4)
	topV := step * 4
	var b strings.Builder
	svgOpen(&b, id, height, title, desc)
	for i := 0; i <= 4; i++ {
		y := float64(top) + plotH - plotH*float64(i)/4
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="%s"/>`, left, y, chartWidth-right, y, gridColour)
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end" font-size="12" fill="%s">%s</text>`,
			left-8, y+4, mutedInk, esc(formatValue(step*float64(i))))
	}
	x := func(i int) float64 {
		if len(nums) == 1 {
			return float64(left) + plotW/2
		}
		return float64(left) + plotW*float64(i)/float64(len(nums)-1)
	}
	y := func(v float64) float64 { return float64(top) + plotH - plotH*v/topV }
	every := 1
	if len(nums) > 1 {
		spacing := plotW / float64(len(nums)-1)
		every = int(math.Ceil(128 / spacing)) // a label is up to ~90 px wide
	}
	for i := range nums {
		if i%every != 0 && i != len(nums)-1 || i != len(nums)-1 && len(nums)-1-i < every {
			continue // every few, and the last, without crowding it
		}
		anchor := "middle"
		switch {
		case len(nums) == 1:
		case i == 0:
			anchor = "start"
		case i == len(nums)-1:
			anchor = "end"
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="%s" font-size="12" fill="%s">%s</text>`,
			x(i), height-bottom+20, anchor, mutedInk, esc(shorten(labels[i], 16)))
	}
	if len(nums) > 1 {
		pts := make([]string, len(nums))
		for i, v := range nums {
			pts[i] = fmt.Sprintf("%.1f,%.1f", x(i), y(v))
		}
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2.5"/>`, strings.Join(pts, " "), barColour)
	}
	for i, v := range nums {
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" fill="%s" data-label="%s" data-value="%s"><title>%s: %s</title></circle>`,
			x(i), y(v), barColour, esc(labels[i]), esc(values[i]), esc(labels[i]), esc(values[i]))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// niceStep rounds a raw axis step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= raw {
			return math.Max(m*p, 1)
		}
	}
	return 10 * p
}

// shorten cuts a label to n runes with an ellipsis.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
