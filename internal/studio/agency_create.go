package studio

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// agencyCreate adds an agency. The slug, which becomes the source's URL on
// the portal (/sumber/kpu-jatim), is made from the name when left empty.
func (s *Studio) agencyCreate(w http.ResponseWriter, r *http.Request, admin *warta.User) error {
	if err := r.ParseForm(); err != nil {
		return warta.Errorf(warta.EInvalid, "Isian formulir tidak terbaca. Muat ulang halaman lalu coba lagi.")
	}
	f := newForm(r.PostForm)
	a := &warta.Agency{Name: strings.TrimSpace(f.Get("name")), ShortName: strings.TrimSpace(f.Get("short_name")),
		Slug: strings.TrimSpace(f.Get("slug")), URL: strings.TrimSpace(f.Get("url"))}
	if a.Slug == "" {
		a.Slug = warta.Slugify(a.ShortName)
		if a.Slug == "" {
			a.Slug = warta.Slugify(a.Name)
		}
	}
	f.Require("name", "Nama instansi wajib diisi, mis. \"KPU Kabupaten Jember\".")
	if a.Slug != "" && !warta.ValidSlug(a.Slug) {
		f.Set("slug", "Slug hanya boleh berisi huruf kecil, angka dan tanda hubung, mis. kpu-jember.")
	}
	if a.URL != "" {
		if u, err := url.Parse(a.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			f.Set("url", "Alamat situs harus lengkap, mis. https://kpu-jemberkab.go.id.")
		}
	}
	if f.Invalid() {
		return s.renderAgencies(w, r, f, http.StatusBadRequest)
	}
	if err := s.db.CreateAgency(r.Context(), a); err != nil {
		if !fromError(f, err, []string{"name", "short_name", "slug", "url"}, nil) {
			return err
		}
		return s.renderAgencies(w, r, f, statusOf(err))
	}
	detail, _ := json.Marshal(map[string]any{"name": a.Name, "slug": a.Slug})
	if err := s.nr.RecordAudit(r.Context(), admin.ID, "agency.create", "agency", a.ID, string(detail), ""); err != nil {
		return err
	}
	redirect(w, r, "/studio/instansi", "instansi-dibuat")
	return nil
}
