package studio

import (
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// The hoax clinic's pages: the fact-checkers' queue (/studio/klinik), one
// claim with its reports, notes, verdict and referral forms
// (/studio/klinik/{id}), a report's screenshot and its reporter's contact
// (/studio/klinik/laporan/{id}/…), and the admins' personal-data page
// (/studio/klinik/data-pribadi). The clinic service decides every rule and
// keeps the access log; these pages show its answers.

// clinicPages are parsed in New, each with the layout, the partials and
// the clinic partials.
var clinicPages = []string{"clinic_queue", "clinic_claim", "clinic_contact", "clinic_privacy"}

func (s *Studio) parseClinicPages() error {
	funcs := s.funcs()
	maps.Copy(funcs, template.FuncMap{
		"claimStatus": claimStatusLabel,
		"claimCls":    claimStatusClass,
		"channel":     channelLabel,
		"typeName":    firstDraftName,
		"accessName":  accessActionLabel,
		"date":        formatDate,
		"lines":       func(v []string) string { return strings.Join(v, "\n") },
		"score":       formatScore,
		"regionPick":  newRegionPick,
		"personPick":  func(f *form, kinds []struct{ Key, Name string }) personPick { return personPick{f, kinds} },
		"kindName":    contactKindName,
	})
	for _, name := range clinicPages {
		t, err := template.New("").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html",
			"templates/clinic_partials.html", "templates/"+name+".html")
		if err != nil {
			return fmt.Errorf("parse %s: %w", name, err)
		}
		s.pages[name] = t
	}
	return nil
}

// The confirmations the clinic pages redirect with, added to the studio's
// fixed list of notices. A published verdict's notice links to the
// article, so the claim page writes it itself (see clinicClaimView.Flash).
func init() {
	maps.Copy(notices, map[string]string{
		"klaim-diambil":    "Klaim ini sekarang ditugaskan. Statusnya menjadi “diperiksa”.",
		"klaim-dilepas":    "Klaim tidak lagi ditugaskan kepada siapa pun.",
		"status-diubah":    "Status klaim diubah.",
		"klaim-disimpan":   "Judul, wilayah dan tanda pemilu klaim disimpan.",
		"catatan-dibuat":   "Catatan ditambahkan.",
		"rujukan-dicatat":  "Rujukan ke Bawaslu dicatat bersama klaim ini. Perhatikan batas waktu pelaporannya di bawah.",
		"data-dihapus":     "Data kontak orang itu dihapus. Isi laporannya tetap tersimpan tanpa identitas.",
		"data-tidak-ada":   "Tidak ada data kontak dengan alamat itu; tidak ada yang dihapus.",
		"putusan-terbit":   "Putusan diterbitkan.",
		"saran-konfirmasi": "Putusan yang disarankan dikonfirmasi.",
		"jawaban-ulang":    "Jawaban untuk pelapor dijadwalkan untuk dikirim ulang.",
	})
}

// isChecker reports whether the role works the clinic's queue.
func isChecker(r warta.Role) bool {
	return r == warta.RoleAdmin || r == warta.RoleEditor || r == warta.RoleFactChecker
}

// clinicStaff is staff for the fact-checkers' pages: admins, editors and
// fact-checkers; others get a 403 page before anything is read.
func (s *Studio) clinicStaff(h staffFunc) http.Handler {
	return s.staff(func(w http.ResponseWriter, r *http.Request, u *warta.User) error {
		if s.clinic == nil {
			return warta.Errorf(warta.ENotFound, "Klinik hoaks belum diaktifkan di server ini.")
		}
		if !isChecker(u.Role) {
			return warta.Errorf(warta.EForbidden, "Klinik hoaks hanya untuk pemeriksa fakta, redaktur dan admin.")
		}
		return h(w, r, u)
	})
}

// clinicAdmin is staff for the personal-data page: admins only.
func (s *Studio) clinicAdmin(h staffFunc) http.Handler {
	return s.staff(func(w http.ResponseWriter, r *http.Request, u *warta.User) error {
		if s.clinic == nil {
			return warta.Errorf(warta.ENotFound, "Klinik hoaks belum diaktifkan di server ini.")
		}
		if u.Role != warta.RoleAdmin {
			return warta.Errorf(warta.EForbidden, "Data pribadi pelapor hanya dapat dikelola admin.")
		}
		return h(w, r, u)
	})
}

// overdueCap bounds the navigation's count of overdue claims, so the
// count stays one small indexed query on every page; the queue's
// Terlambat filter lists them all.
const overdueCap = 100

// clinicNav says whether u is offered the clinic in the navigation, and how
// many open claims are overdue. A failure to count leaves the badge off
// rather than the page.
func (s *Studio) clinicNav(r *http.Request, u *warta.User) (bool, int) {
	if s.clinic == nil || !isChecker(u.Role) {
		return false, 0
	}
	cs, err := s.clinic.Queue(r.Context(), u, clinic.QueueFilter{Overdue: true, Limit: overdueCap})
	if err != nil {
		s.log.Debug("studio: count overdue claims", "err", err)
		return true, 0
	}
	return true, len(cs)
}

// parseForm reads a POSTed form, with a message staff can act on when the
// body cannot be read.
func parseForm(r *http.Request) (*form, error) {
	if err := r.ParseForm(); err != nil {
		return nil, warta.Errorf(warta.EInvalid, "Isian formulir tidak terbaca. Muat ulang halaman lalu coba lagi.")
	}
	return newForm(r.PostForm), nil
}

// timer is the 1×24-hour answer target of a claim as the queue shows it.
type timer struct {
	Text    string // "sisa 5 jam 12 menit", "lewat 3 jam", "dijawab"
	Overdue bool
}

// claimTimer describes c's answer target at now.
func claimTimer(c *clinic.Claim, now time.Time) timer {
	switch c.Status {
	case clinic.StatusDone:
		return timer{Text: "sudah dijawab"}
	case clinic.StatusRejected:
		return timer{Text: "ditutup"}
	}
	if c.Overdue(now) {
		return timer{Text: "lewat " + spanLabel(now.Sub(c.DueAt)), Overdue: true}
	}
	return timer{Text: "sisa " + spanLabel(c.DueAt.Sub(now))}
}

// spanLabel writes a duration in hours and minutes as people say it: "5 jam
// 12 menit", "3 jam", "40 menit", "2 hari 3 jam" beyond two days.
func spanLabel(d time.Duration) string {
	m := int(d.Round(time.Minute) / time.Minute)
	if m < 1 {
		return "kurang dari 1 menit"
	}
	h, m := m/60, m%60
	if h >= 48 {
		out := fmt.Sprintf("%d hari", h/24)
		if h%24 > 0 {
			out += fmt.Sprintf(" %d jam", h%24)
		}
		return out
	}
	switch {
	case h == 0:
		return fmt.Sprintf("%d menit", m)
	case m == 0:
		return fmt.Sprintf("%d jam", h)
	}
	return fmt.Sprintf("%d jam %d menit", h, m)
}

// claimTitle is a claim's title, or its first report's text when checkers
// have not named it yet.
func claimTitle(c *clinic.Claim, reports []*clinic.Report) string {
	if t := strings.TrimSpace(c.Title); t != "" {
		return t
	}
	for _, r := range reports {
		if t := strings.TrimSpace(r.Text); t != "" {
			return clip(t, 120)
		}
		if r.URL != "" {
			return r.URL
		}
	}
	return "(Klaim tanpa teks)"
}

// clip shortens s to at most n runes at a word boundary, with an ellipsis.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	cut := string(rs[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

// claimStatusLabel is a claim status as checkers read it.
func claimStatusLabel(st string) string {
	switch st {
	case clinic.StatusNew:
		return "Baru"
	case clinic.StatusChecking:
		return "Diperiksa"
	case clinic.StatusDone:
		return "Selesai"
	case clinic.StatusRejected:
		return "Ditolak"
	}
	return st
}

// claimStatusClass colours a claim status with the studio's badges.
func claimStatusClass(st string) string {
	switch st {
	case clinic.StatusNew:
		return "status-submitted"
	case clinic.StatusChecking:
		return "status-approved"
	case clinic.StatusDone:
		return "status-published"
	}
	return "status-unpublished"
}

// channelLabel names a report's channel.
func channelLabel(ch string) string {
	switch ch {
	case clinic.ChannelWeb:
		return "Formulir web"
	case clinic.ChannelAPI:
		return "API"
	case clinic.ChannelWhatsApp:
		return "WhatsApp"
	case clinic.ChannelTelegram:
		return "Telegram"
	}
	return ch
}

// firstDraftName is a First Draft type's Indonesian name.
func firstDraftName(key string) string {
	for _, t := range clinic.FirstDraftTypes {
		if t.Key == key {
			return t.Name
		}
	}
	return key
}

// accessActionLabel is an access-log action as admins read it.
func accessActionLabel(a string) string {
	switch a {
	case "view":
		return "melihat kontak"
	case "export":
		return "mengekspor data"
	case "erase":
		return "menghapus data"
	case "reply":
		return "mengirim jawaban"
	case "purge":
		return "penghapusan otomatis"
	case "referral":
		return "rujukan Bawaslu"
	}
	return a
}

// formatDate is a date as staff read it: "14 Februari 2024".
func formatDate(t time.Time) string {
	return warta.FormatDate(t)
}

// contactKinds are the ways back to a reporter, for the personal-data
// forms.
var contactKinds = []struct{ Key, Name string }{
	{"whatsapp", "WhatsApp (nomor)"},
	{"telegram", "Telegram (ID obrolan)"},
	{"email", "Email"},
}

// splitLines is a textarea's non-blank lines, trimmed.
func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// parseLocal reads an <input type=date> or datetime-local value in WIB;
// blank is the zero time.
func parseLocal(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, true
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, v, warta.Jakarta); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// regionPick is a region select: its input id, the chosen code and the
// choices.
type regionPick struct {
	ID, Value string
	Regions   []warta.Region
}

func newRegionPick(id, value string, regions []warta.Region) regionPick {
	return regionPick{ID: id, Value: value, Regions: regions}
}

// personPick is the kind-and-address fields of the personal-data forms.
type personPick struct {
	Form  *form
	Kinds []struct{ Key, Name string }
}
