package opendata

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// importPublish publishes a kept file as the next version of its dataset.
func (s *Service) importPublish(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	slug, version, err := s.Publish(r.Context(), r.PathValue("id"), u)
	if err != nil {
		return err
	}
	q := url.Values{"pesan": {"diterbitkan"}, "dataset": {slug}, "versi": {strconv.Itoa(version)}}
	http.Redirect(w, r, "/studio/data?"+q.Encode(), http.StatusSeeOther)
	return nil
}

// importDiscard forgets a kept file.
func (s *Service) importDiscard(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	if err := s.discardUpload(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	http.Redirect(w, r, "/studio/data/impor?pesan=dibatalkan", http.StatusSeeOther)
	return nil
}
