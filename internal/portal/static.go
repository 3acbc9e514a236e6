package portal

import (
	"embed"
	"net/http"
)

//go:embed static
var staticFS embed.FS

// staticShow serves an embedded file by its hashed name, cacheable for a
// year since the name changes whenever the content does.
func (p *Portal) staticShow(w http.ResponseWriter, r *http.Request) {
	if !p.assets.Serve(w, r) {
		p.Error(w, r, http.StatusNotFound, "")
	}
}
