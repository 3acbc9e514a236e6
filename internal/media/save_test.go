package media_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// halves returns a w×h image whose left half is red and right half blue.
func halves(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{220, 20, 20, 255}
			if x >= w/2 {
				c = color.RGBA{20, 20, 220, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

// secretGPS is the text a phone leaves in a photo: where it was taken.
const secretGPS = "GPS -7.257472 112.752090 Jl. Rahasia 12"

// jpegWithEXIF encodes img as JPEG and inserts an APP1 EXIF segment after
// SOI carrying the orientation and a GPS IFD that holds secretGPS.
func jpegWithEXIF(t *testing.T, img image.Image, orientation uint16) []byte {
	t.Helper()
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	be := binary.BigEndian
	var tiff bytes.Buffer
	tiff.WriteString("MM")
	binary.Write(&tiff, be, uint16(42))
	binary.Write(&tiff, be, uint32(8))
	// IFD0 at 8: Orientation, GPS pointer to 38.
	binary.Write(&tiff, be, uint16(2))
	binary.Write(&tiff, be, []uint16{0x0112, 3})
	binary.Write(&tiff, be, uint32(1))
	binary.Write(&tiff, be, []uint16{orientation, 0})
	binary.Write(&tiff, be, []uint16{0x8825, 4})
	binary.Write(&tiff, be, []uint32{1, 38})
	binary.Write(&tiff, be, uint32(0))
	// GPS IFD at 38: GPSProcessingMethod pointing to the text at 56.
	binary.Write(&tiff, be, uint16(1))
	binary.Write(&tiff, be, []uint16{0x001B, 7})
	binary.Write(&tiff, be, []uint32{uint32(len(secretGPS)), 56})
	binary.Write(&tiff, be, uint32(0))
	tiff.WriteString(secretGPS)

	payload := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	var out bytes.Buffer
	out.Write(enc.Bytes()[:2])
	out.Write([]byte{0xFF, 0xE1})
	binary.Write(&out, be, uint16(len(payload)+2))
	out.Write(payload)
	out.Write(enc.Bytes()[2:])
	return out.Bytes()
}

// segments lists the JPEG markers before the image data.
func segments(data []byte) []byte {
	var ms []byte
	for i := 2; i+4 <= len(data) && data[i] == 0xFF; {
		m := data[i+1]
		ms = append(ms, m)
		if m == 0xDA {
			break
		}
		i += 2 + int(binary.BigEndian.Uint16(data[i+2:]))
	}
	return ms
}

func decodeFile(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("stored file: %v", err)
	}
	defer f.Close()
	img, err := jpeg.Decode(f)
	if err != nil {
		t.Fatalf("stored file %s is not a JPEG: %v", path, err)
	}
	return img
}

func wantInvalid(t *testing.T, err error, contains string) {
	t.Helper()
	var we *warta.Error
	if !errors.As(err, &we) || we.Code != warta.EInvalid || we.Field != "image" {
		t.Fatalf("err = %v, want EInvalid on field image", err)
	}
	if !strings.Contains(we.Message, contains) {
		t.Fatalf("message %q does not mention %q", we.Message, contains)
	}
}

func TestSaveStripsEXIFAndGPS(t *testing.T) {
	lib := media.New(t.TempDir())
	upload := jpegWithEXIF(t, halves(1000, 600), 1)
	if !bytes.Contains(upload, []byte(secretGPS)) {
		t.Fatal("test upload lacks its GPS text")
	}
	m, err := lib.Save(bytes.NewReader(upload), warta.Media{Alt: "Petugas KPPS", Credit: "Warta"})
	if err != nil {
		t.Fatal(err)
	}
	if m.MIME != "image/jpeg" || m.Width != 1000 || m.Height != 600 || m.Alt != "Petugas KPPS" || m.Credit != "Warta" {
		t.Fatalf("media = %+v", m)
	}
	for _, w := range append([]int{0}, m.Variants...) {
		data, err := os.ReadFile(lib.Path(m.Key, w))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(segments(data), []byte{0xE1}) || bytes.Contains(data, []byte("Exif")) || bytes.Contains(data, []byte("Rahasia")) {
			t.Fatalf("width %d still carries EXIF/GPS metadata (markers % X)", w, segments(data))
		}
	}
}

func TestSaveTurnsPhonePhotosUpright(t *testing.T) {
	lib := media.New(t.TempDir())
	// Orientation 6: the camera was turned clockwise; the viewer must turn
	// the stored pixels 90° clockwise, so the red left half ends on top.
	m, err := lib.Save(bytes.NewReader(jpegWithEXIF(t, halves(400, 200), 6)), warta.Media{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Width != 200 || m.Height != 400 {
		t.Fatalf("size = %d×%d, want 200×400 (portrait)", m.Width, m.Height)
	}
	img := decodeFile(t, lib.Path(m.Key, 0))
	top, bottom := img.At(100, 50), img.At(100, 350)
	if r, _, b, _ := top.RGBA(); r < b {
		t.Fatalf("top is %v, want red", top)
	}
	if r, _, b, _ := bottom.RGBA(); b < r {
		t.Fatalf("bottom is %v, want blue", bottom)
	}
}

func TestSaveRefusesScriptNamedJPG(t *testing.T) {
	dir := t.TempDir()
	lib := media.New(dir)
	// What arrives as "foto-tps.jpg" from an attacker.
	php := "<?php echo shell_exec($_GET['cmd']); ?>\n"
	_, err := lib.Save(strings.NewReader(php), warta.Media{Alt: "foto-tps.jpg"})
	wantInvalid(t, err, "bukan gambar")

	// A script behind JPEG magic bytes is still not an image.
	_, err = lib.Save(strings.NewReader("\xFF\xD8\xFF\xE0"+php), warta.Media{})
	wantInvalid(t, err, "rusak")

	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("refused uploads left files: %v", entries)
	}
}

// pngHeader returns a PNG signature and IHDR chunk claiming w×h pixels, with
// no image data: enough for DecodeConfig, useless for Decode.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := []byte("IHDR")
	chunk = binary.BigEndian.AppendUint32(chunk, w)
	chunk = binary.BigEndian.AppendUint32(chunk, h)
	chunk = append(chunk, 8, 6, 0, 0, 0) // 8-bit RGBA
	binary.Write(&b, binary.BigEndian, uint32(len(chunk)-4))
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

func TestSaveRefusesHugeImagesBeforeDecoding(t *testing.T) {
	lib := media.New(t.TempDir())
	_, err := lib.Save(bytes.NewReader(pngHeader(20000, 20000)), warta.Media{})
	wantInvalid(t, err, "20000 × 20000 piksel")
	wantInvalid(t, err, "40 megapiksel")

	big := io.MultiReader(bytes.NewReader(pngHeader(100, 100)), io.LimitReader(zeros{}, media.MaxBytes))
	_, err = lib.Save(big, warta.Media{})
	wantInvalid(t, err, "15 MB")
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestSaveStoresVariantsNarrowerThanOriginal(t *testing.T) {
	dir := t.TempDir()
	lib := media.New(dir)
	// A PNG with a transparent background, as logos and infographics come.
	src := image.NewNRGBA(image.Rect(0, 0, 1000, 500))
	for x := 400; x < 600; x++ {
		for y := 200; y < 300; y++ {
			src.SetNRGBA(x, y, color.NRGBA{0, 90, 160, 255})
		}
	}
	var buf bytes.Buffer
	png.Encode(&buf, src)
	created := time.Date(2024, 2, 14, 9, 30, 0, 0, warta.Jakarta)
	m, err := lib.Save(&buf, warta.Media{CreatedAt: created})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(m.Key, "2024/02/") || !strings.HasSuffix(m.Key, ".jpg") || len(m.Key) != len("2024/02/")+26+4 {
		t.Fatalf("key = %q", m.Key)
	}
	if got := m.Variants; len(got) != 3 || got[0] != 320 || got[1] != 640 || got[2] != 960 {
		t.Fatalf("variants = %v, want [320 640 960]", got)
	}
	for _, w := range m.Variants {
		img := decodeFile(t, filepath.Join(dir, "w"+strconv.Itoa(w), m.Key))
		if b := img.Bounds(); b.Dx() != w || b.Dy() != w/2 {
			t.Fatalf("variant w%d is %v", w, b)
		}
	}
	img := decodeFile(t, lib.Path(m.Key, 0))
	if r, g, b, _ := img.At(5, 5).RGBA(); r>>8 < 245 || g>>8 < 245 || b>>8 < 245 {
		t.Fatalf("transparent background came out %d,%d,%d; want white", r>>8, g>>8, b>>8)
	}
}

func TestSaveAcceptsWebP(t *testing.T) {
	f, err := os.Open("testdata/sample.webp")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lib := media.New(t.TempDir())
	m, err := lib.Save(f, warta.Media{})
	if err != nil {
		t.Fatal(err)
	}
	if m.MIME != "image/jpeg" || m.Width == 0 || m.Height == 0 {
		t.Fatalf("media = %+v", m)
	}
	decodeFile(t, lib.Path(m.Key, 0))
}

func TestURLAndSrcSet(t *testing.T) {
	if got := media.URL("2024/02/X.jpg", 0); got != "/media/2024/02/X.jpg" {
		t.Fatalf("URL = %q", got)
	}
	if got := media.URL("2024/02/X.jpg", 640); got != "/media/w640/2024/02/X.jpg" {
		t.Fatalf("URL = %q", got)
	}
	m := &warta.Media{Key: "k.jpg", Width: 1600, Variants: []int{320, 640, 960, 1280}}
	want := "/media/w320/k.jpg 320w, /media/w640/k.jpg 640w, /media/w960/k.jpg 960w, /media/w1280/k.jpg 1280w, /media/k.jpg 1600w"
	if got := media.SrcSet(m); got != want {
		t.Fatalf("SrcSet = %q\nwant    %q", got, want)
	}
	if got := media.SrcSet(&warta.Media{Key: "s.jpg", Width: 300}); got != "/media/s.jpg 300w" {
		t.Fatalf("SrcSet of a small image = %q", got)
	}
}
