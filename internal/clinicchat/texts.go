package clinicchat

import (
	"fmt"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/clinic"
)

// consent is the consent a chat report carries, stored with it and sent
// back in every answer: sending the report is agreeing to it.
func (c *Chat) consent(channel string) string {
	what := "nomor WhatsApp Anda"
	if channel == clinic.ChannelTelegram {
		what = "ID obrolan Telegram Anda"
	}
	days := int((c.cfg.Retention + 24*time.Hour - 1) / (24 * time.Hour))
	rights := "."
	if c.cfg.PrivacyURL != "" {
		rights = "; caranya ada di " + c.cfg.PrivacyURL
	}
	return fmt.Sprintf("Dengan mengirim laporan ke Klinik Hoaks %s, Anda setuju %s kami simpan hanya untuk menjawab laporan itu, "+
		"paling lama %d hari sejak laporan terakhir Anda, lalu kami hapus. "+
		"Anda berhak meminta salinan, perbaikan, atau penghapusan data itu kapan saja%s",
		c.cfg.SiteName, what, days, rights)
}

// linkConsent is the consent of a chat linked to a web report through
// its deep link, stored with the contact and sent in the confirmation:
// pressing Start on that link is agreeing to it.
func (c *Chat) linkConsent() string {
	days := int((c.cfg.Retention + 24*time.Hour - 1) / (24 * time.Hour))
	rights := "."
	if c.cfg.PrivacyURL != "" {
		rights = "; caranya ada di " + c.cfg.PrivacyURL
	}
	return fmt.Sprintf("Dengan menekan Mulai pada tautan laporan Anda, Anda setuju ID obrolan Telegram Anda disimpan Klinik Hoaks %s "+
		"hanya untuk mengirim jawaban laporan itu, paling lama %d hari sejak laporan terakhir Anda, lalu kami hapus. "+
		"Anda berhak meminta salinan, perbaikan, atau penghapusan data itu kapan saja%s",
		c.cfg.SiteName, days, rights)
}

// welcome explains the clinic to someone who greets it or asks for help.
func (c *Chat) welcome(channel string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Selamat datang di Klinik Hoaks %s.\n\n", c.cfg.SiteName)
	b.WriteString("Ragu dengan kabar yang Anda terima? Kirimkan pesannya, tautannya, atau tangkapan layarnya ke sini. " +
		"Bila kabar itu sudah pernah diperiksa, hasilnya langsung kami kirim; bila belum, pemeriksa fakta kami " +
		"menjawab paling lambat 1×24 jam. Setiap laporan mendapat nomor tiket untuk memantau prosesnya.")
	if channel == clinic.ChannelWhatsApp {
		b.WriteString(" Untuk berlangganan kabar resmi pemilu dan pilkada, kirim DAFTAR.")
	}
	b.WriteString("\n\n" + c.consent(channel))
	return b.String()
}

// Answers to messages that cannot become a report.
const (
	unsupportedReply = "Maaf, Klinik Hoaks baru dapat menerima teks, tautan, dan gambar (tangkapan layar). " +
		"Untuk video atau pesan suara, kirimkan tautannya atau tangkapan layarnya, dengan keterangan singkat isinya."
	mediaFailedReply = "Maaf, gambar Anda tidak dapat kami ambil. Silakan kirim ulang tangkapan layarnya, " +
		"atau tuliskan isi kabarnya."
)

func (c *Chat) tooLargeReply() string {
	return fmt.Sprintf("Maaf, gambar Anda terlalu besar (paling besar %d MB). Silakan kirim tangkapan layar yang lebih kecil, "+
		"atau tuliskan isi kabarnya.", c.cfg.MaxImage>>20)
}

// greetings are whole messages that say hello or ask what this is, not a
// claim to check; they get the welcome and store nothing.
var greetings = map[string]bool{
	"halo": true, "hallo": true, "helo": true, "hai": true, "hi": true, "hello": true, "hey": true, "p": true,
	"ping": true, "tes": true, "test": true, "start": true, "mulai": true, "menu": true, "info": true,
	"help": true, "bantuan": true, "tolong": true, "min": true, "admin": true, "halo min": true, "permisi": true,
	"assalamualaikum": true, "assalamu'alaikum": true, "assalamualaikum wr wb": true, "salam": true,
	"selamat pagi": true, "selamat siang": true, "selamat sore": true, "selamat malam": true,
	"pagi": true, "siang": true, "sore": true, "malam": true,
}

// thanks are whole messages that close a conversation.
var thanks = map[string]bool{
	"terima kasih": true, "terimakasih": true, "makasih": true, "trims": true, "thanks": true, "thank you": true,
	"tq": true, "ok": true, "oke": true, "okay": true, "siap": true, "baik": true, "ok terima kasih": true, "oke terima kasih": true,
	"ok makasih": true, "oke makasih": true, "baik terima kasih": true,
}

const thanksReply = "Sama-sama. Kirimkan kabar lain yang Anda ragukan kapan saja."

// smallTalk returns the answer to a message that is only a greeting or a
// thank-you, and whether it is one. Such messages store nothing.
func (c *Chat) smallTalk(channel, text string) (string, bool) {
	t := strings.ToLower(strings.Join(strings.FieldsFunc(text, func(r rune) bool {
		return r == ' ' || r == '\n' || r == '\t' || r == ',' || r == '.' || r == '!' || r == '?' || r == '/'
	}), " "))
	switch {
	case t == "" || greetings[t]:
		return c.welcome(channel), true
	case thanks[t]:
		return thanksReply, true
	}
	return "", false
}
