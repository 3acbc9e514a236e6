package contestweb

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/httperr"
)

// entryFields are the entry form's fields, named as the service names
// them in its refusals.
var entryFields = []string{"title", "description", "file", "link"}

type submitView struct {
	C          *contest.Contest
	Who        *contest.Participant
	St         standing
	Closed     string            // why entries cannot be sent now
	Category   *contest.Category // the category the form is for; nil to choose one
	Categories []contest.Category
	Form       *form
	Joined     bool // just joined, from the join page
}

// entryNew is GET /lomba/{slug}/kirim: with ?kategori= (or when there is
// one category) the form for an entry in that category, else the
// categories to choose from, each with what it takes.
func (web *Web) entryNew(w http.ResponseWriter, r *http.Request, p *contest.Participant) error {
	return web.renderSubmit(w, r, http.StatusOK, p, newForm("", nil))
}

// entrySubmit is POST /lomba/{slug}/kirim?kategori=…: the entry, with its
// file (multipart, limited to the category's size) or link.
func (web *Web) entrySubmit(w http.ResponseWriter, r *http.Request, p *contest.Participant) error {
	c, err := web.cs.Contest(r.Context(), nil, r.PathValue("slug"))
	if err != nil {
		return err
	}
	cat, _ := c.Category(r.URL.Query().Get("kategori"))
	f := newForm("", url.Values{})
	in, err := readEntry(w, r, cat, f)
	if file, ok := in.File.(io.Closer); ok {
		defer file.Close()
	}
	if err == nil {
		var e *contest.Entry
		if e, err = web.cs.Submit(r.Context(), p, c.ID, in); err == nil {
			return seeOther(w, r, "/lomba/saya?pesan=terkirim#karya-"+e.ID)
		}
	}
	if !refuse(f, err, entryFields...) {
		return err
	}
	return web.renderSubmit(w, r, httperr.Status(err), p, f)
}

// readEntry reads an entry form into the input for the service and keeps
// the typed values in f. The body may be at most a little more than the
// category's file limit; a file just over the limit still reaches the
// service, which refuses it in its own words.
func readEntry(w http.ResponseWriter, r *http.Request, cat *contest.Category, f *form) (contest.EntryInput, error) {
	limit := int64(contest.MaxFileBytes)
	if cat != nil && cat.Kind == contest.KindFile {
		limit = cat.MaxBytes
	} else if cat != nil {
		limit = 0
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit+formOverhead)
	err := r.ParseMultipartForm(formMemory)
	if errors.Is(err, http.ErrNotMultipart) {
		err = nil // a link category's form
	}
	var in contest.EntryInput
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) && cat != nil {
			return in, invalid("file", fmt.Sprintf("Ukuran berkas melebihi batas %s untuk kategori %s. Perkecil atau kompres berkas, lalu kirim lagi.",
				formatSize(cat.MaxBytes), cat.Name))
		}
		return in, invalid("", "Formulir tidak terkirim utuh. Coba kirim lagi.")
	}
	for _, k := range []string{"title", "description", "link"} {
		f.Values.Set(k, r.PostFormValue(k))
	}
	in = contest.EntryInput{Title: f.Get("title"), Description: f.Get("description"), Link: f.Get("link")}
	if cat != nil {
		in.Category = cat.ID
	}
	if r.MultipartForm != nil && len(r.MultipartForm.File["file"]) > 0 {
		file, err := r.MultipartForm.File["file"][0].Open()
		if err != nil {
			return in, invalid("file", "Berkas tidak terbaca. Pilih berkasnya lagi, lalu kirim.")
		}
		in.File = file
	}
	return in, nil
}

// formOverhead is what an entry form may carry besides its file (title,
// description, multipart framing); formMemory how much of a form is held
// in memory before the rest goes to a temporary file.
const (
	formOverhead = 1 << 20
	formMemory   = 1 << 20
)

func (web *Web) renderSubmit(w http.ResponseWriter, r *http.Request, status int, p *contest.Participant, f *form) error {
	ctx := r.Context()
	c, err := web.cs.Contest(ctx, nil, r.PathValue("slug"))
	if err != nil {
		return err
	}
	now := web.cs.Now()
	st, err := web.standingIn(ctx, c, p, now)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	v := submitView{C: c, Who: p, St: st, Categories: c.Categories, Form: f, Joined: q.Get("pesan") == "ikut"}
	switch {
	case now.Before(c.Timeline.SubmissionOpen):
		v.Closed = "Pengiriman karya baru dibuka pada " + contest.FormatWIB(c.Timeline.SubmissionOpen) + "."
	case !c.SubmissionOpen(now):
		v.Closed = "Batas pengiriman karya sudah lewat (" + contest.FormatWIB(c.Timeline.SubmissionDeadline) + ")."
	}
	if cat, ok := c.Category(q.Get("kategori")); ok {
		v.Category = cat
	} else if len(c.Categories) == 1 {
		v.Category = &c.Categories[0]
	}
	return web.pages.Render(w, r, status, "Kirim karya: "+c.Title, "submit", v)
}

// entryForm is the entry form's view, shared by sending and editing.
type entryForm struct {
	Action   string
	Category categoryView
	Form     *form
	Edit     bool
	Button   string
}

// EntryForm is the form for the chosen category.
func (v submitView) EntryForm() entryForm {
	return entryForm{Action: v.C.Path() + "/kirim?kategori=" + url.QueryEscape(v.Category.Slug), Category: categoryView{Category: *v.Category},
		Form: v.Form, Button: "Kirim karya"}
}
