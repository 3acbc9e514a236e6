package studio

import (
	"errors"
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// form is what a user typed into a form and what was wrong with it. Pages
// re-render from it after an error, so nothing typed is lost, and show each
// message beside its field and in a summary at the top.
type form struct {
	Prefix  string // prepended to input ids, to tell two forms on a page apart
	Values  url.Values
	errs    map[string]string
	order   []string // fields with errors, in the order found
	General string   // a message that belongs to no one field
}

// newForm starts a form from submitted values (nil for an empty form).
func newForm(v url.Values) *form {
	if v == nil {
		v = url.Values{}
	}
	// A copy, so that dropping a field from the page (a password) leaves
	// the request's values alone.
	return &form{Values: maps.Clone(v), errs: map[string]string{}}
}

// ID is the HTML id of a field's input.
func (f *form) ID(name string) string { return f.Prefix + name }

// Get returns a field's value.
func (f *form) Get(name string) string { return f.Values.Get(name) }

// Has reports whether a multi-valued field (checkboxes) includes v.
func (f *form) Has(name, v string) bool { return slices.Contains(f.Values[name], v) }

// Err returns the message for a field, or "".
func (f *form) Err(name string) string { return f.errs[name] }

// Invalid reports whether the form has any error.
func (f *form) Invalid() bool { return len(f.order) > 0 || f.General != "" }

// fieldError is one entry of the error summary.
type fieldError struct{ Field, Message string }

// Errors lists the field errors in the order they were found.
func (f *form) Errors() []fieldError {
	out := make([]fieldError, len(f.order))
	for i, name := range f.order {
		out[i] = fieldError{name, f.errs[name]}
	}
	return out
}

// set records a message for a field; the first message for a field wins.
func (f *form) set(field, msg string) {
	if _, ok := f.errs[field]; ok {
		return
	}
	f.errs[field] = msg
	f.order = append(f.order, field)
}

// require records msg for each named field left blank.
func (f *form) require(msgs ...string) {
	for i := 0; i+1 < len(msgs); i += 2 {
		if strings.TrimSpace(f.Get(msgs[i])) == "" {
			f.set(msgs[i], msgs[i+1])
		}
	}
}

// fromError puts an application error where the user will look for it:
// beside its field when the form has one by that name (after aliases), else
// at the top. It reports false for errors that are not the user's to fix
// (internal, forbidden, not found), which the caller should pass on.
func (f *form) fromError(err error, fields []string, aliases map[string]string) bool {
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
		f.set(field, we.Message)
	} else {
		f.General = we.Message
	}
	return true
}
