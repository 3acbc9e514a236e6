package contest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"time"

	"github.com/alexedwards/argon2id"

	wmail "github.com/kominfo-jatim/warta/internal/mail"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// Participant is a citizen's account for taking part in contests. One
// account serves every contest.
type Participant struct {
	ID         string
	Email      string
	Name       string
	BirthDate  time.Time // midnight WIB of the day of birth
	Region     warta.Region
	VerifiedAt time.Time // zero until the email link is followed
	CreatedAt  time.Time
}

// Verified reports whether the participant confirmed their email.
func (p *Participant) Verified() bool { return !p.VerifiedAt.IsZero() }

// Registration is what a participant fills in to sign up.
type Registration struct {
	Name      string
	Email     string
	BirthDate string // YYYY-MM-DD
	Region    string // domicile: region slug ("kota-surabaya") or code ("35.78")
	Password  string
}

// Register creates a participant account and emails the link that
// verifies the address (BaseURL/lomba/verifikasi?token=…). Participants
// may sign in before verifying, but join no contest until they have.
func (s *Service) Register(ctx context.Context, in Registration) (*Participant, error) {
	p := &Participant{Name: strings.TrimSpace(in.Name), Email: strings.ToLower(strings.TrimSpace(in.Email))}
	if p.Name == "" {
		return nil, invalid("name", "Nama wajib diisi.")
	}
	if len([]rune(p.Name)) > 100 {
		return nil, invalid("name", "Nama paling panjang 100 karakter.")
	}
	if a, err := mail.ParseAddress(p.Email); err != nil || a.Address != p.Email {
		return nil, invalid("email", "Alamat email tidak valid.")
	}
	now := s.clock()
	birth, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(in.BirthDate), warta.Jakarta)
	if err != nil {
		return nil, invalid("birth_date", "Tanggal lahir tidak valid. Tulis seperti 2005-08-17.")
	}
	if !birth.Before(now) || Age(birth, now) > 120 {
		return nil, invalid("birth_date", "Periksa kembali tanggal lahir Anda.")
	}
	p.BirthDate = birth
	all, err := s.db.Regions(ctx)
	if err != nil {
		return nil, err
	}
	code, slug := in.Region, ""
	if !strings.Contains(code, ".") {
		code, slug = "", in.Region
	}
	r, ok := findRegion(all, code, slug)
	if !ok || r.Kind == warta.RegionProvinsi {
		return nil, invalid("region", "Pilih kabupaten atau kota domisili Anda.")
	}
	p.Region = r
	if len([]rune(in.Password)) < store.MinPasswordLength {
		return nil, invalid("password", "Kata sandi minimal %d karakter.", store.MinPasswordLength)
	}
	hash, err := argon2id.CreateHash(in.Password, argon2id.DefaultParams)
	if err != nil {
		return nil, fmt.Errorf("contest: hash password: %w", err)
	}
	p.ID, p.CreatedAt = warta.NewID(), now
	raw, tokenHash := newToken()
	err = s.inTx(ctx, func(tx tx) error {
		_, err := tx.exec(ctx, `INSERT INTO contest_participants (id, email, name, birth_date, region_code, password_hash, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, p.ID, p.Email, p.Name, birth.Format("2006-01-02"), r.Code, hash, now.Unix())
		if isUniqueViolation(err) {
			return &warta.Error{Code: warta.EConflict, Message: "Email ini sudah terdaftar. Silakan masuk.", Field: "email"}
		} else if err != nil {
			return fmt.Errorf("contest: register: %w", err)
		}
		return s.addEmailToken(ctx, tx, p.ID, tokenHash, now)
	})
	if err != nil {
		return nil, err
	}
	if err := s.sendVerification(ctx, p, raw); err != nil {
		return p, err
	}
	return p, nil
}

func (s *Service) addEmailToken(ctx context.Context, tx tx, participantID, hash string, now time.Time) error {
	_, err := tx.exec(ctx, "INSERT INTO contest_email_tokens (id, participant_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
		hash, participantID, now.Unix(), now.Add(s.limits.VerifyValid).Unix())
	if err != nil {
		return fmt.Errorf("contest: store verification link: %w", err)
	}
	return nil
}

func (s *Service) sendVerification(ctx context.Context, p *Participant, raw string) error {
	link := s.baseURL + "/lomba/verifikasi?token=" + url.QueryEscape(raw)
	hours := int(s.limits.VerifyValid / time.Hour)
	err := s.mailer.Send(ctx, wmail.Message{To: p.Email, Subject: "Verifikasi email untuk lomba konten",
		Text: fmt.Sprintf("Halo %s,\n\nTerima kasih telah mendaftar sebagai peserta lomba konten. Buka tautan berikut untuk memverifikasi alamat email Anda:\n\n%s\n\n"+
			"Tautan ini berlaku %d jam dan hanya dapat dipakai sekali. Jika Anda tidak merasa mendaftar, abaikan email ini.\n", p.Name, link, hours)})
	if err != nil {
		s.log.Error("contest: send verification", "participant", p.ID, "err", err)
		return &warta.Error{Code: warta.EInternal, Field: "email",
			Message: "Akun Anda sudah dibuat, tetapi email verifikasi gagal dikirim. Minta kirim ulang email verifikasi sebentar lagi."}
	}
	return nil
}

// VerifyEmail follows a verification link: the participant's email is
// verified, once. An unknown, used or expired link is EInvalid.
func (s *Service) VerifyEmail(ctx context.Context, token string) (*Participant, error) {
	now := s.clock()
	hash := hashToken(token)
	var id string
	err := s.inTx(ctx, func(tx tx) error {
		err := tx.queryRow(ctx, "SELECT participant_id FROM contest_email_tokens WHERE id = ? AND used_at IS NULL AND expires_at > ?",
			hash, now.Unix()).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return invalid("token", "Tautan verifikasi tidak berlaku lagi (sudah dipakai atau kedaluwarsa). Minta tautan baru.")
		} else if err != nil {
			return fmt.Errorf("contest: verify email: %w", err)
		}
		if _, err := tx.exec(ctx, "UPDATE contest_email_tokens SET used_at = ? WHERE participant_id = ? AND used_at IS NULL", now.Unix(), id); err != nil {
			return fmt.Errorf("contest: verify email: %w", err)
		}
		_, err = tx.exec(ctx, "UPDATE contest_participants SET verified_at = COALESCE(verified_at, ?) WHERE id = ?", now.Unix(), id)
		if err != nil {
			return fmt.Errorf("contest: verify email: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.participant(ctx, id)
}

// ResendVerification mails a new verification link to an unverified
// participant, a few times an hour at most. It says nothing about whether
// the address has an account.
func (s *Service) ResendVerification(ctx context.Context, email string) error {
	email = strings.ToLower(strings.TrimSpace(email))
	now := s.clock()
	key := "lomba-verifikasi:" + email
	recent, err := s.db.RecentAttempts(ctx, key, now.Add(-time.Hour), s.limits.VerifyRequests)
	if err != nil {
		return err
	}
	if len(recent) >= s.limits.VerifyRequests {
		return &warta.Error{Code: warta.ETooMany, Field: "email",
			Message: "Email verifikasi sudah beberapa kali dikirim. Periksa folder spam, atau coba lagi satu jam lagi."}
	}
	if err := s.db.RecordAttempt(ctx, key, now, time.Hour); err != nil {
		return err
	}
	p, err := s.participantBy(ctx, "email", email)
	if warta.ErrorCode(err) == warta.ENotFound {
		return nil
	} else if err != nil {
		return err
	}
	if p.Verified() {
		return nil
	}
	raw, hash := newToken()
	if err := s.inTx(ctx, func(tx tx) error { return s.addEmailToken(ctx, tx, p.ID, hash, now) }); err != nil {
		return err
	}
	return s.sendVerification(ctx, p, raw)
}

// Login checks a participant's email and password and starts a session:
// it returns the participant and the raw session token for the cookie.
// Repeated failures for one email are refused for a while (ETooMany).
func (s *Service) Login(ctx context.Context, email, password string) (*Participant, string, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	now := s.clock()
	key := "lomba-masuk:" + email
	recent, err := s.db.RecentAttempts(ctx, key, now.Add(-s.limits.LoginWindow), s.limits.LoginFailures)
	if err != nil {
		return nil, "", err
	}
	if len(recent) >= s.limits.LoginFailures {
		return nil, "", &warta.Error{Code: warta.ETooMany, Field: "password",
			Message: fmt.Sprintf("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %d menit.", int(s.limits.LoginWindow/time.Minute))}
	}
	var id, hash string
	err = s.queryRow(ctx, "SELECT id, password_hash FROM contest_participants WHERE email = ?", email).Scan(&id, &hash)
	bad := &warta.Error{Code: warta.EUnauthorized, Message: "Email atau kata sandi salah.", Field: "password"}
	if errors.Is(err, sql.ErrNoRows) {
		argon2id.ComparePasswordAndHash(password, dummyHash) // the same time as a real check
		return nil, "", s.failedLogin(ctx, key, now, bad)
	} else if err != nil {
		return nil, "", fmt.Errorf("contest: login: %w", err)
	}
	if ok, err := argon2id.ComparePasswordAndHash(password, hash); err != nil || !ok {
		return nil, "", s.failedLogin(ctx, key, now, bad)
	}
	if err := s.db.ClearAttempts(ctx, key); err != nil {
		return nil, "", err
	}
	raw, sessionHash := newToken()
	if _, err := s.exec(ctx, "INSERT INTO contest_sessions (id, participant_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
		sessionHash, id, now.Unix(), now.Add(s.limits.SessionMax).Unix()); err != nil {
		return nil, "", fmt.Errorf("contest: start session: %w", err)
	}
	p, err := s.participant(ctx, id)
	if err != nil {
		return nil, "", err
	}
	return p, raw, nil
}

var dummyHash, _ = argon2id.CreateHash("warta-lomba-dummy", argon2id.DefaultParams)

func (s *Service) failedLogin(ctx context.Context, key string, now time.Time, bad error) error {
	if err := s.db.RecordAttempt(ctx, key, now, s.limits.LoginWindow); err != nil {
		return err
	}
	return bad
}

// Session returns the participant signed in with the raw session token,
// or EUnauthorized.
func (s *Service) Session(ctx context.Context, raw string) (*Participant, error) {
	var id string
	err := s.queryRow(ctx, "SELECT participant_id FROM contest_sessions WHERE id = ? AND revoked_at IS NULL AND expires_at > ?",
		hashToken(raw), s.clock().Unix()).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &warta.Error{Code: warta.EUnauthorized, Message: "Sesi Anda sudah berakhir. Silakan masuk lagi."}
	} else if err != nil {
		return nil, fmt.Errorf("contest: session: %w", err)
	}
	return s.participant(ctx, id)
}

// Logout ends the session of the raw token.
func (s *Service) Logout(ctx context.Context, raw string) error {
	if _, err := s.exec(ctx, "UPDATE contest_sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", s.clock().Unix(), hashToken(raw)); err != nil {
		return fmt.Errorf("contest: logout: %w", err)
	}
	return nil
}

// Join registers the participant for a contest: while registration is
// open, once their email is verified, and only if they are eligible on
// that day. Joining twice is not an error.
func (s *Service) Join(ctx context.Context, p *Participant, contestID string) error {
	if err := signedIn(p); err != nil {
		return err
	}
	p, err := s.participant(ctx, p.ID)
	if err != nil {
		return err
	}
	if !p.Verified() {
		return &warta.Error{Code: warta.EForbidden, Field: "email",
			Message: fmt.Sprintf("Verifikasi email Anda terlebih dahulu lewat tautan yang kami kirim ke %s.", p.Email)}
	}
	c, err := s.Contest(ctx, nil, contestID)
	if err != nil {
		return err
	}
	now := s.clock()
	if joined, err := s.joined(ctx, s, c.ID, p.ID); err != nil || joined {
		return err
	}
	if now.Before(c.Timeline.RegistrationOpen) {
		return &warta.Error{Code: warta.EConflict, Message: "Pendaftaran lomba ini baru dibuka pada " + FormatWIB(c.Timeline.RegistrationOpen) + "."}
	}
	if !c.RegistrationOpen(now) {
		return &warta.Error{Code: warta.EConflict, Message: "Pendaftaran lomba ini sudah ditutup pada " + FormatWIB(c.Timeline.SubmissionDeadline) + "."}
	}
	if err := c.CheckEligibility(p, now); err != nil {
		return err
	}
	_, err = s.exec(ctx, "INSERT INTO contest_registrations (contest_id, participant_id, registered_at) VALUES (?, ?, ?)", c.ID, p.ID, now.Unix())
	if err != nil && !isUniqueViolation(err) {
		return fmt.Errorf("contest: join: %w", err)
	}
	return nil
}

// Joined reports whether the participant registered for the contest.
func (s *Service) Joined(ctx context.Context, p *Participant, contestID string) (bool, error) {
	if p == nil {
		return false, nil
	}
	return s.joined(ctx, s, contestID, p.ID)
}

func (s *Service) joined(ctx context.Context, q querier, contestID, participantID string) (bool, error) {
	var n int
	err := q.queryRow(ctx, "SELECT COUNT(*) FROM contest_registrations WHERE contest_id = ? AND participant_id = ?", contestID, participantID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("contest: registration: %w", err)
	}
	return n > 0, nil
}

func (s *Service) participant(ctx context.Context, id string) (*Participant, error) {
	return s.participantBy(ctx, "id", id)
}

func (s *Service) participantBy(ctx context.Context, column, value string) (*Participant, error) {
	var p Participant
	var birth, region string
	var verified sql.NullInt64
	var created int64
	err := s.queryRow(ctx, `SELECT id, email, name, birth_date, region_code, verified_at, created_at FROM contest_participants
		WHERE `+column+` = ?`, value).Scan(&p.ID, &p.Email, &p.Name, &birth, &region, &verified, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, warta.Errorf(warta.ENotFound, "Peserta tidak ditemukan.")
	} else if err != nil {
		return nil, fmt.Errorf("contest: participant: %w", err)
	}
	p.BirthDate, _ = time.ParseInLocation("2006-01-02", birth, warta.Jakarta)
	p.VerifiedAt, p.CreatedAt = fromUnix(verified), time.Unix(created, 0).UTC()
	all, err := s.db.Regions(ctx)
	if err != nil {
		return nil, err
	}
	p.Region, _ = findRegion(all, region, "")
	return &p, nil
}
