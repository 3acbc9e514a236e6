package opendata

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// studioListView is /studio/data.
type studioListView struct {
	Imported []*Dataset
	Builtin  []*Dataset
	Notice   string
}

// studioList shows the imported datasets with their latest version and
// the built-in ones, for administrators.
func (s *Service) studioList(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	ctx := r.Context()
	imported, err := s.importedDatasets(ctx)
	if err != nil {
		return err
	}
	v := studioListView{Imported: imported, Notice: s.notice(r)}
	s.mu.RLock()
	v.Builtin = append(v.Builtin, s.datasets...)
	s.mu.RUnlock()
	body, err := s.body("studio_list", v)
	if err != nil {
		return err
	}
	s.frameStudio(w, r, http.StatusOK, "Data terbuka", body)
	return nil
}

// notice is the confirmation a redirect asks for with ?pesan=. Only these
// texts can appear, so a link cannot put words in the studio's mouth; the
// dataset and version it names are checked to be a slug and a number.
func (s *Service) notice(r *http.Request) string {
	q := r.URL.Query()
	switch q.Get("pesan") {
	case "diterbitkan":
		slug, versi := q.Get("dataset"), q.Get("versi")
		if !warta.ValidSlug(slug) || strings.Trim(versi, "0123456789") != "" || versi == "" {
			return "Dataset diterbitkan."
		}
		return fmt.Sprintf("Versi %s dataset /data/%s diterbitkan. Versi sebelumnya tetap bisa diunduh.", versi, slug)
	case "dibatalkan":
		return "Unggahan dibatalkan; tidak ada yang diterbitkan."
	}
	return ""
}
