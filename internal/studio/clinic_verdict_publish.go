package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// verdictFields are the verdict form's fields, in the order shown.
var verdictFields = []string{"label", "type", "title", "claim_reviewed", "explanation", "references",
	"claim_author", "claim_appearance", "claim_date", "region_code"}

// clinicVerdictPublish publishes the claim's verdict as a Cek Fakta
// article; the claim page then links to it.
func (s *Studio) clinicVerdictPublish(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	in := clinic.VerdictInput{
		Title: f.Get("title"), ClaimReviewed: f.Get("claim_reviewed"), Label: f.Get("label"), Type: f.Get("type"),
		Explanation: f.Get("explanation"), References: splitLines(f.Get("references")), ClaimAuthor: f.Get("claim_author"),
		ClaimAppearance: splitLines(f.Get("claim_appearance")), RegionCode: f.Get("region_code"),
	}
	var ok bool
	if in.ClaimDate, ok = parseLocal(f.Get("claim_date")); !ok {
		f.Set("claim_date", "Tanggal klaim tidak terbaca. Pilih tanggal dari kalender, misalnya 14/02/2024.")
		return s.renderClaim(w, r, u, claimForms{Verdict: f}, http.StatusUnprocessableEntity)
	}
	if _, err := s.clinic.PublishVerdict(r.Context(), u, id, in); err != nil {
		if !fromError(f, err, verdictFields, verdictAliases) {
			return err
		}
		return s.renderClaim(w, r, u, claimForms{Verdict: f}, statusOf(err))
	}
	redirect(w, r, "/studio/klinik/"+id, "putusan-terbit")
	return nil
}

// verdictAliases map the clinic's field names onto the form's.
var verdictAliases = map[string]string{
	"claimReviewed": "claim_reviewed", "claimAuthor": "claim_author", "claimAppearance": "claim_appearance",
	"appearance": "claim_appearance", "claimDate": "claim_date", "region": "region_code", "regionCode": "region_code",
}
