package clinic

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Personal data of reporters (UU PDP 27/2022): who may see it, a copy of
// one person's data, erasure, and the log of every access.

// Access log actions.
const (
	AccessView     = "view"
	AccessExport   = "export"
	AccessErase    = "erase"
	AccessReply    = "reply"
	AccessPurge    = "purge"
	AccessReferral = "referral"
)

// SystemActor is the actor id of accesses made by Warta itself (the purge
// job).
const SystemActor = "system"

// AccessEntry is one logged access to contact data.
type AccessEntry struct {
	ID        string
	At        time.Time
	ActorID   string
	ActorName string
	Action    string // "view", "export", "erase", "reply", "purge", "referral"
	ContactID string
	Purpose   string
}

func pdpAllow(u *warta.User, what string, roles ...warta.Role) error {
	if u == nil {
		return warta.Errorf(warta.EUnauthorized, "Silakan masuk terlebih dahulu.")
	}
	for _, r := range roles {
		if u.Role == r && !u.Disabled {
			return nil
		}
	}
	return warta.Errorf(warta.EForbidden, "Anda tidak berwenang %s.", what)
}

// ReporterContact opens one report's contact data for a stated purpose;
// admins, editors and fact-checkers may, and the access is logged.
func (s *Service) ReporterContact(ctx context.Context, u *warta.User, reportID, purpose string) (*Contact, error) {
	if err := pdpAllow(u, "membuka kontak pelapor", warta.RoleAdmin, warta.RoleEditor, warta.RoleFactChecker); err != nil {
		return nil, err
	}
	purpose = strings.Join(strings.Fields(purpose), " ")
	if purpose == "" {
		return nil, &warta.Error{Code: warta.EInvalid, Field: "purpose",
			Message: "Tuliskan keperluan membuka kontak pelapor; keperluan itu dicatat."}
	}
	if len([]rune(purpose)) > 300 {
		return nil, &warta.Error{Code: warta.EInvalid, Field: "purpose", Message: "Keperluan paling panjang 300 karakter."}
	}
	db := s.cfg.DB
	var contactID sql.NullString
	err := db.SQL().QueryRowContext(ctx, db.Rebind(`SELECT contact_id FROM clinic_reports WHERE id = ?`), reportID).Scan(&contactID)
	if err == sql.ErrNoRows {
		return nil, warta.Errorf(warta.ENotFound, "Laporan tidak ditemukan.")
	} else if err != nil {
		return nil, fmt.Errorf("clinic: reporter contact of %s: %w", reportID, err)
	}
	if !contactID.Valid || contactID.String == "" {
		return nil, warta.Errorf(warta.ENotFound, "Laporan ini tidak menyimpan kontak pelapor: dikirim tanpa kontak, atau kontaknya sudah dihapus.")
	}
	c, err := s.openContact(ctx, contactID.String)
	if err != nil {
		return nil, err
	}
	// No log, no data.
	if err := s.logAccess(ctx, u.ID, AccessView, contactID.String, purpose); err != nil {
		return nil, err
	}
	return c, nil
}

// logAccess records one access to contact data.
func (s *Service) logAccess(ctx context.Context, actorID, action, contactID, purpose string) error {
	return s.pdpLog(ctx, s.cfg.DB.SQL(), s.pdpNow(), actorID, action, contactID, purpose)
}

type pdpExecer interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
}

func (s *Service) pdpLog(ctx context.Context, x pdpExecer, at time.Time, actorID, action, contactID, purpose string) error {
	_, err := x.ExecContext(ctx, s.cfg.DB.Rebind(`INSERT INTO clinic_access_log (id, at, actor_id, action, contact_id, purpose)
		VALUES (?, ?, ?, ?, ?, ?)`), warta.NewID(), at.Unix(), actorID, action, contactID, purpose)
	if err != nil {
		return fmt.Errorf("clinic: log %s of contact %s: %w", action, contactID, err)
	}
	return nil
}

// pdpContactIDs returns the ids of the contact rows of one person.
func (s *Service) pdpContactIDs(ctx context.Context, kind, address string) ([]string, error) {
	c, err := normalizeContact(ContactInput{Kind: kind, Address: address})
	if err != nil {
		return nil, err
	}
	if !s.contactBox().Ready() {
		return nil, warta.Errorf(warta.EInternal, "Data kontak tidak dapat dicari: kunci enkripsi belum dikonfigurasi (WARTA_SECRET_KEY).")
	}
	db := s.cfg.DB
	rows, err := db.SQL().QueryContext(ctx, db.Rebind(`SELECT id FROM clinic_contacts WHERE lookup = ? AND kind = ?
		ORDER BY created_at, id`), s.contactLookup(c.Kind, c.Address), c.Kind)
	if err != nil {
		return nil, fmt.Errorf("clinic: find contacts: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("clinic: find contacts: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// personExport is the copy of one person's data an admin hands them.
type personExport struct {
	ExportedAt string          `json:"exported_at"`
	Kind       string          `json:"kind"`
	Address    string          `json:"address"`
	Contacts   []contactExport `json:"contacts"`
	Reports    []reportExport  `json:"reports"`
}

type contactExport struct {
	ID              string `json:"id"`
	Kind            string `json:"kind"`
	Address         string `json:"address"`
	Name            string `json:"name,omitempty"`
	HomeAddress     string `json:"home_address,omitempty"`
	ConsentText     string `json:"consent_text"`
	ConsentAt       string `json:"consent_at"`
	ReferralConsent bool   `json:"referral_consent"`
	LastInboundAt   string `json:"last_inbound_at,omitempty"`
	ExpiresAt       string `json:"expires_at"`
	CreatedAt       string `json:"created_at"`
}

type reportExport struct {
	Ticket     string        `json:"ticket"`
	Channel    string        `json:"channel"`
	Text       string        `json:"text"`
	URL        string        `json:"url,omitempty"`
	Image      bool          `json:"image"`
	ReceivedAt string        `json:"received_at"`
	AnsweredAt string        `json:"answered_at,omitempty"`
	Answer     *answerExport `json:"answer,omitempty"`
}

type answerExport struct {
	Label string `json:"label"`
	Title string `json:"title"`
	URL   string `json:"url,omitempty"`
}

// pdpTime formats a time for people in Indonesia: RFC 3339 in WIB.
func pdpTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(warta.Jakarta).Format(time.RFC3339)
}

// ExportPerson returns, as JSON, every report and contact record of the
// person with this contact kind and address (admins only; logged).
func (s *Service) ExportPerson(ctx context.Context, u *warta.User, kind, address string) ([]byte, error) {
	if err := pdpAllow(u, "mengekspor data pribadi pelapor; hanya admin yang dapat", warta.RoleAdmin); err != nil {
		return nil, err
	}
	ids, err := s.pdpContactIDs(ctx, kind, address)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, warta.Errorf(warta.ENotFound, "Tidak ada data pribadi yang tersimpan untuk kontak ini.")
	}
	now := s.pdpNow()
	out := personExport{ExportedAt: pdpTime(now), Contacts: []contactExport{}, Reports: []reportExport{}}
	for _, id := range ids {
		sc, err := s.pdpLoadContact(ctx, id)
		if err != nil {
			return nil, err
		}
		out.Kind, out.Address = sc.Contact.Kind, sc.Contact.Address
		out.Contacts = append(out.Contacts, contactExport{ID: sc.ID, Kind: sc.Contact.Kind, Address: sc.Contact.Address,
			Name: sc.Contact.Name, HomeAddress: sc.Contact.HomeAddress, ConsentText: sc.ConsentText,
			ConsentAt: pdpTime(sc.ConsentAt), ReferralConsent: sc.ReferralConsent,
			LastInboundAt: pdpTime(sc.Contact.LastInbound), ExpiresAt: pdpTime(sc.ExpiresAt), CreatedAt: pdpTime(sc.CreatedAt)})
		reports, err := s.pdpReportsOf(ctx, id)
		if err != nil {
			return nil, err
		}
		out.Reports = append(out.Reports, reports...)
	}
	sort.SliceStable(out.Reports, func(i, j int) bool { return out.Reports[i].ReceivedAt < out.Reports[j].ReceivedAt })
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("clinic: export person: %w", err)
	}
	for _, id := range ids {
		if err := s.logAccess(ctx, u.ID, AccessExport, id, "Salinan data pribadi atas permintaan pemilik data"); err != nil {
			return nil, err
		}
	}
	return data, nil
}

// pdpReportsOf lists the reports sent with one contact, oldest first.
func (s *Service) pdpReportsOf(ctx context.Context, contactID string) ([]reportExport, error) {
	db := s.cfg.DB
	rows, err := db.SQL().QueryContext(ctx, db.Rebind(`SELECT r.ticket, r.channel, r.body, r.url, r.image_path,
		r.received_at, r.answered_at, COALESCE(v.label, ''), COALESCE(v.title, ''), COALESCE(v.url, '')
		FROM clinic_reports r LEFT JOIN clinic_verdicts v ON v.id = r.answer_verdict_id AND r.answer_verdict_id <> ''
		WHERE r.contact_id = ? ORDER BY r.received_at, r.id`), contactID)
	if err != nil {
		return nil, fmt.Errorf("clinic: reports of contact %s: %w", contactID, err)
	}
	defer rows.Close()
	var out []reportExport
	for rows.Next() {
		var (
			r                   reportExport
			image, label, title string
			verdictURL          string
			received            int64
			answered            sql.NullInt64
		)
		if err := rows.Scan(&r.Ticket, &r.Channel, &r.Text, &r.URL, &image, &received, &answered, &label, &title, &verdictURL); err != nil {
			return nil, fmt.Errorf("clinic: reports of contact %s: %w", contactID, err)
		}
		r.Image = image != ""
		r.ReceivedAt = pdpTime(time.Unix(received, 0))
		if answered.Valid && answered.Int64 > 0 {
			r.AnsweredAt = pdpTime(time.Unix(answered.Int64, 0))
		}
		if label != "" {
			r.Answer = &answerExport{Label: label, Title: title, URL: verdictURL}
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ErasePerson deletes the person's contact data and consent records: their
// reports stay, anonymous (without the hash of the address they were sent
// from), and the copies of them in referrals to Bawaslu
// are blanked. It returns how many contact records were erased (0 when
// none was kept); the log keeps the contact ids, never the address.
func (s *Service) ErasePerson(ctx context.Context, u *warta.User, kind, address string) (int, error) {
	if err := pdpAllow(u, "menghapus data pribadi pelapor; hanya admin yang dapat", warta.RoleAdmin); err != nil {
		return 0, err
	}
	ids, err := s.pdpContactIDs(ctx, kind, address)
	if err != nil {
		return 0, err
	}
	c, _ := normalizeContact(ContactInput{Kind: kind, Address: address}) // valid: pdpContactIDs checked it
	re := addressPattern(c.Kind, c.Address)
	n := 0
	for _, id := range ids {
		ok, err := s.pdpDrop(ctx, id, 0, u.ID, AccessErase, "Penghapusan atas permintaan pemilik data", re)
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// pdpDrop removes one contact in a transaction of its own: the referrals'
// copies of the reporter are blanked, the reports let go of it, the row is
// deleted and the access logged. With expiredBy > 0 the row goes only if
// it still expires by then (a new report may have just extended it). It
// reports whether the row went.
//
// With address, the person's address is also masked in the text of the
// reports that carried this contact.
func (s *Service) pdpDrop(ctx context.Context, id string, expiredBy int64, actorID, action, purpose string, address *regexp.Regexp) (bool, error) {
	db := s.cfg.DB
	t, err := db.SQL().BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("clinic: drop contact %s: begin: %w", id, err)
	}
	defer t.Rollback()
	exec := func(q string, args ...any) (int64, error) {
		res, err := t.ExecContext(ctx, db.Rebind(q), args...)
		if err != nil {
			return 0, fmt.Errorf("clinic: drop contact %s: %w", id, err)
		}
		return res.RowsAffected()
	}
	// Lock the row first, so a report arriving meanwhile either waits and
	// stores the contact afresh, or extended it and keeps it.
	lock, args := `UPDATE clinic_contacts SET expires_at = expires_at WHERE id = ?`, []any{id}
	if expiredBy > 0 {
		lock, args = lock+` AND expires_at <= ?`, append(args, expiredBy)
	}
	if n, err := exec(lock, args...); err != nil || n == 0 {
		return false, err
	}
	if _, err := exec(`UPDATE clinic_referrals SET sealed_reporter = ''
		WHERE report_id IN (SELECT id FROM clinic_reports WHERE contact_id = ?)`, id); err != nil {
		return false, err
	}
	if address != nil {
		if err := redactReports(ctx, t, db, id, address); err != nil {
			return false, err
		}
	}
	// The address hash goes too: rate limiting needs only the last hour's.
	if _, err := exec(`UPDATE clinic_reports SET contact_id = NULL, ip_hash = '' WHERE contact_id = ?`, id); err != nil {
		return false, err
	}
	if _, err := exec(`DELETE FROM clinic_contacts WHERE id = ?`, id); err != nil {
		return false, err
	}
	if err := s.pdpLog(ctx, t, s.pdpNow(), actorID, action, id, purpose); err != nil {
		return false, err
	}
	if err := t.Commit(); err != nil {
		return false, fmt.Errorf("clinic: drop contact %s: commit: %w", id, err)
	}
	return true, nil
}

// addressHashKeep is how long a report keeps the hash of the network
// address it came from: rate limiting counts only the last hour's.
const addressHashKeep = 24 * time.Hour

// clearOldAddressHashes blanks the address hashes of reports older than
// addressHashKeep; the daily purge job calls it.
func (s *Service) clearOldAddressHashes(ctx context.Context) (int, error) {
	res, err := s.exec(ctx, `UPDATE clinic_reports SET ip_hash = '' WHERE ip_hash <> '' AND received_at <= ?`,
		s.clock().Add(-addressHashKeep).Unix())
	if err != nil {
		return 0, fmt.Errorf("clinic: clear old address hashes: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
