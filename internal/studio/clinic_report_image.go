package studio

import (
	"fmt"
	"net/http"
	"os"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// clinicReportImage serves a report's stripped screenshot to checkers.
// Screenshots stay off /media/: they may show private chats.
func (s *Studio) clinicReportImage(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	id := r.PathValue("id")
	path, err := s.clinic.ScreenshotFile(r.Context(), u, id)
	if err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return warta.Errorf(warta.ENotFound, "Berkas tangkapan layar tidak ditemukan di penyimpanan.")
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("studio: report image %s: %w", id, err)
	}
	w.Header().Set("Content-Disposition", `inline; filename="laporan-`+id+`"`)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, path, st.ModTime(), f)
	return nil
}
