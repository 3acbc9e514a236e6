package clinic

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// referralDocPurpose is the access log's purpose of opening a referral's
// reporter to print or download the document filed with Bawaslu.
const referralDocPurpose = "dokumen rujukan Bawaslu"

// ReferralDoc is what the document filed with Bawaslu carries besides the
// referral itself (Perbawaslu 7/2022: reporter's name and address, the
// reported party, time and place, description and evidence, filed within
// 7 days of the violation becoming known). ReferralDocument fills it.
type ReferralDoc struct {
	// Sender is the office that files the referral: the name of the
	// agency Cek Fakta articles are filed under; "" when none is set up.
	Sender  string
	Claim   *Claim
	Report  *Report  // the referred report: its ticket, link and screenshot
	Verdict *Verdict // the claim's verdict, nil until answered
	// ReporterErased is true when the reporter's data is gone, erased at
	// their request or after the retention period: the referral then has
	// no name, address or consent record.
	ReporterErased bool
	// ConsentText and ConsentAt are the reporter's consent as they gave
	// it, including the separate consent to a referral to Bawaslu.
	ConsentText string
	ConsentAt   time.Time
}

// ReferralDocument returns one referral with its reporter's name and
// address, opened from the referral's sealed copy, and Doc filled for the
// document filed with Bawaslu. Admins, editors and fact-checkers may; the
// opening is logged. When the reporter's data was erased or purged the
// name and address are empty and Doc.ReporterErased is true.
func (s *Service) ReferralDocument(ctx context.Context, u *warta.User, referralID string) (*Referral, error) {
	if err := pdpAllow(u, "membuka dokumen rujukan Bawaslu", warta.RoleAdmin, warta.RoleEditor, warta.RoleFactChecker); err != nil {
		return nil, err
	}
	var (
		r                        Referral
		occurred                 sql.NullInt64
		known, deadline, created int64
		evidence, sealed         string
		contactID                sql.NullString
	)
	err := s.queryRow(ctx, `SELECT f.id, f.claim_id, f.report_id, f.reported_party, f.place, f.occurred_at, f.known_at,
		f.deadline, f.description, f.evidence_json, f.sealed_reporter, f.created_by, f.created_at, p.contact_id
		FROM clinic_referrals f JOIN clinic_reports p ON p.id = f.report_id WHERE f.id = ?`, referralID).Scan(
		&r.ID, &r.ClaimID, &r.ReportID, &r.ReportedParty, &r.Place, &occurred, &known, &deadline, &r.Description,
		&evidence, &sealed, &r.CreatedBy, &created, &contactID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, warta.Errorf(warta.ENotFound, "Rujukan ke Bawaslu tidak ditemukan.")
	} else if err != nil {
		return nil, fmt.Errorf("clinic: referral %s: %w", referralID, err)
	}
	if err := json.Unmarshal([]byte(evidence), &r.Evidence); err != nil {
		return nil, fmt.Errorf("clinic: evidence of referral %s: %w", referralID, err)
	}
	r.OccurredAt, r.KnownAt, r.Deadline, r.CreatedAt = fromUnix(occurred), unixTime(known), unixTime(deadline), unixTime(created)

	doc := &ReferralDoc{}
	if doc.Claim, err = s.claim(ctx, s, r.ClaimID); err != nil {
		return nil, err
	}
	if doc.Report, err = scanReport(s.queryRow(ctx, "SELECT "+reportColumns+" FROM clinic_reports WHERE id = ?", r.ReportID)); err != nil {
		return nil, fmt.Errorf("clinic: report of referral %s: %w", referralID, err)
	}
	if doc.Claim.VerdictID != "" {
		if doc.Verdict, err = s.verdict(ctx, s, doc.Claim.VerdictID); err != nil && warta.ErrorCode(err) != warta.ENotFound {
			return nil, err
		}
	}
	if a, err := s.agency(ctx); err == nil {
		doc.Sender = a.Name
	} else {
		s.log.Warn("clinic: sender of referral document", "referral", r.ID, "err", err)
	}
	r.Doc = doc

	// Erasure and purge let go of the contact and blank the sealed copy.
	if !contactID.Valid || contactID.String == "" {
		doc.ReporterErased = true
		return &r, nil
	}
	sc, err := s.pdpLoadContact(ctx, contactID.String)
	if err != nil {
		return nil, fmt.Errorf("clinic: reporter of referral %s: %w", referralID, err)
	}
	doc.ConsentText, doc.ConsentAt = sc.ConsentText, sc.ConsentAt.UTC()
	c, err := s.openReporter(contactID.String, sealed)
	if err != nil {
		return nil, fmt.Errorf("clinic: reporter of referral %s: %w", referralID, err)
	}
	if c == nil {
		// Stored without its sealed copy (Refer could not seal it): the
		// contact row itself still holds the name and address.
		c = &sc.Contact
	}
	// No log, no data.
	if err := s.logAccess(ctx, u.ID, AccessReferral, contactID.String, referralDocPurpose); err != nil {
		return nil, err
	}
	r.ReporterName, r.ReporterAddress = c.Name, c.HomeAddress
	return &r, nil
}
