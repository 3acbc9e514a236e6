// Package sharecard draws the 1080×1350 JPEG that stands for an article
// where a channel needs an image — Instagram above all — and serves it at
// /kartu/{id}.jpg: a brand bar, the title large and wrapped (shrunk until
// it fits), the source agency, the region and the date in WIB.
//
// The Go fonts are compiled into the binary, so drawing needs no files
// and no network.
package sharecard

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"io"
	"strings"
	"sync"
	"time"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Card size: Instagram's tallest feed ratio, 4:5.
const (
	Width  = 1080
	Height = 1350
)

// Quality is the JPEG quality.
const Quality = 85

// Card is what a share card shows.
type Card struct {
	Title  string
	Agency string // "KPU Provinsi Jawa Timur"
	Region string // "Kota Surabaya"
	Date   time.Time
	Brand  string // the site's name, in the bar at the top
	Label  string // optional verdict badge, e.g. "HOAKS"
}

var (
	navy   = color.RGBA{0x12, 0x26, 0x3a, 0xff}
	red    = color.RGBA{0xc6, 0x28, 0x28, 0xff}
	green  = color.RGBA{0x2e, 0x7d, 0x32, 0xff}
	amber  = color.RGBA{0xef, 0x6c, 0x00, 0xff}
	yellow = color.RGBA{0xf9, 0xa8, 0x25, 0xff}
	white  = color.RGBA{0xff, 0xff, 0xff, 0xff}
	grey   = color.RGBA{0xb0, 0xbe, 0xc5, 0xff}
)

// Layout, in pixels.
const (
	margin     = 72
	barHeight  = 140
	titleTop   = 220
	titleLimit = 1020 // the title block ends above this line
	minTitle   = 40
	maxTitle   = 104
)

var (
	fontsOnce     sync.Once
	regular, bold *opentype.Font
	fontsErr      error
)

func fonts() (*opentype.Font, *opentype.Font, error) {
	fontsOnce.Do(func() {
		if regular, fontsErr = opentype.Parse(goregular.TTF); fontsErr != nil {
			return
		}
		bold, fontsErr = opentype.Parse(gobold.TTF)
	})
	return regular, bold, fontsErr
}

// Render draws c as a 1080×1350 JPEG onto w.
func Render(w io.Writer, c Card) error {
	img, err := paint(c)
	if err != nil {
		return err
	}
	if err := jpeg.Encode(w, img, &jpeg.Options{Quality: Quality}); err != nil {
		return fmt.Errorf("sharecard: encode: %w", err)
	}
	return nil
}

// faces makes faces per call: an opentype face is not safe for
// concurrent use.
type faces struct {
	made []font.Face
}

func (f *faces) face(ft *opentype.Font, size float64) font.Face {
	face, err := opentype.NewFace(ft, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		panic(err) // only for invalid options, which are constants here
	}
	f.made = append(f.made, face)
	return face
}

func (f *faces) close() {
	for _, face := range f.made {
		face.Close()
	}
}

func paint(c Card) (*image.RGBA, error) {
	reg, bld, err := fonts()
	if err != nil {
		return nil, fmt.Errorf("sharecard: fonts: %w", err)
	}
	fs := &faces{}
	defer fs.close()

	img := image.NewRGBA(image.Rect(0, 0, Width, Height))
	fill(img, img.Bounds(), navy)

	// Brand bar.
	fill(img, image.Rect(0, 0, Width, barHeight), red)
	brand := fs.face(bld, 48)
	text(img, brand, white, margin, barHeight/2+17, fitLine(brand, c.Brand, Width-2*margin))

	top := titleTop
	if label := strings.ToUpper(strings.TrimSpace(c.Label)); label != "" {
		f := fs.face(bld, 44)
		w := font.MeasureString(f, label).Ceil()
		fill(img, image.Rect(margin, 190, margin+w+48, 190+76), labelColor(label))
		text(img, f, white, margin+24, 190+54, label)
		top = 190 + 76 + 60
	}

	// Title: the largest size whose wrapped lines fit the block.
	title := strings.Join(strings.Fields(c.Title), " ")
	var lines []string
	var face font.Face
	var lineH int
	for size := maxTitle; size >= minTitle; size -= 4 {
		face = fs.face(bld, float64(size))
		lineH = size * 6 / 5
		lines = wrap(face, title, Width-2*margin)
		if top+len(lines)*lineH <= titleLimit {
			break
		}
	}
	if maxLines := (titleLimit - top) / lineH; len(lines) > maxLines {
		lines = lines[:maxLines]
		lines[maxLines-1] = fitLine(face, lines[maxLines-1]+" …", Width-2*margin)
	}
	for i, l := range lines {
		text(img, face, white, margin, top+(i+1)*lineH-lineH/5, l)
	}

	// Footer: source, region, date.
	fill(img, image.Rect(margin, 1060, margin+120, 1066), yellow)
	small := fs.face(reg, 36)
	strong := fs.face(bld, 38)
	dateFace := fs.face(reg, 32)
	y := 1130
	if c.Agency != "" {
		text(img, small, white, margin, y, fitLine(small, "Sumber resmi: "+c.Agency, Width-2*margin))
		y += 60
	}
	if c.Region != "" {
		text(img, strong, yellow, margin, y, fitLine(strong, c.Region, Width-2*margin))
		y += 60
	}
	if !c.Date.IsZero() {
		text(img, dateFace, grey, margin, y, FormatDate(c.Date))
	}
	fill(img, image.Rect(0, Height-16, Width, Height), red)
	return img, nil
}

func labelColor(label string) color.Color {
	switch label {
	case "HOAKS", "DISINFORMASI", "MISINFORMASI", "SALAH":
		return red
	case "FAKTA", "BENAR":
		return green
	}
	return amber
}

func fill(img *image.RGBA, r image.Rectangle, c color.Color) {
	draw.Draw(img, r, image.NewUniform(c), image.Point{}, draw.Src)
}

func text(img *image.RGBA, face font.Face, c color.Color, x, y int, s string) {
	d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: face, Dot: fixed.P(x, y)}
	d.DrawString(drawable(face, s))
}

// drawable drops what the font cannot draw (emoji), rather than show
// empty boxes.
func drawable(face font.Face, s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' {
			return r
		}
		if _, ok := face.GlyphAdvance(r); !ok {
			return -1
		}
		return r
	}, s)
}

// wrap breaks s into lines no wider than width, at spaces; a word wider
// than a line is broken inside.
func wrap(face font.Face, s string, width int) []string {
	s = drawable(face, s)
	max := fixed.I(width)
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		try := word
		if line != "" {
			try = line + " " + word
		}
		if font.MeasureString(face, try) <= max {
			line = try
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		line = ""
		for font.MeasureString(face, word) > max {
			n := fitRunes(face, word, max)
			lines = append(lines, word[:n])
			word = word[n:]
		}
		line = word
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// fitRunes returns how many bytes of s (whole runes, at least one) fit
// in max.
func fitRunes(face font.Face, s string, max fixed.Int26_6) int {
	n := 0
	for i, r := range s {
		if i > 0 && font.MeasureString(face, s[:i+len(string(r))]) > max {
			break
		}
		n = i + len(string(r))
	}
	return n
}

// fitLine shortens s with "…" until it fits width.
func fitLine(face font.Face, s string, width int) string {
	s = drawable(face, s)
	max := fixed.I(width)
	if font.MeasureString(face, s) <= max {
		return s
	}
	r := []rune(strings.TrimSuffix(s, " …"))
	for len(r) > 0 && font.MeasureString(face, strings.TrimRight(string(r), " ")+"…") > max {
		r = r[:len(r)-1]
	}
	return strings.TrimRight(string(r), " ") + "…"
}

// FormatDate writes t in WIB the Indonesian way: "Rabu, 14 Februari 2024,
// 10.00 WIB".
func FormatDate(t time.Time) string {
	t = t.In(warta.Jakarta)
	return fmt.Sprintf("%s, %d %s %d, %02d.%02d WIB", warta.DayName(t.Weekday()), t.Day(), warta.MonthName(t.Month()), t.Year(), t.Hour(), t.Minute())
}
