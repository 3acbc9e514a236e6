package studio

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// uploadSlack is room for the form's other fields and multipart framing on
// top of the largest image media.Save accepts, so that an image slightly
// too large still reaches Save and gets its clear message with the typed
// fields kept.
const uploadSlack = 1 << 20

// mediaUpload stores an uploaded photo with its alt text (required),
// caption and credit. The image is checked by its content, re-encoded
// without its metadata and resized by media.Save; its refusals are shown
// beside the file field.
func (s *Studio) mediaUpload(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	r.Body = http.MaxBytesReader(w, r.Body, media.MaxBytes+uploadSlack)
	err := r.ParseMultipartForm(1 << 20)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		f := newForm(nil)
		f.Set("file", fmt.Sprintf("Ukuran berkas melebihi %d MB. Perkecil atau kompres foto, lalu unggah lagi.", media.MaxBytes>>20))
		return s.renderMedia(w, r, f, http.StatusRequestEntityTooLarge)
	} else if err != nil {
		return warta.Errorf(warta.EInvalid, "Unggahan tidak terbaca. Pilih berkas foto lalu kirim formulir lagi.")
	}
	defer r.MultipartForm.RemoveAll()
	f := newForm(url.Values(r.MultipartForm.Value))
	alt := strings.TrimSpace(f.Get("alt"))
	if alt == "" {
		f.Set("alt", "Teks alternatif wajib diisi: jelaskan isi foto bagi pembaca yang tidak dapat melihatnya, mis. \"Petugas KPPS menghitung surat suara di TPS 5 Surabaya\". Pilih berkas fotonya lagi.")
	}
	file, _, err := r.FormFile("file")
	if err != nil {
		f.Set("file", "Pilih berkas foto (JPEG, PNG atau WebP) untuk diunggah.")
	} else {
		defer file.Close()
	}
	if f.Invalid() {
		return s.renderMedia(w, r, f, http.StatusBadRequest)
	}
	m, err := s.media.Save(file, warta.Media{Alt: alt, Caption: strings.TrimSpace(f.Get("caption")),
		Credit: strings.TrimSpace(f.Get("credit")), CreatedAt: s.now()})
	if err != nil {
		if !fromError(f, err, []string{"file"}, map[string]string{"image": "file"}) {
			return err
		}
		return s.renderMedia(w, r, f, statusOf(err))
	}
	if err := s.db.CreateMedia(r.Context(), m); err != nil {
		for _, width := range append([]int{0}, m.Variants...) {
			os.Remove(s.media.Path(m.Key, width))
		}
		return err
	}
	detail, _ := json.Marshal(map[string]any{"alt": m.Alt, "key": m.Key, "width": m.Width, "height": m.Height})
	if err := s.nr.RecordAudit(r.Context(), u.ID, "media.upload", "media", m.ID, string(detail), ""); err != nil {
		s.log.Warn("studio: audit media upload", "err", err)
	}
	redirect(w, r, "/studio/media", "diunggah")
	return nil
}
