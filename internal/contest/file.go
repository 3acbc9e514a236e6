package contest

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// EntryFile is an entry's stored file.
type EntryFile struct {
	Key      string // in the contest library: "2024/07/….jpg" for images, "pdf/2024/07/….pdf"
	MIME     string // as stored: image/jpeg for every image, application/pdf
	Size     int64  // bytes as uploaded
	Width    int    // images only
	Height   int
	Variants []int // widths of the resized copies of an image
}

// upload is a checked upload, not yet stored.
type upload struct {
	data []byte
	kind string // sniffed MIME type
	hash string // "sha256:<hex>" of the bytes as uploaded
}

var typeNames = map[string]string{TypeJPEG: "JPEG", TypePNG: "PNG", TypeWebP: "WebP", TypePDF: "PDF"}

// checkUpload reads an upload for the category: within its size limit, of
// a type it accepts as sniffed from the content (never from the name), and
// a PDF only when it starts with %PDF-.
func checkUpload(cat *Category, r io.Reader) (*upload, error) {
	if r == nil {
		return nil, invalid("file", "Pilih berkas karya Anda.")
	}
	data, err := io.ReadAll(io.LimitReader(r, cat.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("contest: read upload: %w", err)
	}
	if len(data) == 0 {
		return nil, invalid("file", "Berkas kosong. Pilih berkas karya Anda.")
	}
	if int64(len(data)) > cat.MaxBytes {
		return nil, invalid("file", "Ukuran berkas melebihi batas %s untuk kategori %s. Perkecil atau kompres berkas, lalu kirim lagi.",
			formatBytes(cat.MaxBytes), cat.Name)
	}
	kind, _, _ := strings.Cut(http.DetectContentType(data), ";")
	if kind == TypePDF && !bytes.HasPrefix(data, []byte("%PDF-")) {
		kind = ""
	}
	if !slices.Contains(cat.Accept, kind) {
		names := make([]string, len(cat.Accept))
		for i, t := range cat.Accept {
			names[i] = typeNames[t]
		}
		return nil, invalid("file", "Jenis berkas ini tidak diterima di kategori %s. Kirim berkas %s.", cat.Name, joinAnd(names))
	}
	sum := sha256.Sum256(data)
	return &upload{data: data, kind: kind, hash: "sha256:" + hex.EncodeToString(sum[:])}, nil
}

// storeUpload writes a checked upload into the library: images re-encoded
// and PDFs rewritten, both without their metadata (see stripPDF), which
// could name the participant in blind judging.
func (s *Service) storeUpload(up *upload, now time.Time) (*EntryFile, error) {
	if up.kind != TypePDF {
		m, err := s.files.Save(bytes.NewReader(up.data), warta.Media{CreatedAt: now})
		if err != nil {
			var we *warta.Error
			if errors.As(err, &we) {
				return nil, &warta.Error{Code: we.Code, Message: we.Message, Field: "file"}
			}
			return nil, err
		}
		return &EntryFile{Key: m.Key, MIME: m.MIME, Size: int64(len(up.data)), Width: m.Width, Height: m.Height, Variants: m.Variants}, nil
	}
	local := now.In(warta.Jakarta)
	key := fmt.Sprintf("pdf/%04d/%02d/%s.pdf", local.Year(), int(local.Month()), warta.NewIDAt(now))
	data, err := stripPDF(up.data)
	if err != nil {
		return nil, err
	}
	if err := writeFile(s.files.Path(key, 0), data); err != nil {
		return nil, fmt.Errorf("contest: store %s: %w", key, err)
	}
	return &EntryFile{Key: key, MIME: TypePDF, Size: int64(len(up.data))}, nil
}

// removeFile deletes a stored file and its variants, after the entry no
// longer points to it.
func (s *Service) removeFile(f *EntryFile) {
	if f == nil || f.Key == "" {
		return
	}
	paths := []string{s.files.Path(f.Key, 0)}
	for _, w := range f.Variants {
		paths = append(paths, s.files.Path(f.Key, w))
	}
	for _, p := range paths {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			s.log.Warn("contest: remove entry file", "path", p, "err", err)
		}
	}
}

// FilePath is where an entry's file lives on disk: the original (width 0)
// or an image's resized copy of that width, for the pages that serve it.
func (s *Service) FilePath(f *EntryFile, width int) string {
	return s.files.Path(f.Key, width)
}

// writeFile writes data to path through a temporary file, so a reader
// never sees half a file.
func writeFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".upload-*")
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	_, err = bw.Write(data)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
