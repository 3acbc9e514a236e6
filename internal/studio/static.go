package studio

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

// assets are the embedded stylesheet and script, each served under a name
// carrying a hash of its content (studio.3f2a1c9e.css), so browsers keep it
// until a release changes it.
type assets struct {
	byHashed map[string]asset  // "studio.3f2a1c9e.css" → file
	urls     map[string]string // "studio.css" → "/studio/static/studio.3f2a1c9e.css"
}

type asset struct {
	contentType string
	body        []byte
}

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
		a.urls[base] = "/studio/static/" + hashed
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load static files: %w", err)
	}
	return a, nil
}

// staticShow serves an embedded file by its hashed name.
func (s *Studio) staticShow(w http.ResponseWriter, r *http.Request) {
	f, ok := s.assets.byHashed[r.PathValue("name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", f.contentType)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(f.body)
}
