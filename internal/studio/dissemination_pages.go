package studio

import (
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"strings"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// The dissemination pages: each article's channels with the preview of
// what goes out and its deliveries (/studio/artikel/{id}/diseminasi), the
// deliveries across articles (/studio/diseminasi), and the channels that
// admins configure (/studio/kanal). They share the delivery table of
// dissemination_partials.html.

// disseminationPages are parsed in New, like the other pages, each with the
// layout, the partials and the delivery table.
var disseminationPages = []string{"dissemination_article", "delivery_list", "channel_list", "channel_edit"}

func (s *Studio) parseDisseminationPages() error {
	for _, name := range disseminationPages {
		t, err := template.New("").Funcs(s.funcs()).ParseFS(templateFS, "templates/layout.html", "templates/partials.html",
			"templates/dissemination_partials.html", "templates/"+name+".html")
		if err != nil {
			return fmt.Errorf("parse %s: %w", name, err)
		}
		s.pages[name] = t
	}
	return nil
}

// The confirmations the dissemination pages redirect with, added to the
// studio's fixed list of notices.
func init() {
	maps.Copy(notices, map[string]string{
		"kanal-dipilih":      "Pilihan kanal untuk artikel ini disimpan.",
		"dikirim-ulang":      "Pengiriman dijadwalkan ulang. Statusnya diperbarui di bawah dalam beberapa detik; muat ulang halaman untuk melihatnya.",
		"ulang-batal":        "Pengiriman itu tidak dikirim ulang: statusnya sudah berubah (terkirim atau sedang dikirim). Lihat status terbarunya di bawah.",
		"kanal-ditambah":     "Kanal ditambahkan.",
		"kanal-disimpan":     "Perubahan kanal disimpan.",
		"kanal-diaktifkan":   "Kanal diaktifkan: artikel yang terbit berikutnya dikirim ke sana.",
		"kanal-dimatikan":    "Kanal dinonaktifkan: tidak ada artikel yang dikirim ke sana sampai diaktifkan lagi.",
		"kanal-bawaan":       "Kanal dijadikan bawaan: artikel baru dikirim ke sana kecuali redaktur atau instansinya memilih lain.",
		"kanal-bukan-bawaan": "Kanal tidak lagi bawaan: artikel dikirim ke sana hanya bila dipilih.",
		"kanal-dihapus":      "Kanal dihapus dan kredensialnya dibuang. Riwayat pengirimannya tetap tersimpan.",
		"bawaan-instansi":    "Kanal bawaan instansi disimpan.",
	})
}

// engine is the delivery engine, or a "not found" for nodes without one.
func (s *Studio) engine() (*dissemination.Engine, error) {
	if s.dissem == nil {
		return nil, warta.Errorf(warta.ENotFound, "Diseminasi belum diaktifkan di server ini.")
	}
	return s.dissem, nil
}

// mayDisseminate refuses everyone but editors and admins: they choose where
// articles go and send failed deliveries again.
func mayDisseminate(u *warta.User) error {
	if u.Role != warta.RoleAdmin && u.Role != warta.RoleEditor {
		return warta.Errorf(warta.EForbidden, "Hanya redaktur dan admin yang dapat mengatur diseminasi.")
	}
	return nil
}

// canDisseminate is mayDisseminate as a yes or no, for what pages offer.
func canDisseminate(u *warta.User) bool { return mayDisseminate(u) == nil }

// deliveryStatusLabels are the statuses as editors read them.
var deliveryStatusLabels = map[dissemination.Status]string{
	dissemination.StatusQueued:    "antre",
	dissemination.StatusSending:   "mengirim",
	dissemination.StatusDelivered: "terkirim",
	dissemination.StatusFailed:    "gagal",
	dissemination.StatusDryRun:    "uji kering",
	dissemination.StatusSkipped:   "dilewati",
}

// deliveryStatusClass colours a status with the studio's status badges.
var deliveryStatusClass = map[dissemination.Status]string{
	dissemination.StatusQueued:    "status-submitted",
	dissemination.StatusSending:   "status-submitted",
	dissemination.StatusDelivered: "status-published",
	dissemination.StatusFailed:    "status-returned",
	dissemination.StatusDryRun:    "status-scheduled",
	dissemination.StatusSkipped:   "status-unpublished",
}

func deliveryStatusLabel(st dissemination.Status) string {
	if l, ok := deliveryStatusLabels[st]; ok {
		return l
	}
	return string(st)
}

// deliveryOpLabel is what a delivery does, as editors say it.
func deliveryOpLabel(op dissemination.Op) string {
	switch op {
	case dissemination.OpCreate:
		return "terbit"
	case dissemination.OpUpdate:
		return "pembaruan/koreksi"
	case dissemination.OpDelete:
		return "penarikan"
	}
	return string(op)
}

// deliveryRow is one delivery as the tables show it.
type deliveryRow struct {
	dissemination.Delivery
	ArticleTitle string
	StatusLabel  string
	StatusClass  string
	OpLabel      string
	Retryable    bool   // failed or a dry run: an editor may send it again
	RetryNote    string // when a queued delivery is tried next
	Sent         string // a dry run's text: what would have been posted
}

// deliveryTable is the delivery table partial's view.
type deliveryTable struct {
	Rows        []deliveryRow
	ShowArticle bool   // the list across articles names each one
	CanRetry    bool   // the viewer may send deliveries again
	Back        string // where the retry button returns to
	Cols        int
}

// newDeliveryTable describes deliveries for a viewer.
func newDeliveryTable(ds []dissemination.Delivery, titles map[string]string, u *warta.User, back string, showArticle bool) deliveryTable {
	t := deliveryTable{ShowArticle: showArticle, CanRetry: canDisseminate(u), Back: back, Cols: 7}
	if showArticle {
		t.Cols++
	}
	if t.CanRetry {
		t.Cols++
	}
	for _, d := range ds {
		row := deliveryRow{Delivery: d, ArticleTitle: titles[d.ArticleID], StatusLabel: deliveryStatusLabel(d.Status),
			StatusClass: deliveryStatusClass[d.Status], OpLabel: deliveryOpLabel(d.Op),
			Retryable: d.Status == dissemination.StatusFailed || d.Status == dissemination.StatusDryRun}
		if d.Status == dissemination.StatusQueued && d.Attempts > 0 {
			row.RetryNote = "Dicoba lagi otomatis " + formatDateTime(d.NextAttemptAt) + "."
		}
		if d.Status == dissemination.StatusDryRun && d.Rendering != nil {
			row.Sent = d.Rendering.Text
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// dryRunNote says whether a channel sends for real, and if not what it
// lacks: "berjalan kering: lengkapi bot_token".
func dryRunNote(in dissemination.ChannelInfo) string {
	if !in.DryRun {
		return ""
	}
	if len(in.Missing) == 0 {
		return "berjalan kering: matikan dry_run agar benar-benar mengirim"
	}
	return "berjalan kering: lengkapi " + strings.Join(in.Missing, ", ")
}

// backTo is a studio path to return to after a POST, from a form's hidden
// field; anything else is def, so a form cannot send the browser off-site.
func backTo(r *http.Request, def string) string {
	p := r.PostFormValue("kembali")
	if strings.HasPrefix(p, "/studio/") && !strings.ContainsAny(p, "\\\r\n") {
		return p
	}
	return def
}

// localURL turns an absolute URL on the public site into a path, so that
// images the channels will receive load under the studio's CSP.
func (s *Studio) localURL(u string) string {
	if s.baseURL != "" && strings.HasPrefix(u, s.baseURL+"/") {
		return strings.TrimPrefix(u, s.baseURL)
	}
	return u
}
