package warta

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to exactly one HTTP status in the http layer.
const (
	ENotFound     = "not_found"
	EInvalid      = "invalid"
	EConflict     = "conflict"
	EForbidden    = "forbidden"
	EUnauthorized = "unauthorized"
	EInternal     = "internal"
)

// Error is an application error with a machine code and a message safe to
// show to a user (in Bahasa Indonesia). Field names the input at fault, if any.
type Error struct {
	Code    string
	Message string
	Field   string
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("warta: %s: %s (%s)", e.Code, e.Message, e.Field)
	}
	return fmt.Sprintf("warta: %s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EInternal
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the user-safe message of err. Internal errors never
// leak their text.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Terjadi kesalahan di server. Silakan coba lagi sebentar lagi."
}
