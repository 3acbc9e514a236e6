package studio_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// secretGPS is what a phone leaves in a photo: where it was taken.
const secretGPS = "GPS -7.257472 112.752090 Jl. Rahasia 12"

// photoWithGPS is a JPEG carrying an EXIF segment with a GPS IFD that holds
// secretGPS.
func photoWithGPS(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 800, 500))
	for y := range 500 {
		for x := range 800 {
			img.SetRGBA(x, y, color.RGBA{uint8(x / 4), uint8(y / 2), 90, 255})
		}
	}
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	be := binary.BigEndian
	var tiff bytes.Buffer
	tiff.WriteString("MM")
	binary.Write(&tiff, be, uint16(42))
	binary.Write(&tiff, be, uint32(8))
	binary.Write(&tiff, be, uint16(1)) // IFD0: one entry, the GPS pointer
	binary.Write(&tiff, be, []uint16{0x8825, 4})
	binary.Write(&tiff, be, []uint32{1, 26})
	binary.Write(&tiff, be, uint32(0))
	binary.Write(&tiff, be, uint16(1)) // GPS IFD at 26: GPSProcessingMethod
	binary.Write(&tiff, be, []uint16{0x001B, 7})
	binary.Write(&tiff, be, []uint32{uint32(len(secretGPS)), 44})
	binary.Write(&tiff, be, uint32(0))
	tiff.WriteString(secretGPS)
	payload := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	var out bytes.Buffer
	out.Write(enc.Bytes()[:2])
	out.Write([]byte{0xFF, 0xE1})
	binary.Write(&out, be, uint16(len(payload)+2))
	out.Write(payload)
	out.Write(enc.Bytes()[2:])
	if !bytes.Contains(out.Bytes(), []byte(secretGPS)) {
		t.Fatal("test photo lacks its GPS text")
	}
	return out.Bytes()
}

func TestMediaUpload(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		e.user("andi@kpu.example", warta.RoleContributor, &e.kpu)
		c := e.login("andi@kpu.example")
		fields := map[string]string{"alt": "Petugas KPPS menghitung surat suara", "caption": "Penghitungan di TPS 5", "credit": "Humas KPU"}

		// A phone photo is stored without where it was taken.
		p := c.upload("/studio/media", fields, "IMG_2024.jpg", photoWithGPS(t))
		if p.status != http.StatusSeeOther {
			t.Fatalf("upload: %d %q", p.status, p.text("main"))
		}
		page, err := db.ListMedia(ctx, nil, 10)
		if err != nil || len(page.Media) != 1 {
			t.Fatalf("ListMedia = %+v, %v", page, err)
		}
		m := page.Media[0]
		if m.Alt != fields["alt"] || m.Caption != fields["caption"] || m.Credit != fields["credit"] || m.Width != 800 {
			t.Errorf("stored media %+v", m)
		}
		for _, w := range append([]int{0}, m.Variants...) {
			b, err := os.ReadFile(e.lib.Path(m.Key, w))
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(b, []byte("GPS")) || bytes.Contains(b, []byte("Exif")) {
				t.Errorf("stored file %s (width %d) still has EXIF/GPS", m.Key, w)
			}
		}
		grid := c.follow(p)
		img := query(t, grid.doc, ".media-grid img")
		if attr(img, "alt") != fields["alt"] || attr(img, "src") != media.URL(m.Key, 320) {
			t.Errorf("grid image: alt %q src %q", attr(img, "alt"), attr(img, "src"))
		}

		// A PHP script named .jpg is refused by its content, with the
		// typed fields kept.
		p = c.upload("/studio/media", fields, "foto-tps.jpg", []byte("<?php system($_GET['c']); ?>\n"))
		if p.status != http.StatusBadRequest || !strings.Contains(p.text("#file-err"), "bukan gambar") {
			t.Errorf("php upload: %d %q", p.status, p.text("#file-err"))
		}
		if p.value("alt") != fields["alt"] || p.value("caption") != fields["caption"] || p.value("credit") != fields["credit"] {
			t.Errorf("php upload lost the typed fields: %q %q", p.value("alt"), p.value("caption"))
		}

		// Oversized: just over the limit, the library explains; far over
		// it, the request is cut off with the same advice.
		big := make([]byte, media.MaxBytes+10)
		copy(big, photoWithGPS(t)[:64])
		p = c.upload("/studio/media", fields, "besar.jpg", big)
		if p.status != http.StatusBadRequest || !strings.Contains(p.text("#file-err"), "melebihi 15 MB") || p.value("alt") != fields["alt"] {
			t.Errorf("oversized upload: %d %q", p.status, p.text("#file-err"))
		}
		huge := make([]byte, media.MaxBytes+3<<20)
		p = c.upload("/studio/media", fields, "raksasa.jpg", huge)
		if p.status != http.StatusRequestEntityTooLarge || !strings.Contains(p.text("#file-err"), "melebihi 15 MB") {
			t.Errorf("huge upload: %d %q", p.status, p.text("#file-err"))
		}

		// Alt text is required.
		p = c.upload("/studio/media", map[string]string{"caption": "Tanpa alt"}, "IMG.jpg", photoWithGPS(t))
		if p.status != http.StatusBadRequest || !strings.Contains(p.text("#alt-err"), "Teks alternatif wajib") || p.value("caption") != "Tanpa alt" {
			t.Errorf("upload without alt: %d %q", p.status, p.text("#alt-err"))
		}
		if page, _ := db.ListMedia(ctx, nil, 10); len(page.Media) != 1 {
			t.Errorf("refused uploads were stored: %d media", len(page.Media))
		}

		// The editor offers the photo as lead image, and the preview shows it.
		ed := c.get("/studio/artikel/baru")
		if ed.count(`#lead_image input[value="`+m.ID+`"]`) != 1 {
			t.Fatal("editor does not offer the uploaded photo")
		}
		v := draft("Berita dengan foto")
		v.Set("lead_image", m.ID)
		v.Set("preview", "1")
		pv := c.post("/studio/artikel", v)
		if img := query(t, pv.doc, ".preview .lead-photo img"); attr(img, "alt") != fields["alt"] {
			t.Errorf("preview photo alt %q", attr(img, "alt"))
		}
		if !strings.Contains(pv.text(".preview figcaption"), "Foto: Humas KPU") {
			t.Errorf("preview caption %q", pv.text(".preview figcaption"))
		}
	})
}
