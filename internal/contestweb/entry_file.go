package contestweb

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strconv"

	"github.com/kominfo-jatim/warta/internal/contest"
)

// entryFile is GET /lomba/{slug}/karya/{id}/berkas: an entry's file as
// stored (an image re-encoded without its metadata, or the PDF), or with
// ?w= one of an image's resized copies. Its author may always fetch it;
// everyone else only an entry on the public ballot or the announced
// leaderboard. PDFs are downloads, never rendered in the site's origin.
func (web *Web) entryFile(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c, err := web.cs.Contest(ctx, nil, r.PathValue("slug"))
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	var e *contest.Entry
	p, err := web.participant(r)
	if err != nil {
		return err
	}
	if p != nil {
		if mine, err := web.cs.MyEntry(ctx, p, id); err == nil && mine.ContestID == c.ID {
			e = mine
		}
	}
	if e == nil {
		if e, err = web.shownEntry(ctx, c, id); err != nil {
			return err
		}
	}
	if e.File == nil {
		return errEntryNotFound
	}
	width, _ := strconv.Atoi(r.URL.Query().Get("w"))
	if !slices.Contains(e.File.Variants, width) {
		width = 0
	}
	f, err := os.Open(web.cs.FilePath(e.File, width))
	if errors.Is(err, os.ErrNotExist) {
		return errEntryNotFound
	} else if err != nil {
		return fmt.Errorf("contestweb: open entry file %s: %w", e.ID, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("contestweb: entry file %s: %w", e.ID, err)
	}
	h := w.Header()
	h.Set("Content-Type", e.File.MIME)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	name := "karya-" + e.Code()
	if e.File.MIME == contest.TypePDF {
		h.Set("Content-Disposition", `attachment; filename="`+name+`.pdf"`)
	} else {
		h.Set("Content-Disposition", `inline; filename="`+name+`.jpg"`)
	}
	http.ServeContent(w, r, "", st.ModTime(), f)
	return nil
}
