package contestweb

import (
	"io"
	"net/http"
	"net/url"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/httperr"
)

type editView struct {
	C        *contest.Contest
	Who      *contest.Participant
	E        *contest.Entry
	Category *contest.Category
	Closed   string // why the entry can no longer change
	Form     *form
}

// entryEdit is GET /lomba/{slug}/karya/{id}/ubah: the participant's entry
// with its moderation status, and, until the deadline, the form to change
// it and the button to withdraw it.
func (web *Web) entryEdit(w http.ResponseWriter, r *http.Request, p *contest.Participant) error {
	return web.renderEdit(w, r, http.StatusOK, p, nil)
}

// entrySave is POST /lomba/{slug}/karya/{id}/ubah: a new title,
// description and, when given, file or link. The entry goes back to
// moderation.
func (web *Web) entrySave(w http.ResponseWriter, r *http.Request, p *contest.Participant) error {
	c, e, err := web.ownEntry(r, p)
	if err != nil {
		return err
	}
	cat, _ := c.Category(e.CategoryID)
	f := newForm("", url.Values{})
	in, err := readEntry(w, r, cat, f)
	if file, ok := in.File.(io.Closer); ok {
		defer file.Close()
	}
	if err == nil {
		if _, err = web.cs.EditEntry(r.Context(), p, e.ID, in); err == nil {
			return seeOther(w, r, "/lomba/saya?pesan=diubah#karya-"+e.ID)
		}
	}
	if !refuse(f, err, entryFields...) {
		return err
	}
	return web.renderEdit(w, r, httperr.Status(err), p, f)
}

// entryWithdraw is POST /lomba/{slug}/karya/{id}/tarik.
func (web *Web) entryWithdraw(w http.ResponseWriter, r *http.Request, p *contest.Participant) error {
	_, e, err := web.ownEntry(r, p)
	if err != nil {
		return err
	}
	if err := web.cs.WithdrawEntry(r.Context(), p, e.ID); err != nil {
		f := newForm("", nil)
		if !refuse(f, err) {
			return err
		}
		return web.renderEdit(w, r, httperr.Status(err), p, f)
	}
	return seeOther(w, r, "/lomba/saya?pesan=ditarik#karya-"+e.ID)
}

// ownEntry reads the contest of the path and the participant's entry in
// it; someone else's entry, or one of another contest, is not found.
func (web *Web) ownEntry(r *http.Request, p *contest.Participant) (*contest.Contest, *contest.Entry, error) {
	c, err := web.cs.Contest(r.Context(), nil, r.PathValue("slug"))
	if err != nil {
		return nil, nil, err
	}
	e, err := web.cs.MyEntry(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return nil, nil, err
	}
	if e.ContestID != c.ID {
		return nil, nil, errEntryNotFound
	}
	return c, e, nil
}

// renderEdit shows the edit page; f is nil for a fresh form filled from
// the entry.
func (web *Web) renderEdit(w http.ResponseWriter, r *http.Request, status int, p *contest.Participant, f *form) error {
	c, e, err := web.ownEntry(r, p)
	if err != nil {
		return err
	}
	if f == nil {
		f = newForm("", url.Values{"title": {e.Title}, "description": {e.Description}, "link": {e.Link}})
	}
	cat, _ := c.Category(e.CategoryID)
	v := editView{C: c, Who: p, E: e, Category: cat, Form: f}
	now := web.cs.Now()
	switch {
	case e.Status == contest.EntryWithdrawn:
		v.Closed = "Karya ini sudah ditarik. Karya yang ditarik tidak dapat diubah; kirim sebagai karya baru selama pengiriman dibuka."
	case !c.SubmissionOpen(now):
		v.Closed = "Batas pengiriman karya sudah lewat (" + contest.FormatWIB(c.Timeline.SubmissionDeadline) + "). Karya tidak dapat diubah atau ditarik lagi."
	}
	return web.pages.Render(w, r, status, "Ubah karya: "+e.Title, "edit", v)
}

// EntryForm is the form to change the entry.
func (v editView) EntryForm() entryForm {
	return entryForm{Action: v.C.Path() + "/karya/" + v.E.ID + "/ubah", Category: categoryView{Category: *v.Category},
		Form: v.Form, Edit: true, Button: "Simpan perubahan"}
}
