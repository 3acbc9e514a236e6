// Package webform keeps what a person typed into a form and what was wrong
// with it, for the server-rendered pages of the studio, the contests and the
// clinic. A page re-rendered from a Form after a refusal keeps everything
// typed and shows each message beside its field and in a summary at the
// top; inputs point at their messages with aria-describedby.
//
// Where an application error belongs (beside a field, at the top, or on an
// error page) is each package's own policy, so that stays with them.
package webform

import (
	"html/template"
	"maps"
	"net/url"
	"slices"
	"strings"
)

// Form is one form's values and messages.
type Form struct {
	Prefix  string // prepended to input ids, to tell forms on one page apart
	Values  url.Values
	errs    map[string]string
	order   []string // fields with messages, in the order found
	General string   // a message that belongs to no one field
}

// New starts a form from submitted values (nil for an empty form). The
// values are copied, so that dropping a field from the page (a password)
// leaves the request's values alone.
func New(prefix string, v url.Values) *Form {
	if v == nil {
		v = url.Values{}
	}
	return &Form{Prefix: prefix, Values: maps.Clone(v), errs: map[string]string{}}
}

// ID is the HTML id of a field's input.
func (f *Form) ID(name string) string { return f.Prefix + name }

// Get returns a field's value.
func (f *Form) Get(name string) string { return f.Values.Get(name) }

// Has reports whether a multi-valued field (checkboxes) includes v.
func (f *Form) Has(name, v string) bool { return slices.Contains(f.Values[name], v) }

// Err returns the message for a field, or "".
func (f *Form) Err(name string) string { return f.errs[name] }

// Invalid reports whether the form has any message.
func (f *Form) Invalid() bool { return len(f.order) > 0 || f.General != "" }

// FieldError is one line of the error summary.
type FieldError struct{ Field, Message string }

// Errors lists the field messages in the order they were found.
func (f *Form) Errors() []FieldError {
	out := make([]FieldError, len(f.order))
	for i, name := range f.order {
		out[i] = FieldError{name, f.errs[name]}
	}
	return out
}

// Set records the message for a field; the first one for a field wins.
func (f *Form) Set(field, msg string) {
	if _, ok := f.errs[field]; ok {
		return
	}
	f.errs[field] = msg
	f.order = append(f.order, field)
}

// Require records the message after each field name for each of those
// fields left blank: Require("title", "Isi judul.", "body", "Isi naskah.").
func (f *Form) Require(pairs ...string) {
	for i := 0; i+1 < len(pairs); i += 2 {
		if strings.TrimSpace(f.Get(pairs[i])) == "" {
			f.Set(pairs[i], pairs[i+1])
		}
	}
}

// AriaInvalid ties an input to its hints (ids) and, when it has one, to its
// message, marking it invalid.
func AriaInvalid(f *Form, name string, hints ...string) template.HTMLAttr {
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

// FieldErr is a field's message, placed between its label and its input.
func FieldErr(f *Form, name string) template.HTML {
	if f == nil || f.Err(name) == "" {
		return ""
	}
	return template.HTML(`<p class="field-error" id="` + template.HTMLEscapeString(f.ID(name)) + `-err"><span class="vh">Galat: </span>` +
		template.HTMLEscapeString(f.Err(name)) + `</p>`)
}
