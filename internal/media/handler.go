package media

import (
	"io/fs"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
)

// contentTypes are the only files the handler serves, by extension. Stored
// files are always JPEG; the others are accepted for files an operator
// copied in by hand.
var contentTypes = map[string]string{
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".png":  "image/png",
	".webp": "image/webp",
}

// Handler serves GET and HEAD /media/… from the library's directory. A key
// never changes its content, so responses may be cached for a year. Paths
// that leave the directory (including by symlink), directories, hidden
// files and other file types are all 404.
func (l *Library) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "Metode tidak diizinkan.", http.StatusMethodNotAllowed)
			return
		}
		name, ok := strings.CutPrefix(r.URL.Path, "/media/")
		ctype := contentTypes[strings.ToLower(path.Ext(name))]
		if !ok || ctype == "" || !fs.ValidPath(name) || strings.Contains(name, "\\") || strings.Contains(name, "/.") || strings.HasPrefix(name, ".") {
			http.NotFound(w, r)
			return
		}
		f, err := os.OpenInRoot(l.dir, name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil || !st.Mode().IsRegular() {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", ctype)
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("ETag", `"`+strconv.FormatInt(st.ModTime().UnixNano(), 36)+"-"+strconv.FormatInt(st.Size(), 36)+`"`)
		http.ServeContent(w, r, "", st.ModTime(), f)
	})
}
