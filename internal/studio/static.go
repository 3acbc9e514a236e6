package studio

import (
	"embed"
	"net/http"
)

//go:embed static
var staticFS embed.FS

// staticShow serves an embedded file by its hashed name.
func (s *Studio) staticShow(w http.ResponseWriter, r *http.Request) {
	if !s.assets.Serve(w, r) {
		http.NotFound(w, r)
	}
}
