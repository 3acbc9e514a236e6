// Package httperr maps Warta's application error codes to HTTP statuses.
// It is the one place where that mapping lives, so the portal, the studio,
// the API and the server answer the same error with the same status.
package httperr

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Status returns the HTTP status for err: 404 for ENotFound, 400 for
// EInvalid, 409 for EConflict, 403 for EForbidden, 401 for EUnauthorized,
// 429 for ETooMany and 500 for anything else.
func Status(err error) int {
	switch warta.ErrorCode(err) {
	case warta.ENotFound:
		return http.StatusNotFound
	case warta.EInvalid:
		return http.StatusBadRequest
	case warta.EConflict:
		return http.StatusConflict
	case warta.EForbidden:
		return http.StatusForbidden
	case warta.EUnauthorized:
		return http.StatusUnauthorized
	case warta.ETooMany:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}
