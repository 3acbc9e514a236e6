package warta

import (
	"net/mail"
	"strings"
	"time"
)

// Role is what a staff account may do.
type Role string

// Roles.
const (
	RoleAdmin       Role = "admin"
	RoleEditor      Role = "editor"
	RoleContributor Role = "contributor"
	RoleFactChecker Role = "factchecker"
	RoleJudge       Role = "judge"
)

// Roles lists every role in display order.
var Roles = []Role{RoleAdmin, RoleEditor, RoleContributor, RoleFactChecker, RoleJudge}

// User is a staff account.
type User struct {
	ID        string
	Email     string
	Name      string
	Role      Role
	AgencyID  string // required for contributors
	Disabled  bool
	CreatedAt time.Time
}

// Validate checks a user before it is stored.
func (u *User) Validate() error {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email {
		return &Error{Code: EInvalid, Message: "Alamat email tidak valid.", Field: "email"}
	}
	if strings.TrimSpace(u.Name) == "" {
		return &Error{Code: EInvalid, Message: "Nama wajib diisi.", Field: "name"}
	}
	known := false
	for _, r := range Roles {
		known = known || r == u.Role
	}
	if !known {
		return &Error{Code: EInvalid, Message: "Peran harus salah satu dari: admin, editor, contributor, factchecker, judge.", Field: "role"}
	}
	if u.Role == RoleContributor && u.AgencyID == "" {
		return &Error{Code: EInvalid, Message: "Kontributor wajib terikat pada satu instansi (--agency).", Field: "agency"}
	}
	return nil
}
