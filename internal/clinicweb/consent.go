package clinicweb

import (
	"fmt"
	"time"
)

// The consent texts are shown on the form and stored with each report
// exactly as shown (clinic.Submission.ConsentText), so the record says what
// the reporter agreed to, as UU PDP 27/2022 asks: purpose, which data, for
// how long, and the reporter's rights and how to use them.

// consentText is the consent to keeping the reporter's contact data.
func (web *Web) consentText() string {
	return fmt.Sprintf("Saya setuju %s menyimpan kontak yang saya isi (nomor WhatsApp atau alamat email, "+
		"beserta nama bila saya isi) hanya untuk menjawab laporan saya. Kontak disimpan terpisah dari isi laporan dan dienkripsi, "+
		"lalu dihapus otomatis %s setelah laporan terakhir saya. Saya berhak meminta salinan, perbaikan, atau penghapusan data saya "+
		"kapan saja %s.", web.cfg.Office, days(web.cfg.Retention), web.rightsHow())
}

// referralText is the separate consent to a referral to Bawaslu.
func (web *Web) referralText() string {
	return "Saya juga setuju, bila petugas menilai laporan ini sebagai dugaan pelanggaran pemilu atau kampanye hitam, laporan ini " +
		"beserta nama dan alamat saya diteruskan ke Bawaslu sebagai laporan dugaan pelanggaran. Persetujuan ini terpisah dan tidak wajib."
}

// rightsHow says how to ask for a copy, a correction or erasure.
func (web *Web) rightsHow() string {
	if web.cfg.PrivacyEmail != "" {
		return "dengan mengirim email ke " + web.cfg.PrivacyEmail
	}
	return "dengan menghubungi " + web.cfg.Office
}

// days writes a retention period in days: "90 hari".
func days(d time.Duration) string {
	n := int((d + 24*time.Hour - 1) / (24 * time.Hour))
	return fmt.Sprintf("%d hari", max(n, 1))
}
