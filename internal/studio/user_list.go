package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// userListView is the accounts page: every account with its role, agency
// and status, a form to change each, and a form to add one.
type userListView struct {
	layout
	Users    []warta.User
	Agencies []warta.Agency
	Names    map[string]string // agency names by ID
	Roles    []warta.Role
	Form     *form // the new-account form
	RowID    string
	Row      *form // the row form that failed, with what was chosen
}

// userList shows the accounts.
func (s *Studio) userList(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	return s.renderUsers(w, r, newForm(nil), "", nil, http.StatusOK)
}

func (s *Studio) renderUsers(w http.ResponseWriter, r *http.Request, f *form, rowID string, row *form, status int) error {
	v := userListView{layout: s.newLayout(r, "Pengguna"), Roles: warta.Roles, Form: f, RowID: rowID, Row: row,
		Names: map[string]string{}}
	if row == nil {
		v.Row = newForm(nil)
	}
	var err error
	if v.Users, err = s.db.Users(r.Context()); err != nil {
		return err
	}
	if v.Agencies, err = s.db.Agencies(r.Context()); err != nil {
		return err
	}
	for _, a := range v.Agencies {
		v.Names[a.ID] = a.Name
	}
	s.render(w, r, status, "users", &v)
	return nil
}
