package clinic

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/oklog/ulid/v2"
	"github.com/riverqueue/river"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// A web reporter cannot know their Telegram chat id, and a bot may only
// write to chats that wrote to it first. So the ticket offers a deep link,
// https://t.me/<bot>?start=<payload>: pressing Start in Telegram sends the
// bot "/start <payload>", and the bot attaches that chat to the report.
//
// The payload is the report id, when it was issued and an HMAC of both
// under the node's secret key, base64url: 43 characters of the A-Z a-z
// 0-9 _ - that Telegram allows (64 at most). Ticket codes are public and
// sequential; the payload cannot be made from one.

// TelegramLinkTTL is how long a start link works after it was issued. The
// ticket page issues a fresh one on every visit while the claim is open.
const TelegramLinkTTL = 7 * 24 * time.Hour

// linkAnswerGrace delays the durable reply job queued when a chat is
// linked to an answered claim: the webhook answers at once (SendAnswer)
// after confirming the link, and the job only covers a failure or crash.
const linkAnswerGrace = time.Minute

const (
	linkIDLen      = 16 // a ULID
	linkStampLen   = 4  // unix seconds
	linkMACLen     = 12
	linkPayloadLen = linkIDLen + linkStampLen + linkMACLen
)

// TelegramLinkState is what a report's reporter may be offered to get the
// answer on Telegram.
type TelegramLinkState struct {
	Ticket string
	// Payload is the /start parameter for the bot, "" when the report
	// cannot be linked: its claim is closed, answers already go to another
	// contact, or contact data cannot be kept (no secret key).
	Payload string
	// Linked is true when answers already go to a Telegram chat.
	Linked bool
}

// TelegramLinkRequest is a "/start <payload>" the bot received.
type TelegramLinkRequest struct {
	Payload string
	ChatID  string // the private chat's id, as digits
	// ConsentText is the wording the bot's reply shows; it is stored with
	// the contact, as for any report with a contact.
	ConsentText string
	At          time.Time // when the message was sent; now when zero
}

// TelegramLinked is the outcome of a link.
type TelegramLinked struct {
	ReportID string
	Ticket   string
	// Already is true when the report was linked to this chat before;
	// nothing changed.
	Already bool
	// Answer is true when the claim already has a verdict the reporter has
	// not been sent: call SendAnswer after confirming the link. A reply
	// job queued with the link sends it anyway if that fails.
	Answer bool
}

// linkKey is the HMAC key of start payloads, apart from the other uses of
// the secret key.
func (s *Service) linkKey() []byte {
	k := sha256.Sum256([]byte("warta clinic telegram link v1\x00" + s.cfg.SecretKey))
	return k[:]
}

// telegramPayload returns the start payload of a report issued at t.
func (s *Service) telegramPayload(reportID string, t time.Time) (string, error) {
	id, err := ulid.ParseStrict(reportID)
	if err != nil {
		return "", fmt.Errorf("clinic: telegram link for report %q: %w", reportID, err)
	}
	b := make([]byte, 0, linkPayloadLen)
	b = append(b, id[:]...)
	b = binary.BigEndian.AppendUint32(b, uint32(t.Unix()))
	m := hmac.New(sha256.New, s.linkKey())
	m.Write(b)
	b = append(b, m.Sum(nil)[:linkMACLen]...)
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// Errors of a payload; the bot shows their messages.
var (
	errLinkBad = warta.Errorf(warta.EInvalid, "Maaf, tautan ini tidak kami kenali, jadi belum ada laporan yang terhubung. "+
		"Buka halaman tiket laporan Anda di situs, lalu tekan lagi tombol “Terima jawaban lewat Telegram”.")
	errLinkExpired = warta.Errorf(warta.EInvalid, "Maaf, tautan ini sudah kedaluwarsa (berlaku %d hari), jadi belum ada laporan yang terhubung. "+
		"Buka lagi halaman tiket laporan Anda di situs untuk mendapatkan tautan baru.", int(TelegramLinkTTL/(24*time.Hour)))
)

// openPayload checks a start payload and returns its report id.
func (s *Service) openPayload(payload string, now time.Time) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil || len(b) != linkPayloadLen {
		return "", errLinkBad
	}
	m := hmac.New(sha256.New, s.linkKey())
	m.Write(b[:linkIDLen+linkStampLen])
	if !hmac.Equal(b[linkIDLen+linkStampLen:], m.Sum(nil)[:linkMACLen]) {
		return "", errLinkBad
	}
	issued := time.Unix(int64(binary.BigEndian.Uint32(b[linkIDLen:])), 0)
	switch {
	case issued.After(now.Add(5 * time.Minute)): // ours, but from the future: clocks apart by far more than they may be
		return "", errLinkBad
	case now.Sub(issued) > TelegramLinkTTL:
		return "", errLinkExpired
	}
	var id ulid.ULID
	copy(id[:], b[:linkIDLen])
	return id.String(), nil
}

// TelegramLinkState returns what the reporter of a ticket may be offered:
// a fresh start payload while the claim is open and no other contact gets
// the answer. It shows the link to whoever asks, so callers show it only
// to the reporter (the web pages: the browser that sent the report).
func (s *Service) TelegramLinkState(ctx context.Context, ticket string) (*TelegramLinkState, error) {
	ticket = strings.ToUpper(strings.TrimSpace(ticket))
	if !ticketRE.MatchString(ticket) {
		return nil, warta.Errorf(warta.ENotFound, "Nomor tiket tidak ditemukan.")
	}
	var id, status, kind string
	err := s.queryRow(ctx, `SELECT r.id, c.status, COALESCE(k.kind, '') FROM clinic_reports r
		JOIN clinic_claims c ON c.id = r.claim_id LEFT JOIN clinic_contacts k ON k.id = r.contact_id
		WHERE r.ticket = ?`, ticket).Scan(&id, &status, &kind)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, warta.Errorf(warta.ENotFound, "Nomor tiket tidak ditemukan.")
	} else if err != nil {
		return nil, fmt.Errorf("clinic: telegram link state of %s: %w", ticket, err)
	}
	st := &TelegramLinkState{Ticket: ticket, Linked: kind == ChannelTelegram}
	open := status == StatusNew || status == StatusChecking
	if open && kind == "" && s.contactBox().Ready() {
		if st.Payload, err = s.telegramPayload(id, s.clock()); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// LinkTelegram attaches the chat that sent "/start <payload>" to the
// payload's report as its contact, sealed and with the consent shown in
// the bot's reply, as intake stores any contact. A bad or expired payload
// is an EInvalid error whose message is for the person, and stores
// nothing; so is a report closed without a verdict or answered already.
// A report linked to another chat, or answered on another contact, is an
// EConflict error. The same chat linking again changes nothing.
func (s *Service) LinkTelegram(ctx context.Context, req TelegramLinkRequest) (*TelegramLinked, error) {
	at := req.At.UTC().Truncate(time.Second)
	if at.IsZero() {
		at = s.clock()
	}
	reportID, err := s.openPayload(strings.TrimSpace(req.Payload), s.clock())
	if err != nil {
		return nil, err
	}
	chat, err := normalizeContact(ContactInput{Kind: ChannelTelegram, Address: req.ChatID})
	if err != nil {
		return nil, err
	}
	var out *TelegramLinked
	err = s.inTx(ctx, func(t tx) error {
		out = nil
		var ticket, status, verdictID, kind, lookup string
		var answered sql.NullInt64
		err := t.queryRow(ctx, `SELECT r.ticket, r.answered_at, c.status, c.verdict_id, COALESCE(k.kind, ''), COALESCE(k.lookup, '')
			FROM clinic_reports r JOIN clinic_claims c ON c.id = r.claim_id LEFT JOIN clinic_contacts k ON k.id = r.contact_id
			WHERE r.id = ?`, reportID).Scan(&ticket, &answered, &status, &verdictID, &kind, &lookup)
		if errors.Is(err, sql.ErrNoRows) {
			return errLinkBad
		} else if err != nil {
			return fmt.Errorf("clinic: read report %s to link: %w", reportID, err)
		}
		switch {
		case kind == ChannelTelegram && lookup == s.contactLookup(ChannelTelegram, chat.Address):
			out = &TelegramLinked{ReportID: reportID, Ticket: ticket, Already: true}
			return nil
		case kind == ChannelTelegram:
			return warta.Errorf(warta.EConflict, "Laporan %s sudah terhubung dengan akun Telegram lain; jawabannya dikirim ke sana "+
				"dan juga tampil di halaman tiketnya.", ticket)
		case kind != "":
			return warta.Errorf(warta.EConflict, "Laporan %s sudah dijawab lewat kontak lain yang Anda isi saat melapor; "+
				"jawabannya juga tampil di halaman tiketnya.", ticket)
		case answered.Valid:
			return warta.Errorf(warta.EInvalid, "Laporan %s sudah dijawab; jawabannya tampil di %s", ticket, s.TicketURL(ticket))
		case status == StatusRejected:
			return warta.Errorf(warta.EInvalid, "Laporan %s sudah ditutup tanpa putusan; alasannya tampil di %s", ticket, s.TicketURL(ticket))
		}
		contactID, err := s.saveContact(ctx, t.Tx, &ContactInput{Kind: ChannelTelegram, Address: chat.Address}, req.ConsentText, false, at)
		if err != nil {
			return err
		}
		res, err := t.exec(ctx, `UPDATE clinic_reports SET contact_id = ? WHERE id = ? AND contact_id IS NULL`, contactID, reportID)
		if err != nil {
			return fmt.Errorf("clinic: link report %s to telegram: %w", reportID, err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errLinkRace
		}
		out = &TelegramLinked{ReportID: reportID, Ticket: ticket, Answer: verdictID != ""}
		if out.Answer {
			opts := &river.InsertOpts{ScheduledAt: time.Now().Add(linkAnswerGrace)}
			if _, err := s.inserter.InsertTx(ctx, t.Tx, ReplyArgs{ReportID: reportID}, opts); err != nil {
				return fmt.Errorf("clinic: queue answer to linked report %s: %w", reportID, err)
			}
		}
		return nil
	})
	if errors.Is(err, errLinkRace) {
		// Another delivery of the same /start (or another chat) won; say
		// what the report is linked to now.
		return s.LinkTelegram(ctx, req)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// errLinkRace is a link that lost to another at the same time.
var errLinkRace = errors.New("clinic: report linked meanwhile")

// SendAnswer sends a report's reporter its claim's verdict now, through
// the reply path publishing uses, once: a report already answered, without
// contact or without verdict needs nothing.
func (s *Service) SendAnswer(ctx context.Context, reportID string) error {
	return s.sendReply(ctx, reportID)
}
