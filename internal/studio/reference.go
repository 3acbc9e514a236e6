package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// agencyByID finds an agency in the cached reference data; the zero Agency
// when there is none.
func (s *Studio) agencyByID(r *http.Request, id string) warta.Agency {
	list, err := s.db.Agencies(r.Context())
	if err != nil {
		s.log.Warn("studio: agencies", "err", err)
	}
	for _, a := range list {
		if a.ID == id {
			return a
		}
	}
	return warta.Agency{}
}

// userNames maps user IDs to display names for lists and the history.
func (s *Studio) userNames(r *http.Request) map[string]string {
	users, err := s.db.Users(r.Context())
	if err != nil {
		s.log.Warn("studio: users", "err", err)
	}
	out := map[string]string{warta.ActorSystem: "Sistem (jadwal otomatis)"}
	for _, u := range users {
		out[u.ID] = u.Name
	}
	return out
}
