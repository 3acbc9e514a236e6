package opendata

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// importCheck reads the form and the file and checks both. A file with any
// error is refused with the report and its first rows, and nothing is
// stored; a good file is kept for the admin to confirm, on its preview page.
func (s *Service) importCheck(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	ctx := r.Context()
	v, err := s.newImportView(ctx, r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.maxUpload+1<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			v.fail("berkas", fmt.Sprintf("Berkas lebih besar dari %s. Bagi menjadi beberapa berkas atau dataset.", v.MaxSize))
			return s.renderImport(w, r, http.StatusRequestEntityTooLarge, v, "Impor dataset")
		}
		return warta.Errorf(warta.EInvalid, "Formulir tidak terbaca. Muat ulang halaman lalu coba lagi.")
	}
	defer r.MultipartForm.RemoveAll()
	for _, name := range []string{"dataset", "title", "slug", "description", "publisher", "keywords", "frequency",
		"temporal", "spatial", "schema", "schema_text", "note"} {
		v.Values[name] = strings.TrimSpace(r.PostFormValue(name))
	}
	meta := s.readMeta(ctx, v)
	content, fileName := s.readFile(r, v)
	if len(v.FieldErrors) > 0 {
		return s.renderImport(w, r, http.StatusUnprocessableEntity, v, "Impor dataset")
	}
	meta.FileName = fileName
	regions, err := s.db.Regions(ctx)
	if err != nil {
		return err
	}
	v.Checked = Check(content, meta.Schema, regions)
	if !v.Checked.OK() {
		return s.renderImport(w, r, http.StatusUnprocessableEntity, v, "Impor dataset")
	}
	up := &Upload{UserID: u.ID, Meta: meta, Content: content}
	if err := s.saveUpload(ctx, up); err != nil {
		return err
	}
	http.Redirect(w, r, "/studio/data/impor/"+up.ID, http.StatusSeeOther)
	return nil
}

// readMeta checks the dataset fields and the schema.
func (s *Service) readMeta(ctx context.Context, v *importView) ImportMeta {
	var m ImportMeta
	get := v.Get
	if slug := get("dataset"); slug != "" {
		m.Slug = slug
		known := false
		for _, d := range v.Imported {
			known = known || d.Slug == slug
		}
		if !known {
			v.fail("dataset", "Dataset itu tidak ada. Pilih dari daftar, atau buat dataset baru.")
		}
	} else {
		m.New = true
		m.Title, m.Slug, m.Description = get("title"), get("slug"), get("description")
		m.Temporal, m.Spatial = get("temporal"), get("spatial")
		switch {
		case m.Title == "":
			v.fail("title", "Judul dataset wajib diisi.")
		case utf8.RuneCountInString(m.Title) > 200:
			v.fail("title", "Judul paling panjang 200 karakter.")
		}
		if m.Slug == "" {
			m.Slug = warta.Slugify(m.Title)
		}
		if !warta.ValidSlug(m.Slug) || len(m.Slug) > 80 {
			v.fail("slug", "Slug hanya boleh huruf kecil, angka dan tanda hubung, paling panjang 80.")
		} else if taken, err := s.slugTaken(ctx, m.Slug); err != nil || taken {
			v.fail("slug", fmt.Sprintf("Slug %q sudah dipakai. Pilih slug lain, atau pilih dataset itu di atas untuk menambah versinya.", m.Slug))
		}
		if m.Description == "" {
			v.fail("description", "Deskripsi wajib diisi: pemakai data perlu tahu isi dan asal data ini.")
		}
		m.Publisher = get("publisher")
		known := false
		for _, a := range v.Agencies {
			known = known || a.Slug == m.Publisher
		}
		if !known {
			v.fail("publisher", "Pilih instansi penerbit.")
		}
		for _, k := range strings.Split(get("keywords"), ",") {
			if k = strings.TrimSpace(k); k != "" && len(m.Keywords) < 20 {
				m.Keywords = append(m.Keywords, k)
			}
		}
		m.Frequency = Irregular
		for _, f := range Frequencies {
			if string(f) == get("frequency") {
				m.Frequency = f
			}
		}
	}
	m.Note = get("note")
	if id := get("schema"); id == "kustom" {
		sc, err := ParseSchema("Skema kustom", get("schema_text"))
		if err != nil {
			v.fail("schema_text", err.Error())
		}
		m.Schema = sc
	} else if sc, ok := schemaByID(id); ok {
		m.Schema = sc
	} else {
		v.fail("schema", "Pilih skema.")
	}
	return m
}

// readFile reads the uploaded file, at most the size limit.
func (s *Service) readFile(r *http.Request, v *importView) ([]byte, string) {
	f, hdr, err := r.FormFile("berkas")
	if err != nil {
		v.fail("berkas", "Pilih berkas CSV yang akan diimpor.")
		return nil, ""
	}
	defer f.Close()
	content, err := io.ReadAll(io.LimitReader(f, s.maxUpload+1))
	if err != nil {
		v.fail("berkas", "Berkas tidak terbaca. Unggah ulang.")
		return nil, ""
	}
	if int64(len(content)) > s.maxUpload {
		v.fail("berkas", fmt.Sprintf("Berkas lebih besar dari %s. Bagi menjadi beberapa berkas atau dataset.", v.MaxSize))
		return nil, ""
	}
	name := filepath.Base(strings.ReplaceAll(hdr.Filename, `\`, "/"))
	if !utf8.ValidString(name) || len(name) > 200 {
		name = "berkas.csv"
	}
	return content, name
}
