// Package assets serves embedded static files (stylesheets, scripts) under
// names carrying a hash of their content (app.3f2a1c9e.css), so browsers
// may keep them for a year and a release that changes one is fetched at
// once. The portal and the studio each have their own set.
package assets

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

// Set is one collection of static files served under a URL prefix.
type Set struct {
	byHashed map[string]file   // "app.3f2a1c9e.css" → file
	urls     map[string]string // "app.css" → "/static/app.3f2a1c9e.css"
}

type file struct {
	contentType string
	body        []byte
}

// Load reads and hashes every file under dir in fsys; prefix is the URL
// path they are served under ("/static/").
func Load(fsys fs.FS, dir, prefix string) (*Set, error) {
	s := &Set{byHashed: map[string]file{}, urls: map[string]string{}}
	err := fs.WalkDir(fsys, dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, name)
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
		s.byHashed[hashed] = file{contentType: ctype, body: body}
		s.urls[base] = prefix + hashed
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("assets: load %s: %w", dir, err)
	}
	return s, nil
}

// URL is the content-hashed URL of a file by its plain name, or "" when
// there is no such file.
func (s *Set) URL(name string) string { return s.urls[name] }

// Serve writes the file whose hashed name is the request's {name} path
// value, cacheable for a year. It reports false, writing nothing, when
// there is no such file, so the caller can answer with its own 404 page.
func (s *Set) Serve(w http.ResponseWriter, r *http.Request) bool {
	f, ok := s.byHashed[r.PathValue("name")]
	if !ok {
		return false
	}
	w.Header().Set("Content-Type", f.contentType)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(f.body)
	return true
}
