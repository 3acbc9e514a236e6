package dissemination

import (
	"errors"
	"io"
	"net/http"
)

// ReadWebhookBody reads a platform's webhook POST of at most max bytes.
// On failure it has already answered (413 for a body too large, 400 for a
// broken one), so the platform learns that redelivery will not help, and
// it reports false.
func ReadWebhookBody(w http.ResponseWriter, r *http.Request, max int64) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "payload too large", http.StatusRequestEntityTooLarge)
			return nil, false
		}
		http.Error(w, "bad request", http.StatusBadRequest)
		return nil, false
	}
	return body, true
}
