package studio

import (
	"net/http"
	"net/url"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// clinicContactView asks why a checker wants a reporter's contact, and
// once told, shows it.
type clinicContactView struct {
	layout
	ReportID string
	ClaimID  string // for the way back
	Form     *form
	Contact  *clinic.Contact
	Kind     string // the contact kind's name
}

// clinicContactShow asks the purpose of opening a report's contact data.
func (s *Studio) clinicContactShow(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	f := newForm(url.Values{"klaim": {r.URL.Query().Get("klaim")}})
	return s.renderContact(w, r, f, nil, http.StatusOK)
}

// clinicContactOpen opens the contact for the purpose typed; the clinic
// logs the access. The contact is shown on this response only, never put
// in a URL.
func (s *Studio) clinicContactOpen(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	f.Require("purpose", "Tuliskan untuk apa Anda membuka kontak ini, misalnya “meminta bukti tambahan”.")
	if f.Invalid() {
		return s.renderContact(w, r, f, nil, http.StatusUnprocessableEntity)
	}
	c, err := s.clinic.ReporterContact(r.Context(), u, r.PathValue("id"), f.Get("purpose"))
	if err != nil {
		if !fromError(f, err, []string{"purpose"}, nil) {
			return err
		}
		return s.renderContact(w, r, f, nil, statusOf(err))
	}
	return s.renderContact(w, r, f, c, http.StatusOK)
}

func (s *Studio) renderContact(w http.ResponseWriter, r *http.Request, f *form, c *clinic.Contact, status int) error {
	v := clinicContactView{layout: s.newLayout(r, "Kontak pelapor – Klinik Hoaks"), ReportID: r.PathValue("id"),
		ClaimID: f.Get("klaim"), Form: f, Contact: c}
	if c != nil {
		v.Kind = contactKindName(c.Kind)
	}
	s.render(w, r, status, "clinic_contact", &v)
	return nil
}

// contactKindName names a contact kind in a sentence: "WhatsApp".
func contactKindName(kind string) string {
	switch kind {
	case "whatsapp":
		return "WhatsApp"
	case "telegram":
		return "Telegram"
	case "email":
		return "email"
	}
	return kind
}
