package clinicweb

import (
	"errors"
	"net/url"

	"github.com/kominfo-jatim/warta/internal/warta"
	"github.com/kominfo-jatim/warta/internal/webform"
)

// form is what a reporter typed and what was wrong with it (pages leave
// files out when they re-render it).
type form = webform.Form

func newForm(prefix string, v url.Values) *form { return webform.New(prefix, v) }

// Template helpers for forms.
var (
	ariaInvalid = webform.AriaInvalid
	fieldErr    = webform.FieldErr
)

// refuse puts a refusal from the clinic service where the visitor will
// look for it: beside its field when the form has that field (fields maps
// the service's field names to the form's), else at the top. It reports
// false for errors that are not the visitor's to act on (internal, not
// found), which the caller passes on.
func refuse(f *form, err error, fields map[string]string) bool {
	var we *warta.Error
	if !errors.As(err, &we) || we.Code == warta.EInternal || we.Code == warta.ENotFound {
		return false
	}
	if name, ok := fields[we.Field]; ok && we.Field != "" {
		f.Set(name, we.Message)
	} else {
		f.General = we.Message
	}
	return true
}

// invalid is a refusal of this package's own, for what the service never
// sees (a form that did not arrive whole).
func invalid(field, msg string) error {
	return &warta.Error{Code: warta.EInvalid, Field: field, Message: msg}
}
