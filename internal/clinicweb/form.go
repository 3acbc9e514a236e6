package clinicweb

import (
	"errors"
	"html/template"
	"net/url"
	"slices"
	"strings"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// form is what a visitor typed and what was wrong with it. A page
// re-rendered from it after a refusal keeps everything typed (pages leave
// files out) and shows each message beside its field and in a summary
// at the top.
type form struct {
	Prefix  string // prepended to input ids, to tell forms on one page apart
	Values  url.Values
	errs    map[string]string
	order   []string
	General string // a message that belongs to no one field
}

func newForm(prefix string, v url.Values) *form {
	if v == nil {
		v = url.Values{}
	}
	return &form{Prefix: prefix, Values: v, errs: map[string]string{}}
}

// ID is the HTML id of a field's input.
func (f *form) ID(name string) string { return f.Prefix + name }

// Get returns a field's value.
func (f *form) Get(name string) string { return f.Values.Get(name) }

// Err returns the message for a field, or "".
func (f *form) Err(name string) string { return f.errs[name] }

// Invalid reports whether the form has any message.
func (f *form) Invalid() bool { return len(f.order) > 0 || f.General != "" }

// fieldError is one line of the error summary.
type fieldError struct{ Field, Message string }

// Errors lists the field messages in the order they were found.
func (f *form) Errors() []fieldError {
	out := make([]fieldError, len(f.order))
	for i, name := range f.order {
		out[i] = fieldError{name, f.errs[name]}
	}
	return out
}

// set records the message for a field; the first one wins.
func (f *form) set(field, msg string) {
	if _, ok := f.errs[field]; ok {
		return
	}
	f.errs[field] = msg
	f.order = append(f.order, field)
}

// refuse puts a refusal from the clinic service where the visitor will
// look for it: beside its field when the form has that field (fields maps
// the service's field names to the form's), else at the top. It reports
// false for errors that are not the visitor's to act on (internal, not
// found), which the caller passes on.
func (f *form) refuse(err error, fields map[string]string) bool {
	var we *warta.Error
	if !errors.As(err, &we) || we.Code == warta.EInternal || we.Code == warta.ENotFound {
		return false
	}
	if name, ok := fields[we.Field]; ok && we.Field != "" {
		f.set(name, we.Message)
	} else {
		f.General = we.Message
	}
	return true
}

// ariaInvalid ties an input to its hints (ids) and, when it has one, to
// its message, marking it invalid.
func ariaInvalid(f *form, name string, hints ...string) template.HTMLAttr {
	ids := hints
	invalid := f != nil && f.Err(name) != ""
	if invalid {
		ids = append(slices.Clone(hints), f.ID(name)+"-err")
	}
	var attr string
	if invalid {
		attr = `aria-invalid="true" `
	}
	if len(ids) > 0 {
		attr += `aria-describedby="` + template.HTMLEscapeString(strings.Join(ids, " ")) + `"`
	}
	return template.HTMLAttr(strings.TrimSpace(attr))
}

// fieldErr is a field's message, placed between its label and its input.
func fieldErr(f *form, name string) template.HTML {
	if f == nil || f.Err(name) == "" {
		return ""
	}
	return template.HTML(`<p class="field-error" id="` + template.HTMLEscapeString(f.ID(name)) + `-err"><span class="vh">Galat: </span>` +
		template.HTMLEscapeString(f.Err(name)) + `</p>`)
}

// invalid is a refusal of this package's own, for what the service never
// sees (a form that did not arrive whole).
func invalid(field, msg string) error {
	return &warta.Error{Code: warta.EInvalid, Field: field, Message: msg}
}
