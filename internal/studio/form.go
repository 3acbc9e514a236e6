package studio

import (
	"errors"
	"net/url"
	"slices"

	"github.com/kominfo-jatim/warta/internal/warta"
	"github.com/kominfo-jatim/warta/internal/webform"
)

// form is what a user typed into a form and what was wrong with it.
type form = webform.Form

// newForm starts a form from submitted values (nil for an empty form).
func newForm(v url.Values) *form { return webform.New("", v) }

// fromError puts an application error where the user will look for it:
// beside its field when the form has one by that name (after aliases), else
// at the top. It reports false for errors that are not the user's to fix
// (internal, forbidden, not found), which the caller should pass on.
func fromError(f *form, err error, fields []string, aliases map[string]string) bool {
	var we *warta.Error
	if !errors.As(err, &we) {
		return false
	}
	switch we.Code {
	case warta.EInvalid, warta.EConflict, warta.EUnauthorized, warta.ETooMany:
	default:
		return false
	}
	field := we.Field
	if a, ok := aliases[field]; ok {
		field = a
	}
	if field != "" && slices.Contains(fields, field) {
		f.Set(field, we.Message)
	} else {
		f.General = we.Message
	}
	return true
}
