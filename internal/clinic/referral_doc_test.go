package clinic

import (
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// referAmplop files a referral for a reporter who gave the separate
// consent, and returns it with the report's ticket.
func referAmplop(t *testing.T, e *env) (*Referral, string) {
	t.Helper()
	rc := e.submit(Submission{Channel: ChannelWeb, Text: "Tim sukses paslon 1 membagikan amplop di Desa Sukorejo",
		URL:     "https://facebook.com/grup/posts/9",
		Contact: &ContactInput{Kind: "email", Address: "saksi@contoh.example", Name: "Siti Aminah", HomeAddress: "Jl. Melati 3, Sidoarjo"},
		Consent: true, ConsentText: "Saya setuju data saya diteruskan ke Bawaslu.", ReferralConsent: true})
	c := e.claimOf(rc.Ticket)
	ref, err := e.svc.Refer(e.ctx, e.checker, c.ID, Referral{ReportID: reportID(e, rc.Ticket),
		ReportedParty: "Tim sukses paslon 1", Place: "Desa Sukorejo, Sidoarjo",
		OccurredAt:  time.Date(2026, 3, 1, 19, 0, 0, 0, warta.Jakarta),
		KnownAt:     time.Date(2026, 3, 1, 20, 0, 0, 0, warta.Jakarta),
		Description: "Pembagian amplop berisi uang kepada warga.", Evidence: []string{"https://video.example/amplop"}})
	if err != nil {
		t.Fatal(err)
	}
	return ref, rc.Ticket
}

func TestReferralDocument(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ref, ticket := referAmplop(t, e)
		before := e.count("SELECT COUNT(*) FROM clinic_access_log WHERE action = 'referral'")

		got, err := e.svc.ReferralDocument(e.ctx, e.editor, ref.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ReporterName != "Siti Aminah" || got.ReporterAddress != "Jl. Melati 3, Sidoarjo" ||
			got.ReportedParty != "Tim sukses paslon 1" || got.Place != "Desa Sukorejo, Sidoarjo" ||
			!got.Deadline.Equal(time.Date(2026, 3, 8, 20, 0, 0, 0, warta.Jakarta)) ||
			!got.OccurredAt.Equal(time.Date(2026, 3, 1, 19, 0, 0, 0, warta.Jakarta)) ||
			len(got.Evidence) != 1 || got.Evidence[0] != "https://video.example/amplop" {
			t.Fatalf("referral %+v", got)
		}
		d := got.Doc
		if d == nil || d.ReporterErased || d.Report == nil || d.Report.Ticket != ticket ||
			d.Report.URL != "https://facebook.com/grup/posts/9" || d.Claim == nil || d.Claim.ID != ref.ClaimID ||
			d.Sender != "Dinas Komunikasi dan Informatika Provinsi Jawa Timur" ||
			!strings.Contains(d.ConsentText, "diteruskan ke Bawaslu") || !d.ConsentAt.Equal(start) {
			t.Fatalf("document %+v", d)
		}

		log, err := e.svc.AccessLog(e.ctx, e.admin, 10)
		if err != nil {
			t.Fatal(err)
		}
		if n := e.count("SELECT COUNT(*) FROM clinic_access_log WHERE action = 'referral'"); n != before+1 {
			t.Errorf("%d referral accesses logged, want %d", n, before+1)
		}
		if log[0].Action != AccessReferral || log[0].ActorID != e.editor.ID || log[0].Purpose != "dokumen rujukan Bawaslu" {
			t.Errorf("newest access %+v", log[0])
		}

		for _, u := range []*warta.User{e.contributor, e.judge, nil} {
			_, err := e.svc.ReferralDocument(e.ctx, u, ref.ID)
			if code := warta.ErrorCode(err); code != warta.EForbidden && code != warta.EUnauthorized {
				t.Errorf("%v opened the document: %v", u, err)
			}
		}
		_, err = e.svc.ReferralDocument(e.ctx, e.checker, "01NOTAREFERRAL")
		wantErr(t, "unknown referral", err, warta.ENotFound, "tidak ditemukan")

		// After the reporter asked for erasure the referral stands, without them.
		if n, err := e.svc.ErasePerson(e.ctx, e.admin, "email", "saksi@contoh.example"); err != nil || n != 1 {
			t.Fatalf("erase: %d, %v", n, err)
		}
		logged := e.count("SELECT COUNT(*) FROM clinic_access_log")
		got, err = e.svc.ReferralDocument(e.ctx, e.checker, ref.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ReporterName != "" || got.ReporterAddress != "" || !got.Doc.ReporterErased || got.Doc.ConsentText != "" ||
			got.ReportedParty != "Tim sukses paslon 1" || got.Doc.Report.Ticket != ticket {
			t.Fatalf("after erasure %+v %+v", got, got.Doc)
		}
		if n := e.count("SELECT COUNT(*) FROM clinic_access_log"); n != logged {
			t.Errorf("an access to no data was logged: %d entries, was %d", n, logged)
		}
	})
}
