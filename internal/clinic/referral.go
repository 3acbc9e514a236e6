package clinic

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// referralDeadline is how long after a violation became known it may be
// reported to Bawaslu (Perbawaslu 7/2022: 7 days).
const referralDeadline = 7 * 24 * time.Hour

// Refer records a referral to Bawaslu for a report whose reporter gave the
// separate consent; its deadline is KnownAt + 7 days. The reporter's name
// and address come from their sealed contact and are kept sealed with the
// referral; reading them is logged.
func (s *Service) Refer(ctx context.Context, u *warta.User, claimID string, r Referral) (*Referral, error) {
	if err := checker(u); err != nil {
		return nil, err
	}
	r.ReportedParty = strings.TrimSpace(r.ReportedParty)
	r.Place = strings.TrimSpace(r.Place)
	r.Description = strings.TrimSpace(r.Description)
	switch {
	case r.ReportID == "":
		return nil, invalid("report", "Pilih laporan yang dirujuk.")
	case r.ReportedParty == "":
		return nil, invalid("reported_party", "Tuliskan pihak yang dilaporkan (nama orang, tim kampanye atau akun).")
	case r.Description == "":
		return nil, invalid("description", "Uraikan kejadiannya: apa yang terjadi, kapan dan di mana.")
	case r.KnownAt.IsZero():
		return nil, invalid("known_at", "Isi kapan pelanggaran ini diketahui; batas pelaporan ke Bawaslu 7 hari sejak itu.")
	case utf8.RuneCountInString(r.Description) > 10000:
		return nil, invalid("description", "Uraian paling panjang 10.000 karakter.")
	case !r.OccurredAt.IsZero() && r.OccurredAt.After(r.KnownAt):
		return nil, invalid("occurred_at", "Waktu kejadian tidak boleh sesudah waktu diketahui.")
	}
	var evidence []string
	for _, e := range r.Evidence {
		if e = strings.TrimSpace(e); e == "" {
			continue
		}
		p, err := url.Parse(e)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return nil, invalid("evidence", "Bukti %q bukan tautan yang valid (diawali http:// atau https://).", e)
		}
		evidence = append(evidence, e)
	}
	var reportClaim string
	var contactID sql.NullString
	var consent sql.NullInt64
	err := s.queryRow(ctx, `SELECT r.claim_id, r.contact_id, k.referral_consent FROM clinic_reports r
		LEFT JOIN clinic_contacts k ON k.id = r.contact_id WHERE r.id = ?`, r.ReportID).Scan(&reportClaim, &contactID, &consent)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && reportClaim != claimID) {
		return nil, &warta.Error{Code: warta.ENotFound, Message: "Laporan tidak ditemukan pada klaim ini.", Field: "report"}
	} else if err != nil {
		return nil, fmt.Errorf("clinic: report %s for referral: %w", r.ReportID, err)
	}
	if !contactID.Valid || consent.Int64 != 1 {
		return nil, invalid("report", "Pelapor laporan ini tidak memberi persetujuan terpisah untuk rujukan ke Bawaslu, jadi rujukan atas namanya tidak dapat dibuat.")
	}
	c, err := s.openContact(ctx, contactID.String)
	if err != nil {
		return nil, fmt.Errorf("clinic: reporter of referral: %w", err)
	}
	sealed, err := s.sealReporter(contactID.String, c)
	if err != nil {
		s.log.Warn("clinic: referral stored without the reporter's sealed copy", "report", r.ReportID, "err", err)
		sealed = ""
	}
	now := s.clock()
	r.ID, r.ClaimID, r.CreatedBy, r.CreatedAt = warta.NewIDAt(now), claimID, u.ID, now
	r.KnownAt = r.KnownAt.UTC().Truncate(time.Second)
	r.OccurredAt = r.OccurredAt.UTC().Truncate(time.Second)
	r.Deadline = r.KnownAt.Add(referralDeadline)
	r.Evidence = evidence
	r.ReporterName, r.ReporterAddress = c.Name, c.HomeAddress
	ev, _ := json.Marshal(jsonListOf(evidence))
	if _, err := s.exec(ctx, `INSERT INTO clinic_referrals (id, claim_id, report_id, reported_party, place, occurred_at,
		known_at, deadline, description, evidence_json, sealed_reporter, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, claimID, r.ReportID, r.ReportedParty, r.Place,
		nullUnix(r.OccurredAt), r.KnownAt.Unix(), r.Deadline.Unix(), r.Description, string(ev), sealed, u.ID, now.Unix()); err != nil {
		return nil, fmt.Errorf("clinic: store referral: %w", err)
	}
	if err := s.logAccess(ctx, u.ID, AccessReferral, contactID.String, "rujukan Bawaslu klaim "+claimID); err != nil {
		s.log.Error("clinic: log contact access", "referral", r.ID, "err", err)
	}
	s.audit(ctx, u, "clinic.refer", claimID, map[string]any{"referral_id": r.ID, "report_id": r.ReportID,
		"deadline": r.Deadline.Unix()})
	return &r, nil
}

func jsonListOf(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}

// referrals lists a claim's referrals, without the reporter's identity:
// that takes a logged ReporterContact.
func (s *Service) referrals(ctx context.Context, claimID string) ([]*Referral, error) {
	rows, err := s.query(ctx, `SELECT id, claim_id, report_id, reported_party, place, occurred_at, known_at, deadline,
		description, evidence_json, created_by, created_at FROM clinic_referrals WHERE claim_id = ? ORDER BY created_at, id`, claimID)
	if err != nil {
		return nil, fmt.Errorf("clinic: referrals of claim %s: %w", claimID, err)
	}
	defer rows.Close()
	var out []*Referral
	for rows.Next() {
		var r Referral
		var occurred sql.NullInt64
		var known, deadline, created int64
		var ev string
		if err := rows.Scan(&r.ID, &r.ClaimID, &r.ReportID, &r.ReportedParty, &r.Place, &occurred, &known, &deadline,
			&r.Description, &ev, &r.CreatedBy, &created); err != nil {
			return nil, fmt.Errorf("clinic: referrals of claim %s: %w", claimID, err)
		}
		json.Unmarshal([]byte(ev), &r.Evidence)
		r.OccurredAt, r.KnownAt, r.Deadline, r.CreatedAt = fromUnix(occurred), unixTime(known), unixTime(deadline), unixTime(created)
		out = append(out, &r)
	}
	return out, rows.Err()
}
