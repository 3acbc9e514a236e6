package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// mediaView is the media library: the upload form and the images, newest
// first.
type mediaView struct {
	layout
	Form          *form
	Media         []warta.Media
	Next          string
	MaxMB         int
	MaxMegapixels int
}

// mediaList shows the upload form and a page of images.
func (s *Studio) mediaList(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	return s.renderMedia(w, r, newForm(nil), http.StatusOK)
}

func (s *Studio) renderMedia(w http.ResponseWriter, r *http.Request, f *form, status int) error {
	v := mediaView{layout: s.newLayout(r, "Pustaka media"), Form: f, MaxMB: media.MaxBytes >> 20, MaxMegapixels: media.MaxPixels / 1_000_000}
	var after *warta.Cursor
	if c := r.URL.Query().Get("sebelum"); c != "" && r.Method == http.MethodGet {
		var err error
		if after, err = warta.ParseCursor(c); err != nil {
			return err
		}
	}
	page, err := s.db.ListMedia(r.Context(), after, 24)
	if err != nil {
		return err
	}
	v.Media = page.Media
	if page.Next != nil {
		v.Next = "/studio/media?sebelum=" + page.Next.String()
	}
	s.render(w, r, status, "media", &v)
	return nil
}
