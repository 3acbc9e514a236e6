package media

import (
	"bufio"
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/image/webp"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// decoder reads one image format: its header alone, and the whole image.
type decoder struct {
	config func(io.Reader) (image.Config, error)
	decode func(io.Reader) (image.Image, error)
}

// decoders are the accepted upload formats, keyed by the MIME type that
// http.DetectContentType sniffs from the first bytes. File names and the
// browser's Content-Type are never trusted.
var decoders = map[string]decoder{
	"image/jpeg": {jpeg.DecodeConfig, jpeg.Decode},
	"image/png":  {png.DecodeConfig, png.Decode},
	"image/webp": {webp.DecodeConfig, webp.Decode},
}

func invalid(format string, args ...any) error {
	return &warta.Error{Code: warta.EInvalid, Message: fmt.Sprintf(format, args...), Field: "image"}
}

// Save decodes an uploaded JPEG, PNG or WebP image and stores it with
// SaveImage. It refuses anything else, files over MaxBytes and images over
// MaxPixels with an EInvalid error whose message tells the user what to do.
// A JPEG's EXIF orientation is applied before the metadata is dropped, so
// phone photos do not come out sideways. The stored time is meta.CreatedAt,
// or now when that is zero. It does not write to the database.
func (l *Library) Save(r io.Reader, meta warta.Media) (*warta.Media, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("media: read upload: %w", err)
	}
	if len(data) > MaxBytes {
		return nil, invalid("Ukuran berkas melebihi %d MB. Perkecil atau kompres foto, lalu unggah lagi.", MaxBytes>>20)
	}
	img, err := decode(data)
	if err != nil {
		return nil, err
	}
	created := meta.CreatedAt
	if created.IsZero() {
		created = time.Now()
	}
	return l.save(img, meta, created)
}

// decode checks the upload's real type and size, then decodes it into an
// upright RGBA image.
func decode(data []byte) (*image.RGBA, error) {
	kind := http.DetectContentType(data)
	d, ok := decoders[kind]
	if !ok {
		return nil, invalid("Berkas ini bukan gambar yang didukung. Unggah foto berformat JPEG, PNG atau WebP.")
	}
	cfg, err := d.config(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, invalid("Gambar rusak atau tidak lengkap sehingga tidak bisa dibaca. Coba simpan ulang lalu unggah lagi.")
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return nil, invalid("Resolusi gambar terlalu besar (%d × %d piksel). Batasnya %d megapiksel; perkecil ukuran foto lalu unggah lagi.",
			cfg.Width, cfg.Height, MaxPixels/1_000_000)
	}
	img, err := d.decode(bytes.NewReader(data))
	if err != nil {
		return nil, invalid("Gambar rusak atau tidak lengkap sehingga tidak bisa dibaca. Coba simpan ulang lalu unggah lagi.")
	}
	rgba := flatten(img)
	if kind == "image/jpeg" {
		rgba = orient(rgba, exifOrientation(data))
	}
	return rgba, nil
}

// SaveImage stores an already-decoded image, as Save does for uploads: the
// original size and each narrower variant of Widths, as JPEG files under a
// new key in the created month. It returns the media record for
// store.CreateMedia, with meta's alt text, caption and credit.
func (l *Library) SaveImage(img image.Image, meta warta.Media, created time.Time) (*warta.Media, error) {
	b := img.Bounds()
	if b.Dx() <= 0 || b.Dy() <= 0 {
		return nil, invalid("Gambar kosong tidak bisa disimpan.")
	}
	return l.save(flatten(img), meta, created)
}

func (l *Library) save(img *image.RGBA, meta warta.Media, created time.Time) (_ *warta.Media, err error) {
	created = created.UTC().Truncate(time.Second)
	local := created.In(warta.Jakarta)
	key := fmt.Sprintf("%04d/%02d/%s.jpg", local.Year(), int(local.Month()), warta.NewIDAt(created))
	w, h := img.Bounds().Dx(), img.Bounds().Dy()

	var written []string
	defer func() {
		if err != nil {
			for _, p := range written {
				os.Remove(p)
			}
		}
	}()
	write := func(width int, m image.Image) error {
		p := l.Path(key, width)
		if err := writeJPEG(p, m); err != nil {
			return fmt.Errorf("media: save %s: %w", URL(key, width), err)
		}
		written = append(written, p)
		return nil
	}
	if err := write(0, img); err != nil {
		return nil, err
	}
	var widths []int
	for _, v := range resize(img, Widths) {
		if err := write(v.Bounds().Dx(), v); err != nil {
			return nil, err
		}
		widths = append(widths, v.Bounds().Dx())
	}
	return &warta.Media{
		ID:        meta.ID,
		Key:       key,
		MIME:      "image/jpeg",
		Width:     w,
		Height:    h,
		Alt:       meta.Alt,
		Caption:   meta.Caption,
		Credit:    meta.Credit,
		Variants:  widths,
		CreatedAt: created,
	}, nil
}

// writeJPEG encodes m to path through a temporary file, so a reader never
// sees half an image.
func writeJPEG(path string, m image.Image) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".upload-*")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	err = jpeg.Encode(bw, m, &jpeg.Options{Quality: Quality})
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
