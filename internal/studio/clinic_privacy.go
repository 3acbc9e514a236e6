package studio

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// clinicPrivacyView is the admins' page for reporters' personal data
// (UU PDP 27/2022): export and erasure of one person's data, and the log of
// every access to contact data.
type clinicPrivacyView struct {
	layout
	Kinds   []struct{ Key, Name string }
	Export  *form
	Erase   *form
	Confirm bool // the erase form asks to confirm what was typed
	Log     []clinic.AccessEntry
	// Newer and Older are the cursors of the log's neighbouring pages,
	// "" at either end.
	Newer, Older string
}

// accessLogLimit is how many accesses one page of the log lists.
const accessLogLimit = 100

// clinicPrivacy shows the export and erase forms and the access log.
func (s *Studio) clinicPrivacy(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	return s.renderPrivacy(w, r, u, newForm(nil), newForm(nil), false, http.StatusOK)
}

func (s *Studio) renderPrivacy(w http.ResponseWriter, r *http.Request, u *warta.User, export, erase *form, confirm bool, status int) error {
	v := clinicPrivacyView{layout: s.newLayout(r, "Data pribadi pelapor – Klinik Hoaks"), Kinds: contactKinds,
		Export: export, Erase: erase, Confirm: confirm}
	export.Prefix, erase.Prefix = "ekspor-", "hapus-"
	// The log pages by keyset, newest first: ?sebelum= older entries,
	// ?sesudah= newer ones; plain links, so paging needs no JavaScript.
	q := r.URL.Query()
	page, err := s.clinic.AccessLogPage(r.Context(), u, clinic.AccessLogQuery{Before: q.Get("sebelum"), After: q.Get("sesudah"),
		Limit: accessLogLimit})
	if err != nil {
		return err
	}
	v.Log, v.Newer, v.Older = page.Entries, page.Newer, page.Older
	s.render(w, r, status, "clinic_privacy", &v)
	return nil
}

// personForm reads and checks the kind and address of a person.
func personForm(r *http.Request) (*form, error) {
	f, err := parseForm(r)
	if err != nil {
		return nil, err
	}
	f.Require("kind", "Pilih jenis kontak.", "address", "Isi alamat kontak: nomor WhatsApp, ID obrolan Telegram atau alamat email.")
	return f, nil
}

// clinicPrivacyExport downloads, as JSON, every report and contact record
// of one person.
func (s *Studio) clinicPrivacyExport(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	f, err := personForm(r)
	if err != nil {
		return err
	}
	var data []byte
	if !f.Invalid() {
		data, err = s.clinic.ExportPerson(r.Context(), u, f.Get("kind"), strings.TrimSpace(f.Get("address")))
		if err != nil && !fromError(f, err, []string{"kind", "address"}, nil) {
			return err
		}
	}
	if f.Invalid() {
		return s.renderPrivacy(w, r, u, f, newForm(nil), false, http.StatusUnprocessableEntity)
	}
	name := "data-pribadi-" + f.Get("kind") + "-" + s.now().In(warta.Jakarta).Format("20060102-1504") + ".json"
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Write(data)
	return nil
}

// clinicPrivacyErase erases one person's contact data and consent
// records. The first POST asks to confirm what was typed; only the second,
// with yakin=1, erases.
func (s *Studio) clinicPrivacyErase(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	f, err := personForm(r)
	if err != nil {
		return err
	}
	if f.Invalid() {
		return s.renderPrivacy(w, r, u, newForm(nil), f, false, http.StatusUnprocessableEntity)
	}
	if f.Get("yakin") != "1" {
		return s.renderPrivacy(w, r, u, newForm(nil), f, true, http.StatusOK)
	}
	n, err := s.clinic.ErasePerson(r.Context(), u, f.Get("kind"), strings.TrimSpace(f.Get("address")))
	if err != nil {
		if !fromError(f, err, []string{"kind", "address"}, nil) {
			return err
		}
		f.Values = url.Values{"kind": {f.Get("kind")}, "address": {f.Get("address")}}
		return s.renderPrivacy(w, r, u, newForm(nil), f, false, statusOf(err))
	}
	notice := "data-dihapus"
	if n == 0 {
		notice = "data-tidak-ada"
	}
	redirect(w, r, "/studio/klinik/data-pribadi", notice)
	return nil
}
