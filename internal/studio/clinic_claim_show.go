package studio

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// clinicClaimView is one claim for checkers: its reports, the suggested
// verdict, assignment, status, notes, the verdict form and referrals.
type clinicClaimView struct {
	layout
	D         *clinic.ClaimDetail
	Heading   string
	Timer     timer
	Open      bool // baru or diperiksa: the claim can still be worked
	Mine      bool // assigned to the viewer
	Checkers  []warta.User
	Labels    []string
	Types     []struct{ Key, Name string }
	Regions   []warta.Region
	Region    string           // the claim's region name
	Referable []*clinic.Report // reports whose reporter consented to a referral
	// Failed are, by report id, the answers that could not be sent.
	Failed map[string]*clinic.ReplyFailure
	// Related are the published official articles the claim matches,
	// best first, for a checker to cite as evidence.
	Related []clinic.RelatedArticle
	// Flash is the verdict just published or confirmed, linked in the
	// confirmation at the top.
	Flash *clinic.Verdict
	// The page's forms, refilled after an error.
	Edit, Status, Note, Verdict, Referral *form
}

// claimForms are the forms of a claim page; nil ones start from the
// claim.
type claimForms struct {
	Edit, Status, Note, Verdict, Referral *form
}

// clinicClaimShow shows one claim.
func (s *Studio) clinicClaimShow(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	return s.renderClaim(w, r, u, claimForms{}, http.StatusOK)
}

// renderClaim writes the claim named in the path with the forms given,
// others filled from the claim.
func (s *Studio) renderClaim(w http.ResponseWriter, r *http.Request, u *warta.User, fs claimForms, status int) error {
	ctx := r.Context()
	d, err := s.clinic.Claim(ctx, u, r.PathValue("id"))
	if err != nil {
		return err
	}
	c := d.Claim
	v := clinicClaimView{D: d, Heading: claimTitle(c, d.Reports), Timer: claimTimer(c, s.now()),
		Open: c.Status == clinic.StatusNew || c.Status == clinic.StatusChecking, Mine: c.AssigneeID != "" && c.AssigneeID == u.ID,
		Labels: s.clinic.Labels(), Types: clinic.FirstDraftTypes}
	v.layout = s.newLayout(r, v.Heading+" – Klinik Hoaks")
	if p := r.URL.Query().Get("pesan"); (p == "putusan-terbit" || p == "saran-konfirmasi") && d.Verdict != nil {
		v.Flash, v.Notice = d.Verdict, ""
	}
	if v.Failed, err = s.clinic.ReplyFailures(ctx, u, c.ID); err != nil {
		return err
	}
	if v.Related, err = s.clinic.RelatedArticles(ctx, claimTexts(c, d.Reports), 3); err != nil {
		return err
	}
	users, err := s.db.Users(ctx)
	if err != nil {
		return err
	}
	for _, cu := range users {
		if isChecker(cu.Role) && !cu.Disabled {
			v.Checkers = append(v.Checkers, cu)
		}
	}
	if v.Regions, err = s.db.Regions(ctx); err != nil {
		return err
	}
	if i := slices.IndexFunc(v.Regions, func(rg warta.Region) bool { return rg.Code == c.RegionCode }); i >= 0 {
		v.Region = v.Regions[i].Name
	}
	for _, rep := range d.Reports {
		if rep.ReferralConsent {
			v.Referable = append(v.Referable, rep)
		}
	}
	v.Edit, v.Status, v.Note, v.Verdict, v.Referral = fs.Edit, fs.Status, fs.Note, fs.Verdict, fs.Referral
	if v.Edit == nil {
		ev := url.Values{"title": {c.Title}, "region_code": {c.RegionCode}}
		if c.Election {
			ev.Set("election", "1")
		}
		v.Edit = newForm(ev)
	}
	if v.Status == nil {
		v.Status = newForm(url.Values{"status": {c.Status}, "reason": {c.RejectReason}})
	}
	if v.Note == nil {
		v.Note = newForm(nil)
	}
	if v.Verdict == nil {
		v.Verdict = newForm(verdictDefaults(c, d.Reports))
	}
	if v.Referral == nil {
		v.Referral = newForm(nil)
	}
	v.Edit.Prefix, v.Status.Prefix, v.Note.Prefix, v.Verdict.Prefix, v.Referral.Prefix = "ubah-", "status-", "catatan-", "putusan-", "rujukan-"
	s.render(w, r, status, "clinic_claim", &v)
	return nil
}

// claimTexts are what the claim says, to match official articles with:
// its title, as checkers may have restated it, and its first report's
// text.
func claimTexts(c *clinic.Claim, reports []*clinic.Report) []string {
	texts := []string{c.Title}
	for _, r := range reports {
		if t := strings.TrimSpace(r.Text); t != "" {
			return append(texts, t)
		}
	}
	return texts
}

// verdictDefaults starts the verdict form from what the claim already
// says: its title and region, the first report's text as the claim
// reviewed, and the reports' links as where it appeared.
func verdictDefaults(c *clinic.Claim, reports []*clinic.Report) url.Values {
	v := url.Values{"title": {c.Title}, "region_code": {c.RegionCode}}
	var seen []string
	for _, r := range reports {
		if v.Get("claim_reviewed") == "" && strings.TrimSpace(r.Text) != "" {
			v.Set("claim_reviewed", strings.TrimSpace(r.Text))
		}
		if r.URL != "" && !slices.Contains(seen, r.URL) {
			seen = append(seen, r.URL)
		}
	}
	v.Set("claim_appearance", strings.Join(seen, "\n"))
	return v
}
