package clinic

import (
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/secretbox"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// emailKind is the contact kind of an email address; the other kinds are
// the names of their channels (ChannelWhatsApp, ChannelTelegram).
const emailKind = "email"

// defaultRetention is how long contact data is kept when Config.Retention
// is zero.
const defaultRetention = 90 * 24 * time.Hour

// Box purposes: the contact row and a referral's copy of the reporter are
// sealed under different keys, so neither opens in place of the other.
const (
	contactPurpose  = "clinic contact"
	referralPurpose = "clinic referral reporter"
)

// errNoSecretKey is what a reporter sees when contact data cannot be kept
// safely: the report itself is still welcome without it.
var errNoSecretKey = &warta.Error{Code: warta.EInvalid, Field: "contact",
	Message: "Kontak tidak dapat disimpan: kunci enkripsi belum dikonfigurasi (WARTA_SECRET_KEY). " +
		"Kirim laporan tanpa kontak, atau hubungi pengelola situs."}

// sealedContact is what the sealed column holds.
type sealedContact struct {
	Address     string `json:"address"`
	Name        string `json:"name,omitempty"`
	HomeAddress string `json:"home_address,omitempty"`
}

// sealedReporter is a referral's copy of its reporter.
type sealedReporter struct {
	Kind string `json:"kind"`
	sealedContact
}

func contactInvalid(msg string) error {
	return &warta.Error{Code: warta.EInvalid, Field: "contact", Message: msg}
}

// normalizeContact checks a contact and returns it in the one form it is
// stored and looked up in: WhatsApp numbers in E.164, Telegram chat ids as
// digits, email addresses in lower case.
func normalizeContact(in ContactInput) (ContactInput, error) {
	out := ContactInput{Kind: strings.ToLower(strings.TrimSpace(in.Kind)),
		Name: strings.Join(strings.Fields(in.Name), " "), HomeAddress: strings.TrimSpace(in.HomeAddress)}
	addr := strings.TrimSpace(in.Address)
	if addr == "" {
		return out, contactInvalid("Isi kontak yang bisa kami hubungi, atau kosongkan pilihan kontak.")
	}
	var err error
	switch out.Kind {
	case ChannelWhatsApp:
		out.Address, err = normalizeWhatsApp(addr)
	case ChannelTelegram:
		out.Address, err = normalizeTelegram(addr)
	case emailKind:
		out.Address, err = normalizeEmail(addr)
	default:
		return out, contactInvalid("Jenis kontak harus WhatsApp, Telegram, atau email.")
	}
	if err != nil {
		return out, err
	}
	if len([]rune(out.Name)) > 100 {
		return out, contactInvalid("Nama paling panjang 100 karakter.")
	}
	if len([]rune(out.HomeAddress)) > 300 {
		return out, contactInvalid("Alamat rumah paling panjang 300 karakter.")
	}
	return out, nil
}

// normalizeWhatsApp turns the ways Indonesians write a number ("0812-3456-
// 7890", "62 812…", "+62 (812) …", "812…") into E.164 ("+6281234567890").
// Other digits without a leading 0 are read as already carrying a country
// code, as WhatsApp's own wa_id does; a number starting with 8 is taken as
// Indonesian, so webhooks should pass foreign wa_ids with a leading "+".
func normalizeWhatsApp(s string) (string, error) {
	bad := contactInvalid("Nomor WhatsApp tidak valid. Tulis seperti 0812-3456-7890 atau +62 812-3456-7890.")
	plus := strings.HasPrefix(s, "+")
	var b strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0, r == ' ', r == '-', r == '.', r == '(', r == ')':
		default:
			return "", bad
		}
	}
	d := b.String()
	switch {
	case plus:
	case strings.HasPrefix(d, "00"): // international dialling prefix
		d = d[2:]
	case strings.HasPrefix(d, "0"):
		d = "62" + d[1:]
	case strings.HasPrefix(d, "8"):
		d = "62" + d
	}
	if strings.HasPrefix(d, "0") || len(d) < 8 || len(d) > 15 {
		return "", bad
	}
	// Indonesian numbers: +62, then 8–12 digits without the trunk 0.
	if strings.HasPrefix(d, "62") && (len(d) < 10 || len(d) > 14 || d[2] == '0') {
		return "", bad
	}
	return "+" + d, nil
}

// normalizeTelegram accepts a Telegram chat id: a number, negative for
// groups. Usernames cannot be answered by a bot that was not written to.
func normalizeTelegram(s string) (string, error) {
	d := strings.TrimPrefix(s, "-")
	ok := d != "" && len(d) <= 20 && d[0] != '0'
	for _, r := range d {
		ok = ok && r >= '0' && r <= '9'
	}
	if !ok {
		return "", contactInvalid("ID chat Telegram harus berupa angka. Kirim pesan ke bot klinik hoaks di Telegram agar kami dapat membalas Anda.")
	}
	return s, nil
}

func normalizeEmail(s string) (string, error) {
	s = strings.ToLower(s)
	a, err := mail.ParseAddress(s)
	at := strings.LastIndex(s, "@")
	if err != nil || a.Address != s || len(s) > 254 || at < 1 || !strings.Contains(s[at+1:], ".") || strings.HasSuffix(s, ".") {
		return "", contactInvalid("Alamat email tidak valid. Tulis seperti nama@contoh.id.")
	}
	return s, nil
}

// contactBox seals contact rows, bound to the row id.
func (s *Service) contactBox() *secretbox.Box { return secretbox.New(s.cfg.SecretKey, contactPurpose) }

// contactLookup is the hex HMAC-SHA256 of kind and normalised address,
// under a key derived from the secret key, so that one person's rows are
// found without decrypting every row and without storing the address.
func (s *Service) contactLookup(kind, address string) string {
	k := sha256.Sum256([]byte("warta clinic contact lookup v1\x00" + s.cfg.SecretKey))
	m := hmac.New(sha256.New, k[:])
	m.Write([]byte(kind + "\x00" + address))
	return hex.EncodeToString(m.Sum(nil))
}

func (s *Service) pdpRetention() time.Duration {
	if s.cfg.Retention > 0 {
		return s.cfg.Retention
	}
	return defaultRetention
}

func (s *Service) pdpNow() time.Time {
	if s.cfg.Now != nil {
		return s.cfg.Now().UTC()
	}
	return time.Now().UTC()
}

// saveContact stores the reporter's contact, sealed, within the intake's
// transaction and returns its id. The same person (kind and address)
// reporting again reuses their row: the last inbound time and expiry move
// on, the newest consent wording and time are kept, a referral consent once
// given stays, and a newly given name or home address replaces the old.
func (s *Service) saveContact(ctx context.Context, tx *sql.Tx, in *ContactInput, consentText string, referralConsent bool, at time.Time) (contactID string, err error) {
	defer func() {
		if err != nil && warta.ErrorCode(err) == warta.EInternal {
			err = fmt.Errorf("clinic: save contact: %w", err)
		}
	}()
	if in == nil {
		return "", contactInvalid("Kontak kosong.")
	}
	c, err := normalizeContact(*in)
	if err != nil {
		return "", err
	}
	consentText = strings.TrimSpace(consentText)
	if consentText == "" {
		return "", &warta.Error{Code: warta.EInvalid, Field: "consent",
			Message: "Kontak hanya dapat disimpan dengan persetujuan Anda atas pemberitahuan pelindungan data pribadi."}
	}
	box := s.contactBox()
	if !box.Ready() {
		return "", errNoSecretKey
	}
	if at.IsZero() {
		at = s.pdpNow()
	}
	lookup := s.contactLookup(c.Kind, c.Address)
	expires := at.Add(s.pdpRetention()).Unix()
	db := s.cfg.DB

	var id, sealed string
	err = tx.QueryRowContext(ctx, db.Rebind(`SELECT id, sealed FROM clinic_contacts WHERE lookup = ? AND kind = ?
		ORDER BY created_at, id LIMIT 1`), lookup, c.Kind).Scan(&id, &sealed)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	if err == nil {
		data := sealedContact{Address: c.Address, Name: c.Name, HomeAddress: c.HomeAddress}
		if plain, err := box.Open(sealed, id); err == nil {
			var old sealedContact
			if json.Unmarshal(plain, &old) == nil {
				data.Name = cmp.Or(data.Name, old.Name)
				data.HomeAddress = cmp.Or(data.HomeAddress, old.HomeAddress)
			}
		}
		if sealed, err = pdpSealJSON(box, data, id); err != nil {
			return "", err
		}
		res, err := tx.ExecContext(ctx, db.Rebind(`UPDATE clinic_contacts SET sealed = ?, consent_text = ?, consent_at = ?,
			referral_consent = CASE WHEN ? = 1 THEN 1 ELSE referral_consent END,
			last_inbound_at = ?, expires_at = CASE WHEN expires_at > ? THEN expires_at ELSE ? END WHERE id = ?`),
			sealed, consentText, at.Unix(), pdpBool(referralConsent), at.Unix(), expires, expires, id)
		if err != nil {
			return "", err
		}
		// The purge may have taken the row meanwhile: store it afresh.
		if n, _ := res.RowsAffected(); n == 1 {
			return id, nil
		}
	}
	id = warta.NewIDAt(at)
	sealed, err = pdpSealJSON(box, sealedContact{Address: c.Address, Name: c.Name, HomeAddress: c.HomeAddress}, id)
	if err != nil {
		return "", err
	}
	_, err = tx.ExecContext(ctx, db.Rebind(`INSERT INTO clinic_contacts (id, kind, lookup, sealed, consent_text, consent_at,
		referral_consent, last_inbound_at, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		id, c.Kind, lookup, sealed, consentText, at.Unix(), pdpBool(referralConsent), at.Unix(), expires, at.Unix())
	if err != nil {
		return "", err
	}
	return id, nil
}

func pdpSealJSON(box *secretbox.Box, v any, ad string) (string, error) {
	plain, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return box.Seal(plain, ad)
}

func pdpBool(b bool) int {
	if b {
		return 1
	}
	return 0
}

// storedContact is one clinic_contacts row, opened.
type storedContact struct {
	ID              string
	Contact         Contact
	ConsentText     string
	ConsentAt       time.Time
	ReferralConsent bool
	ExpiresAt       time.Time
	CreatedAt       time.Time
}

// openContact returns the decrypted contact of a row. It does not log: the
// caller logs the access with its purpose.
func (s *Service) openContact(ctx context.Context, contactID string) (*Contact, error) {
	sc, err := s.pdpLoadContact(ctx, contactID)
	if err != nil {
		return nil, err
	}
	return &sc.Contact, nil
}

func (s *Service) pdpLoadContact(ctx context.Context, contactID string) (*storedContact, error) {
	db := s.cfg.DB
	var (
		sc                                        storedContact
		sealed                                    string
		consentAt, last, expires, created, refCon int64
	)
	err := db.SQL().QueryRowContext(ctx, db.Rebind(`SELECT id, kind, sealed, consent_text, consent_at, referral_consent,
		last_inbound_at, expires_at, created_at FROM clinic_contacts WHERE id = ?`), contactID).Scan(
		&sc.ID, &sc.Contact.Kind, &sealed, &sc.ConsentText, &consentAt, &refCon, &last, &expires, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, warta.Errorf(warta.ENotFound, "Kontak pelapor tidak ditemukan; mungkin sudah dihapus.")
	} else if err != nil {
		return nil, fmt.Errorf("clinic: load contact %s: %w", contactID, err)
	}
	if err := s.openSealedContact(&sc, sealed); err != nil {
		return nil, err
	}
	sc.ConsentAt, sc.ExpiresAt, sc.CreatedAt = time.Unix(consentAt, 0), time.Unix(expires, 0), time.Unix(created, 0)
	sc.ReferralConsent = refCon == 1
	if last > 0 {
		sc.Contact.LastInbound = time.Unix(last, 0)
	}
	return &sc, nil
}

// openSealedContact decrypts a row's sealed column into sc.Contact.
func (s *Service) openSealedContact(sc *storedContact, sealed string) error {
	box := s.contactBox()
	if !box.Ready() {
		return warta.Errorf(warta.EInternal, "Kontak pelapor tidak dapat dibuka: kunci enkripsi belum dikonfigurasi (WARTA_SECRET_KEY).")
	}
	plain, err := box.Open(sealed, sc.ID)
	if err != nil {
		return fmt.Errorf("clinic: open contact %s: %w", sc.ID, err)
	}
	var data sealedContact
	if err := json.Unmarshal(plain, &data); err != nil {
		return fmt.Errorf("clinic: decode contact %s: %w", sc.ID, err)
	}
	sc.Contact.Address, sc.Contact.Name, sc.Contact.HomeAddress = data.Address, data.Name, data.HomeAddress
	return nil
}

// sealReporter seals a referral's copy of its reporter (kind, address, name
// and home address) for clinic_referrals.sealed_reporter, bound to the
// contact id the referral's report carries. Erasure and purge blank it.
func (s *Service) sealReporter(contactID string, c *Contact) (string, error) {
	box := secretbox.New(s.cfg.SecretKey, referralPurpose)
	if !box.Ready() {
		return "", errNoSecretKey
	}
	if c == nil {
		return "", contactInvalid("Kontak pelapor kosong.")
	}
	v := sealedReporter{Kind: c.Kind, sealedContact: sealedContact{Address: c.Address, Name: c.Name, HomeAddress: c.HomeAddress}}
	sealed, err := pdpSealJSON(box, v, contactID)
	if err != nil {
		return "", fmt.Errorf("clinic: seal referral reporter: %w", err)
	}
	return sealed, nil
}

// openReporter opens what sealReporter sealed for contactID. An empty
// value (erased or purged) gives nil, nil.
func (s *Service) openReporter(contactID, sealed string) (*Contact, error) {
	if sealed == "" {
		return nil, nil
	}
	plain, err := secretbox.New(s.cfg.SecretKey, referralPurpose).Open(sealed, contactID)
	if err != nil {
		return nil, fmt.Errorf("clinic: open referral reporter: %w", err)
	}
	var v sealedReporter
	if err := json.Unmarshal(plain, &v); err != nil {
		return nil, fmt.Errorf("clinic: decode referral reporter: %w", err)
	}
	return &Contact{Kind: v.Kind, Address: v.Address, Name: v.Name, HomeAddress: v.HomeAddress}, nil
}
