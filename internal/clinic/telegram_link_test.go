package clinic

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// startParam is what Telegram accepts after ?start=.
var startParam = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

const linkConsent = "Dengan menekan Mulai, Anda setuju ID obrolan Telegram Anda kami simpan hanya untuk menjawab laporan Anda."

// A web reporter without contact links a Telegram chat through the start
// payload; the verdict published later reaches that chat, once.
func TestTelegramLinkThenVerdictReachesTheChat(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		r := e.submit(Submission{Text: dptHoax})
		st, err := e.svc.TelegramLinkState(e.ctx, strings.ToLower(r.Ticket))
		if err != nil {
			t.Fatal(err)
		}
		if st.Linked || !startParam.MatchString(st.Payload) {
			t.Fatalf("state %+v: want an unlinked report with a valid start parameter", st)
		}
		digits := strings.ReplaceAll(strings.TrimPrefix(r.Ticket, "KH-"), "-", "")
		if strings.Contains(st.Payload, r.Ticket) || strings.Contains(st.Payload, digits) {
			t.Errorf("payload %q shows the ticket code", st.Payload)
		}
		got, err := e.svc.LinkTelegram(e.ctx, TelegramLinkRequest{Payload: st.Payload, ChatID: "555111222", ConsentText: linkConsent})
		if err != nil {
			t.Fatal(err)
		}
		if got.Ticket != r.Ticket || got.Already || got.Answer {
			t.Fatalf("linked %+v", got)
		}
		if n := e.count("SELECT COUNT(*) FROM clinic_contacts WHERE kind = 'telegram' AND consent_text = ?", linkConsent); n != 1 {
			t.Fatalf("%d telegram contacts with the bot's consent wording", n)
		}
		if n := e.count("SELECT COUNT(*) FROM clinic_contacts WHERE sealed LIKE '%555111222%' OR lookup LIKE '%555111222%'"); n != 0 {
			t.Errorf("the chat id is stored in the clear")
		}
		if st, _ := e.svc.TelegramLinkState(e.ctx, r.Ticket); !st.Linked || st.Payload != "" {
			t.Errorf("after linking: %+v", st)
		}

		// The same /start again (a replay, or a second tap) changes nothing.
		again, err := e.svc.LinkTelegram(e.ctx, TelegramLinkRequest{Payload: st.Payload, ChatID: "555111222", ConsentText: linkConsent})
		if err != nil || !again.Already {
			t.Fatalf("replay: %+v, %v", again, err)
		}
		// Another chat with the same link (forwarded) is refused.
		_, err = e.svc.LinkTelegram(e.ctx, TelegramLinkRequest{Payload: st.Payload, ChatID: "999", ConsentText: linkConsent})
		wantErr(t, "other chat", err, warta.EConflict, "akun Telegram lain")
		if n := e.count("SELECT COUNT(*) FROM clinic_contacts"); n != 1 {
			t.Errorf("%d contacts after replay and refusal, want 1", n)
		}

		if _, err := e.svc.PublishVerdict(e.ctx, e.checker, e.claimOf(r.Ticket).ID, dptVerdict()); err != nil {
			t.Fatal(err)
		}
		e.runReplies()
		e.runReplies()
		sent := e.tg.all()
		if len(sent) != 1 || sent[0].to.Address != "555111222" || sent[0].msg.Ticket != r.Ticket || !strings.Contains(sent[0].msg.Text, "HOAKS") {
			t.Fatalf("telegram answers %+v", sent)
		}
	})
}

// Linking after the verdict sends it at once, and the queued job does not
// send it again.
func TestTelegramLinkAfterVerdictAnswersAtOnce(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		r := e.submit(Submission{Text: dptHoax})
		st, err := e.svc.TelegramLinkState(e.ctx, r.Ticket)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.PublishVerdict(e.ctx, e.checker, e.claimOf(r.Ticket).ID, dptVerdict()); err != nil {
			t.Fatal(err)
		}
		if st, _ := e.svc.TelegramLinkState(e.ctx, r.Ticket); st.Payload != "" {
			t.Errorf("a closed claim still offers a link")
		}
		got, err := e.svc.LinkTelegram(e.ctx, TelegramLinkRequest{Payload: st.Payload, ChatID: "42", ConsentText: linkConsent})
		if err != nil {
			t.Fatal(err)
		}
		if !got.Answer {
			t.Fatalf("linked %+v: the verdict is due", got)
		}
		if err := e.svc.SendAnswer(e.ctx, got.ReportID); err != nil {
			t.Fatal(err)
		}
		if n := e.runReplies(); n != 1 {
			t.Errorf("%d reply jobs, want the one queued with the link", n)
		}
		if sent := e.tg.all(); len(sent) != 1 || sent[0].to.Address != "42" {
			t.Fatalf("telegram answers %+v", sent)
		}
		if tv, _ := e.svc.Ticket(e.ctx, r.Ticket); tv.AnsweredAt.IsZero() {
			t.Errorf("report not marked answered")
		}
	})
}

// A payload that is not ours, altered, expired, or for a report answered
// elsewhere stores nothing and says why.
func TestTelegramLinkRefusals(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		r := e.submit(Submission{Text: dptHoax})
		st, err := e.svc.TelegramLinkState(e.ctx, r.Ticket)
		if err != nil {
			t.Fatal(err)
		}
		flip := []byte(st.Payload)
		flip[5] ^= 1
		other, _ := newEnvKey(t, e, "kunci-lain-yang-juga-cukup-panjang-untuk-uji").telegramPayload(reportID(e, r.Ticket), e.clock.now())
		for name, p := range map[string]string{"altered": string(flip), "other key": other, "ticket code": r.Ticket,
			"empty": "", "too long": st.Payload + "AAAA"} {
			_, err := e.svc.LinkTelegram(e.ctx, TelegramLinkRequest{Payload: p, ChatID: "555", ConsentText: linkConsent})
			wantErr(t, name, err, warta.EInvalid, "tidak kami kenali")
		}
		e.clock.add(TelegramLinkTTL + time.Hour)
		_, err = e.svc.LinkTelegram(e.ctx, TelegramLinkRequest{Payload: st.Payload, ChatID: "555", ConsentText: linkConsent})
		wantErr(t, "expired", err, warta.EInvalid, "kedaluwarsa")

		em := e.submit(Submission{Text: "Kabar lain tentang kotak suara", Consent: true,
			Contact: &ContactInput{Kind: "email", Address: "warga@contoh.example"}})
		if st, _ := e.svc.TelegramLinkState(e.ctx, em.Ticket); st.Payload != "" || st.Linked {
			t.Errorf("a report answered by email offers a Telegram link: %+v", st)
		}
		p, _ := e.svc.telegramPayload(reportID(e, em.Ticket), e.clock.now())
		_, err = e.svc.LinkTelegram(e.ctx, TelegramLinkRequest{Payload: p, ChatID: "555", ConsentText: linkConsent})
		wantErr(t, "email report", err, warta.EConflict, "kontak lain")
		if n := e.count("SELECT COUNT(*) FROM clinic_contacts WHERE kind = 'telegram'"); n != 0 {
			t.Errorf("%d telegram contacts stored by refused links", n)
		}
	})
}

// Without a secret key contact data cannot be kept, so no link is offered.
func TestTelegramLinkNeedsSecretKey(t *testing.T) {
	eachWith(t, func(c *Config) { c.SecretKey = "" }, func(t *testing.T, e *env) {
		r := e.submit(Submission{Text: dptHoax})
		if st, err := e.svc.TelegramLinkState(e.ctx, r.Ticket); err != nil || st.Payload != "" {
			t.Errorf("state %+v, %v", st, err)
		}
		_, err := e.svc.TelegramLinkState(e.ctx, "KH-2026-999999")
		wantErr(t, "unknown ticket", err, warta.ENotFound, "tidak ditemukan")
	})
}

// newEnvKey is a service on the same database under another secret key.
func newEnvKey(t *testing.T, e *env, key string) *Service {
	t.Helper()
	s, err := New(Config{DB: e.db, SecretKey: key, BaseURL: "https://warta.example", Now: e.clock.now, Logger: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
