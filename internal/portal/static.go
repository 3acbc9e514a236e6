package portal

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// assets are the embedded static files, each served under a name carrying a
// hash of its content (app.3f2a1c9e.css), so browsers may keep it forever and
// a new release is fetched at once.
type assets struct {
	byHashed map[string]asset  // "app.3f2a1c9e.css" → file
	urls     map[string]string // "app.css" → "/static/app.3f2a1c9e.css"
}

type asset struct {
	contentType string
	body        []byte
}

// loadAssets reads and hashes the embedded static files.
func loadAssets() (*assets, error) {
	a := &assets{byHashed: map[string]asset{}, urls: map[string]string{}}
	err := fs.WalkDir(staticFS, "static", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		base := path.Base(name)
		ext := path.Ext(base)
		hashed := strings.TrimSuffix(base, ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
		ctype := mime.TypeByExtension(ext)
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		a.byHashed[hashed] = asset{contentType: ctype, body: body}
		a.urls[base] = "/static/" + hashed
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load static files: %w", err)
	}
	return a, nil
}

// url is the content-hashed URL of a static file by its plain name.
func (a *assets) url(name string) string {
	return a.urls[name]
}

// staticShow serves an embedded file by its hashed name, cacheable for a
// year since the name changes whenever the content does.
func (p *Portal) staticShow(w http.ResponseWriter, r *http.Request) {
	f, ok := p.assets.byHashed[r.PathValue("name")]
	if !ok {
		p.Error(w, r, http.StatusNotFound, "")
		return
	}
	w.Header().Set("Content-Type", f.contentType)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(f.body)
}
