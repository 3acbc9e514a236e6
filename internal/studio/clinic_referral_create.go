package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// referralFields are the referral form's fields.
var referralFields = []string{"report_id", "reported_party", "place", "occurred_at", "known_at", "description", "evidence"}

// clinicReferralCreate records a referral to Bawaslu for a report whose
// reporter consented; the claim page then shows its 7-day deadline.
func (s *Studio) clinicReferralCreate(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	ref := clinic.Referral{ReportID: f.Get("report_id"), ReportedParty: f.Get("reported_party"), Place: f.Get("place"),
		Description: f.Get("description"), Evidence: splitLines(f.Get("evidence"))}
	var ok bool
	if ref.OccurredAt, ok = parseLocal(f.Get("occurred_at")); !ok {
		f.Set("occurred_at", "Waktu kejadian tidak terbaca. Isi tanggal dan jam, misalnya 14/02/2024 10.00.")
	}
	if ref.KnownAt, ok = parseLocal(f.Get("known_at")); !ok {
		f.Set("known_at", "Waktu diketahui tidak terbaca. Isi tanggal dan jam, misalnya 14/02/2024 10.00.")
	}
	if f.Invalid() {
		return s.renderClaim(w, r, u, claimForms{Referral: f}, http.StatusUnprocessableEntity)
	}
	if _, err := s.clinic.Refer(r.Context(), u, id, ref); err != nil {
		if !fromError(f, err, referralFields, map[string]string{"reportedParty": "reported_party", "knownAt": "known_at",
			"occurredAt": "occurred_at", "report": "report_id"}) {
			return err
		}
		return s.renderClaim(w, r, u, claimForms{Referral: f}, statusOf(err))
	}
	redirect(w, r, "/studio/klinik/"+id, "rujukan-dicatat")
	return nil
}
