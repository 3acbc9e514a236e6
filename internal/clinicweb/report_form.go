package clinicweb

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/kominfo-jatim/warta/internal/clientip"
	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/httperr"
)

// reportFields maps the clinic service's field names, and this package's
// own, to the form's inputs.
var reportFields = map[string]string{
	"text": "text", "url": "url", "image": "image", "consent": "consent",
	"contact": "contact_address", "contact_address": "contact_address", "contact_kind": "contact_kind",
	"contact_name": "contact_name", "home_address": "home_address", "referral_consent": "referral_consent",
}

// contactKind is a way back a reporter may choose.
type contactKind struct{ Value, Name, Hint string }

// contactKinds are the ways back a reporter may choose. Telegram asks for
// nothing here: nobody knows their numeric chat id, so after the report
// the receipt links to the bot, which learns the chat when the reporter
// presses Start (see telegram_link.go). It is offered only when the bot
// is set up for that.
var (
	whatsappKind = contactKind{"whatsapp", "WhatsApp", "Nomor WhatsApp, mis. 0812-3456-7890."}
	telegramKind = contactKind{"telegram", "Telegram", "Tidak perlu diisi apa pun: setelah laporan terkirim, tekan tombol " +
		"“Terima jawaban lewat Telegram” lalu Mulai di bot kami."}
	emailKind = contactKind{"email", "Email", "Alamat email, mis. nama@contoh.id."}
)

// kinds are the contact choices on offer.
func (web *Web) kinds(r *http.Request) []contactKind {
	if web.botUsername(r.Context()) == "" {
		return []contactKind{whatsappKind, emailKind}
	}
	return []contactKind{whatsappKind, telegramKind, emailKind}
}

// reportView is the report form's page.
type reportView struct {
	Form     *form
	Token    string
	MaxImage int64
	Kinds    []contactKind
	Consent  string
	Referral string
	Days     string
	Rights   string
	Honeypot string
}

// reportShow is GET /klinik: the form, with a fresh token.
func (web *Web) reportShow(w http.ResponseWriter, r *http.Request) error {
	return web.renderReport(w, r, http.StatusOK, newForm("", nil), "")
}

func (web *Web) renderReport(w http.ResponseWriter, r *http.Request, status int, f *form, token string) error {
	if token == "" {
		token = web.issueToken(web.now())
	}
	v := reportView{Form: f, Token: token, MaxImage: web.cfg.MaxImageBytes, Kinds: web.kinds(r),
		Consent: web.consentText(), Referral: web.referralText(), Days: days(web.cfg.Retention), Rights: web.rightsHow(),
		Honeypot: honeypotField}
	return web.pages.Render(w, r, status, "Lapor hoaks", "report", v)
}

// receiptView is the page that answers a report.
type receiptView struct {
	Receipt    *clinic.Receipt
	TicketPath string
	HasContact bool
	Telegram   *telegramOffer // nil when not offered
}

// reportSubmit is POST /klinik: the report as a plain form or, with a
// screenshot, multipart. A robot's form (the honeypot filled, the token
// missing, too fast or too old) is refused with a friendly message and
// nothing stored; the service's refusals are shown beside their fields.
// Success renders the receipt directly: its ticket code is not personal,
// and reloading it sends the same token, which the service recognises as
// the same report (clinic.Submission.ExternalID) rather than a new one.
func (web *Web) reportSubmit(w http.ResponseWriter, r *http.Request) error {
	now := web.now()
	f := newForm("", url.Values{})
	in, token, err := web.readReport(w, r, f)
	if err == nil {
		switch {
		case f.Get(honeypotField) != "":
			f.General = "Maaf, laporan belum dapat kami terima. Mohon kosongkan isian yang tidak diminta, periksa laporan Anda, lalu kirim sekali lagi."
			token = ""
		default:
			switch web.checkToken(token, now) {
			case tokenTooFast:
				f.General = "Formulir terkirim terlalu cepat. Mohon periksa sekali lagi isian Anda, lalu tekan Kirim laporan."
				token = ""
			case tokenExpired:
				f.General = "Formulir ini sudah terbuka lebih dari 2 jam. Demi keamanan, mohon periksa isian Anda lalu kirim sekali lagi."
				token = ""
			case tokenBad:
				f.General = "Formulir tidak terkirim utuh. Mohon periksa isian Anda, lalu kirim sekali lagi."
				token = ""
			}
		}
		if f.General != "" {
			if len(in.Image) > 0 {
				f.General += " Gambar yang Anda lampirkan perlu dipilih lagi."
			}
			return web.renderReport(w, r, http.StatusBadRequest, f, token)
		}
		in.ExternalID = "form-" + tokenDigest(token)
		in.IP = clientip.Of(r)
		in.ReceivedAt = now
		var rec *clinic.Receipt
		if rec, err = web.cl.Submit(r.Context(), in); err == nil {
			v := receiptView{Receipt: rec, TicketPath: ticketPrefix + rec.Ticket, HasContact: in.Contact != nil}
			web.markReporter(w, rec.Ticket)
			if v.Telegram = web.telegramOffer(r.Context(), rec.Ticket); v.Telegram != nil {
				v.Telegram.Chosen = f.Get("contact_kind") == telegramKind.Value
			}
			return web.pages.Render(w, r, http.StatusOK, "Laporan diterima", "receipt", v)
		}
	}
	if !refuse(f, err, reportFields) {
		return err
	}
	if len(in.Image) > 0 && f.Err("image") == "" {
		f.General = strings.TrimSpace(f.General + " Gambar yang Anda lampirkan perlu dipilih lagi.")
	}
	return web.renderReport(w, r, httperr.Status(err), f, token)
}

// formOverhead is what a report may carry besides its screenshot;
// formMemory how much of a form is held in memory before the rest goes to
// a temporary file.
const (
	formOverhead = 1 << 20
	formMemory   = 1 << 20
)

// readReport reads the form into a submission and its token, keeping what
// was typed in f. The body may be at most a little more than the image
// limit.
func (web *Web) readReport(w http.ResponseWriter, r *http.Request, f *form) (clinic.Submission, string, error) {
	in := clinic.Submission{Channel: clinic.ChannelWeb}
	r.Body = http.MaxBytesReader(w, r.Body, web.cfg.MaxImageBytes+formOverhead)
	err := r.ParseMultipartForm(formMemory)
	if errors.Is(err, http.ErrNotMultipart) {
		err = nil // a form without a file
	}
	for _, k := range []string{"text", "url", "contact_kind", "contact_address", "contact_name", "home_address",
		"consent", "referral_consent", honeypotField} {
		f.Values.Set(k, r.PostFormValue(k))
	}
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return in, "", invalid("image", fmt.Sprintf("Ukuran gambar melebihi batas %s. Kirim tangkapan layar yang lebih kecil, lalu kirim lagi.",
				formatSize(web.cfg.MaxImageBytes)))
		}
		return in, "", invalid("", "Formulir tidak terkirim utuh. Coba kirim lagi.")
	}
	in.Text, in.URL = f.Get("text"), strings.TrimSpace(f.Get("url"))
	in.Consent, in.ReferralConsent = f.Get("consent") != "", f.Get("referral_consent") != ""
	kind, addr := f.Get("contact_kind"), strings.TrimSpace(f.Get("contact_address"))
	if kind == telegramKind.Value {
		// Linked after the report through the bot; a chat id typed here
		// (from an old form) could be anyone's, so it is not taken.
		if in.ReferralConsent {
			return in, "", invalid("contact_kind", "Untuk diteruskan ke Bawaslu, pilih WhatsApp atau email agar petugas dapat menghubungi Anda.")
		}
		kind, addr = "", ""
	}
	if kind != "" || addr != "" {
		in.Contact = &clinic.ContactInput{Kind: kind, Address: addr}
		if in.ReferralConsent {
			in.Contact.Name, in.Contact.HomeAddress = strings.TrimSpace(f.Get("contact_name")), strings.TrimSpace(f.Get("home_address"))
		}
		in.ConsentText = web.consentText()
		if in.ReferralConsent {
			in.ConsentText += "\n\n" + web.referralText()
		}
	}
	if in.ReferralConsent {
		switch {
		case in.Contact == nil:
			return in, "", invalid("contact_address", "Untuk diteruskan ke Bawaslu, isi kontak yang bisa dihubungi petugas.")
		case in.Contact.Name == "":
			return in, "", invalid("contact_name", "Untuk diteruskan ke Bawaslu, isi nama lengkap Anda.")
		case in.Contact.HomeAddress == "":
			return in, "", invalid("home_address", "Untuk diteruskan ke Bawaslu, isi alamat Anda.")
		}
	}
	if r.MultipartForm != nil && len(r.MultipartForm.File["image"]) > 0 {
		fh := r.MultipartForm.File["image"][0]
		if fh.Size > web.cfg.MaxImageBytes {
			return in, "", invalid("image", fmt.Sprintf("Ukuran gambar melebihi batas %s. Kirim tangkapan layar yang lebih kecil.", formatSize(web.cfg.MaxImageBytes)))
		}
		file, err := fh.Open()
		if err == nil {
			in.Image, err = io.ReadAll(file)
			file.Close()
		}
		if err != nil {
			return in, "", invalid("image", "Gambar tidak terbaca. Pilih gambarnya lagi, lalu kirim.")
		}
		if !strings.HasPrefix(http.DetectContentType(in.Image), "image/") {
			return in, "", invalid("image", "Berkas yang dilampirkan bukan gambar. Kirim tangkapan layar berformat JPEG, PNG, GIF atau WebP.")
		}
	}
	return in, r.PostFormValue("token"), nil
}

// tokenDigest names a served form, so that the same form sent twice (a
// reload, a double click) is one report.
func tokenDigest(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:12])
}
