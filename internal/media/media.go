// Package media is Warta's image library on disk. Uploads are checked by
// their content, re-encoded to JPEG (which drops EXIF, GPS and every other
// metadata block a phone writes) and stored with resized variants, so that
// readers on slow mobile data download only the width their screen needs.
//
// On disk the original lives at <dir>/<key> and each variant at
// <dir>/w<width>/<key>, which is exactly the public URL under /media/.
package media

import (
	"path/filepath"
	"strconv"
	"strings"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Limits on uploads. Larger files are refused before they are decoded, so a
// crafted image cannot make the server allocate gigabytes.
const (
	MaxBytes  = 15 << 20   // 15 MB of upload
	MaxPixels = 40_000_000 // 40 megapixels, width × height
)

// Quality is the JPEG quality of every stored file: visually clean for news
// photos at about a third of the size of quality 95.
const Quality = 82

// Widths are the variant widths kept for responsive images. Only those
// narrower than the original are stored.
var Widths = []int{320, 640, 960, 1280}

// Library stores images under dir and serves them.
type Library struct {
	dir string
}

// New returns a library rooted at dir. The directory is created on the
// first save.
func New(dir string) *Library {
	return &Library{dir: dir}
}

// Dir returns the directory the library stores its files in.
func (l *Library) Dir() string { return l.dir }

// Path returns the file path of the original (width 0) or of the variant of
// that width.
func (l *Library) Path(key string, width int) string {
	if width == 0 {
		return filepath.Join(l.dir, filepath.FromSlash(key))
	}
	return filepath.Join(l.dir, "w"+strconv.Itoa(width), filepath.FromSlash(key))
}

// URL returns the public path of the original (width 0) or of the variant of
// that width: "/media/<key>" and "/media/w640/<key>".
func URL(key string, width int) string {
	if width == 0 {
		return "/media/" + key
	}
	return "/media/w" + strconv.Itoa(width) + "/" + key
}

// SrcSet returns an HTML srcset value listing the variants and the original:
// "/media/w320/k.jpg 320w, …, /media/k.jpg 1600w".
func SrcSet(m *warta.Media) string {
	if m == nil || m.Key == "" {
		return ""
	}
	var b strings.Builder
	for _, w := range m.Variants {
		if w <= 0 || (m.Width > 0 && w >= m.Width) {
			continue
		}
		b.WriteString(URL(m.Key, w) + " " + strconv.Itoa(w) + "w, ")
	}
	if m.Width <= 0 {
		// Without a width the original cannot join a list of width
		// descriptors; the variants alone still make a valid srcset.
		if b.Len() == 0 {
			return URL(m.Key, 0)
		}
		return strings.TrimSuffix(b.String(), ", ")
	}
	b.WriteString(URL(m.Key, 0) + " " + strconv.Itoa(m.Width) + "w")
	return b.String()
}
