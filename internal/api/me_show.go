package api

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/auth"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// showMe answers with the account behind the request, so that a client can
// check its token and what it may do.
func (a *API) showMe(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	out := meJSON{ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), Auth: "session"}
	if u.AgencyID != "" {
		agencies, err := a.db.Agencies(r.Context())
		if err != nil {
			return err
		}
		for _, ag := range agencies {
			if ag.ID == u.AgencyID {
				j := toAgency(ag)
				out.Agency = &j
			}
		}
	}
	if t := auth.TokenFrom(r.Context()); t != nil {
		out.Auth = "token"
		out.Token = &tokenJSON{ID: t.ID, Name: t.Name, Prefix: t.Prefix, Scopes: append([]string{}, t.Scopes...), ExpiresAt: wibOrNull(t.ExpiresAt)}
	}
	return writeJSON(w, http.StatusOK, out)
}
