package studio

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/auth"
	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/warta"
	"github.com/kominfo-jatim/warta/internal/webform"
)

//go:embed templates
var templateFS embed.FS

// pageNames are the page templates; each is parsed with the shared layout
// and partials into its own set.
var pageNames = []string{
	"login", "password_forgot", "password_reset", "totp", "account",
	"dashboard", "articles", "editor", "history", "media", "headlines",
	"users", "agencies", "audit", "outbox", "outbox_mail", "error",
}

// parseTemplates parses every page once, at start-up.
func parseTemplates(funcs template.FuncMap) (map[string]*template.Template, error) {
	base, err := template.New("").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	pages := make(map[string]*template.Template, len(pageNames)+1)
	for _, name := range pageNames {
		t, err := template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		pages[name] = t
	}
	// The live preview's fragment is the editor's preview partial alone.
	pages["preview"] = base
	return pages, nil
}

// funcs are the helpers templates may call.
func (s *Studio) funcs() template.FuncMap {
	return template.FuncMap{
		"dateTime":  formatDateTime,
		"dateShort": formatShort,
		"iso":       func(t time.Time) string { return t.Format(time.RFC3339) },
		"status":    func(st warta.ArticleStatus) string { return st.Label() },
		"role":      roleLabel,
		"action":    actionLabel,
		"mediaURL":  media.URL,
		"thumb":     thumbURL,
		"add":       func(a, b int) int { return a + b },
		"aria":      webform.AriaInvalid,
		"ferr":      webform.FieldErr,
	}
}

// layout is what every page's frame needs. Page views embed it.
type layout struct {
	Site   string
	Title  string
	User   *warta.User
	Nav    string // the current navigation item
	CSS    string
	JS     string
	Notice string // a confirmation after a change, from ?pesan=
	// What the navigation offers the signed-in user.
	IsAdmin, IsEditor, CanWrite bool
	// IsChecker offers the hoax clinic (admins, editors, fact-checkers);
	// Overdue is how many of its open claims are past the 24-hour target.
	IsChecker bool
	Overdue   int
}

// newLayout starts a page's frame for the signed-in user, if any.
func (s *Studio) newLayout(r *http.Request, title string) layout {
	l := layout{
		Site:   s.siteName,
		Title:  title,
		User:   auth.UserFrom(r.Context()),
		CSS:    s.assets.URL("studio.css"),
		JS:     s.assets.URL("studio.js"),
		Notice: notices[r.URL.Query().Get("pesan")],
	}
	if l.User != nil {
		l.IsAdmin = l.User.Role == warta.RoleAdmin
		l.IsEditor = l.IsAdmin || l.User.Role == warta.RoleEditor
		l.CanWrite = warta.Can(l.User, warta.ActionCreate, &warta.Article{AgencyID: l.User.AgencyID})
		l.IsChecker, l.Overdue = s.clinicNav(r, l.User)
	}
	p := strings.TrimPrefix(r.URL.Path, "/studio/")
	switch {
	case p == "":
		l.Nav = "dasbor"
	case p == "artikel/baru":
		l.Nav = "tulis"
	default:
		l.Nav, _, _ = strings.Cut(p, "/")
	}
	return l
}

// notices are the confirmations a redirect may ask the next page to show.
// Only these texts can appear, so a link cannot put words in the studio's
// mouth.
var notices = map[string]string{
	"masuk-dulu":       "Silakan masuk untuk membuka halaman itu.",
	"keluar":           "Anda sudah keluar.",
	"keluar-semua":     "Anda sudah keluar dari semua perangkat. Sesi di perangkat lain juga sudah berakhir.",
	"sandi-baru":       "Kata sandi baru sudah disimpan dan semua sesi lama diakhiri. Silakan masuk dengan kata sandi baru.",
	"2fa-aktif":        "Verifikasi dua langkah sudah aktif. Mulai sekarang masukkan kode dari aplikasi autentikator setiap kali masuk.",
	"dibuat":           "Draf tersimpan.",
	"disimpan":         "Perubahan tersimpan.",
	"diajukan":         "Artikel diajukan. Redaktur akan meninjaunya.",
	"dikembalikan":     "Artikel dikembalikan ke penulis beserta catatan Anda.",
	"disetujui":        "Artikel disetujui dan siap dijadwalkan atau diterbitkan.",
	"dijadwalkan":      "Artikel dijadwalkan. Artikel akan tayang otomatis pada waktunya.",
	"diterbitkan":      "Artikel sudah terbit di portal.",
	"ditarik":          "Artikel ditarik dari portal.",
	"dikoreksi":        "Catatan koreksi ditambahkan dan tampil untuk pembaca.",
	"diunggah":         "Foto diunggah ke pustaka media.",
	"headline":         "Urutan headline disimpan.",
	"pengguna-dibuat":  "Akun dibuat.",
	"pengguna-tautan":  "Akun dibuat. Tautan untuk memilih kata sandi sudah dikirim ke email pengguna.",
	"peran-diubah":     "Peran akun diubah.",
	"dinonaktifkan":    "Akun dinonaktifkan dan semua sesinya diakhiri.",
	"diaktifkan":       "Akun diaktifkan kembali.",
	"instansi-dibuat":  "Instansi ditambahkan.",
	"tautan-terkirim":  "Jika email itu terdaftar, tautan untuk mengatur ulang kata sandi sudah dikirim. Periksa kotak masuk Anda; tautan berlaku satu jam.",
	"sudah-2fa":        "Verifikasi dua langkah Anda sudah aktif.",
	"perubahan-kosong": "Tidak ada yang berubah.",
}

// render executes a page into a buffer first, so a template error becomes a
// clean 500 instead of half a page.
func (s *Studio) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	var buf bytes.Buffer
	t := s.pages[page]
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		s.log.Error("studio: render", "page", page, "err", err)
		http.Error(w, "Terjadi kesalahan di server. Silakan coba lagi.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// renderFragment executes one named template without the layout.
func (s *Studio) renderFragment(w http.ResponseWriter, page, name string, data any) {
	var buf bytes.Buffer
	if err := s.pages[page].ExecuteTemplate(&buf, name, data); err != nil {
		s.log.Error("studio: render fragment", "name", name, "err", err)
		http.Error(w, "Pratinjau gagal dibuat.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}
