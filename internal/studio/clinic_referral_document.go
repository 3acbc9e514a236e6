package studio

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// The document a referral is filed with Bawaslu as
// (/studio/klinik/rujukan/{id}): a printable page, or with ?format=json
// the same fields as a download. Opening it opens the reporter's name and
// address, which the clinic logs.

// referralDocTitle is the document's title.
const referralDocTitle = "Penerusan Laporan Dugaan Pelanggaran Pemilu"

// referralDocPage stands alone, without the studio's frame, so that it
// prints as a letter.
var referralDocPage = template.Must(template.New("").Funcs(template.FuncMap{
	"dateTime": formatDateTime,
	"iso":      func(t time.Time) string { return t.Format(time.RFC3339) },
	"channel":  channelLabel,
}).ParseFS(templateFS, "templates/clinic_referral_document.html"))

// referralDocView is the document's page.
type referralDocView struct {
	Title, Site, CSS string
	R                *clinic.Referral
	D                *clinic.ReferralDoc
	Sender           string
	Timer            timer // the filing deadline against now
	Now              time.Time
	Screenshot       string // the report's screenshot in the studio, "" when none
}

// clinicReferralDocument shows a referral as the document filed with
// Bawaslu, or gives it as JSON with ?format=json.
func (s *Studio) clinicReferralDocument(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	ref, err := s.clinic.ReferralDocument(r.Context(), u, r.PathValue("id"))
	if err != nil {
		return err
	}
	now := s.now()
	v := referralDocView{Title: referralDocTitle, Site: s.siteName, CSS: s.assets.URL("clinic_referral.css"), R: ref, D: ref.Doc,
		Sender: ref.Doc.Sender, Timer: deadlineTimer(ref.Deadline, now), Now: now}
	if v.Sender == "" {
		v.Sender = s.siteName
	}
	if rep := ref.Doc.Report; rep != nil && rep.ImagePath != "" {
		v.Screenshot = "/studio/klinik/laporan/" + rep.ID + "/gambar"
	}
	switch f := r.URL.Query().Get("format"); f {
	case "":
	case "json":
		return s.referralDocJSON(w, &v)
	default:
		return warta.Errorf(warta.EInvalid, "Format %q tidak tersedia; pilih tanpa format (halaman cetak) atau format=json.", f)
	}
	var buf bytes.Buffer
	if err := referralDocPage.ExecuteTemplate(&buf, "document", &v); err != nil {
		return fmt.Errorf("studio: referral document %s: %w", ref.ID, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
	return nil
}

// deadlineTimer describes the time left to file with Bawaslu:
// "sisa 6 hari 23 jam", "sisa 5 jam", "lewat 2 hari".
func deadlineTimer(deadline, now time.Time) timer {
	if now.After(deadline) {
		return timer{Text: "lewat " + daysLabel(now.Sub(deadline)), Overdue: true}
	}
	return timer{Text: "sisa " + daysLabel(deadline.Sub(now))}
}

// daysLabel is a span in days and hours, or in hours and minutes under a
// day.
func daysLabel(d time.Duration) string {
	if d < 24*time.Hour {
		return spanLabel(d)
	}
	h := int(d / time.Hour)
	out := fmt.Sprintf("%d hari", h/24)
	if h%24 > 0 {
		out += fmt.Sprintf(" %d jam", h%24)
	}
	return out
}

// referralDocJSON is the document's download: the same fields as the
// printed page, times in RFC 3339 in WIB.
type referralDocJSON struct {
	Title    string `json:"title"`
	Sender   string `json:"sender"`
	Ticket   string `json:"ticket"`
	Reporter struct {
		Name    string `json:"name"`
		Address string `json:"address"`
		// Erased says the reporter's data was erased at their request
		// or after the retention period.
		Erased bool   `json:"erased"`
		Note   string `json:"note,omitempty"`
	} `json:"reporter"`
	ReportedParty string `json:"reported_party"`
	Place         string `json:"place"`
	OccurredAt    string `json:"occurred_at,omitempty"`
	KnownAt       string `json:"known_at"`
	Deadline      struct {
		At      string `json:"at"`
		Status  string `json:"status"` // "sisa 6 hari 23 jam", "lewat 2 hari"
		Overdue bool   `json:"overdue"`
	} `json:"deadline"`
	Description string   `json:"description"`
	Evidence    []string `json:"evidence"`
	Report      struct {
		Channel    string `json:"channel"`
		ReceivedAt string `json:"received_at"`
		Text       string `json:"text"`
		URL        string `json:"url,omitempty"`
		Screenshot bool   `json:"screenshot"`
	} `json:"report"`
	Verdict *referralVerdictJSON `json:"verdict"`
	Consent *referralConsentJSON `json:"consent"`
	Created string               `json:"created_at"`
	Printed string               `json:"generated_at"`
}

type referralVerdictJSON struct {
	Label string `json:"label"`
	Title string `json:"title"`
	URL   string `json:"url,omitempty"`
}

type referralConsentJSON struct {
	Text string `json:"text"`
	At   string `json:"at"`
}

// erasedNote is what the document says in place of an erased reporter.
const erasedNote = "Data pelapor (nama dan alamat) sudah dihapus atas permintaan pelapor atau karena masa simpannya habis."

func wib(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(warta.Jakarta).Format(time.RFC3339)
}

func (s *Studio) referralDocJSON(w http.ResponseWriter, v *referralDocView) error {
	ref, d := v.R, v.D
	var out referralDocJSON
	out.Title, out.Sender = v.Title, v.Sender
	out.Reporter.Name, out.Reporter.Address, out.Reporter.Erased = ref.ReporterName, ref.ReporterAddress, d.ReporterErased
	if d.ReporterErased {
		out.Reporter.Note = erasedNote
	}
	out.ReportedParty, out.Place, out.Description = ref.ReportedParty, ref.Place, ref.Description
	out.OccurredAt, out.KnownAt = wib(ref.OccurredAt), wib(ref.KnownAt)
	out.Deadline.At, out.Deadline.Status, out.Deadline.Overdue = wib(ref.Deadline), v.Timer.Text, v.Timer.Overdue
	out.Evidence = append([]string{}, ref.Evidence...)
	if rep := d.Report; rep != nil {
		out.Ticket = rep.Ticket
		out.Report.Channel, out.Report.ReceivedAt = channelLabel(rep.Channel), wib(rep.ReceivedAt)
		out.Report.Text, out.Report.URL, out.Report.Screenshot = rep.Text, rep.URL, rep.ImagePath != ""
	}
	if vd := d.Verdict; vd != nil {
		out.Verdict = &referralVerdictJSON{Label: vd.Label, Title: vd.Title, URL: vd.URL}
	}
	if !d.ReporterErased && !d.ConsentAt.IsZero() {
		out.Consent = &referralConsentJSON{Text: d.ConsentText, At: wib(d.ConsentAt)}
	}
	out.Created, out.Printed = wib(ref.CreatedAt), wib(v.Now)
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return fmt.Errorf("studio: referral document %s as JSON: %w", ref.ID, err)
	}
	name := "rujukan-bawaslu-" + strings.ToLower(cmp.Or(out.Ticket, ref.ID)) + ".json"
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Write(append(b, '\n'))
	return nil
}
