package studio

import (
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// The contest pages: editors and admins run contests under /studio/lomba
// (settings, rubric, panels, moderation, the review of flagged votes,
// judging progress and the results preview with the winners' draft);
// judges score under /studio/penjurian. The contest service decides every
// rule, the clock included; these pages show its answers.

// contestPages are parsed in New, each with the layout, the partials and
// the contest partials.
var contestPages = []string{
	"contest_list", "contest_form", "contest_rubric", "contest_panels", "contest_entries", "contest_entry",
	"contest_votes", "contest_results", "contest_progress",
	"judging_list", "judging_contest", "judging_entry",
}

func (s *Studio) parseContestPages() error {
	funcs := s.funcs()
	maps.Copy(funcs, template.FuncMap{
		"wib":       contest.FormatWIB,
		"score":     formatScore,
		"percent":   formatPercent,
		"platform":  contest.PlatformName,
		"phaseCls":  phaseClass,
		"has":       slices.Contains[[]string],
		"entryCls":  entryStatusClass,
		"entryCode": func(id string) string { return (&contest.Entry{ID: id}).Code() },
	})
	for _, name := range contestPages {
		t, err := template.New("").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html",
			"templates/contest_partials.html", "templates/"+name+".html")
		if err != nil {
			return fmt.Errorf("parse %s: %w", name, err)
		}
		s.pages[name] = t
	}
	return nil
}

// The confirmations the contest pages redirect with, added to the studio's
// fixed list of notices.
func init() {
	maps.Copy(notices, map[string]string{
		"lomba-dibuat":      "Lomba dibuat. Susun rubrik dan panel juri; lomba tampil di portal setelah “Tampilkan di portal” dicentang.",
		"lomba-disimpan":    "Perubahan lomba disimpan.",
		"rubrik-disimpan":   "Rubrik penilaian disimpan.",
		"panel-dibuat":      "Panel juri ditambahkan.",
		"panel-disimpan":    "Panel juri disimpan.",
		"panel-dihapus":     "Panel juri dihapus.",
		"karya-diterima":    "Karya diterima dan masuk penjurian.",
		"karya-ditolak":     "Karya ditolak. Peserta melihat alasan yang Anda tulis.",
		"suara-dihitung":    "Suara yang dipilih dihitung dalam hasil.",
		"suara-dibuang":     "Suara yang dipilih tidak dihitung.",
		"suara-tetap":       "Tidak ada suara yang berubah.",
		"pengumuman-dibuat": "Draf pengumuman pemenang dibuat dari hasil lomba. Periksa isinya, lalu ajukan, jadwalkan atau terbitkan seperti artikel lain.",
		"konflik-dicatat":   "Konflik kepentingan dicatat. Karya yang bersangkutan tidak lagi ditampilkan kepada Anda, dan nilai yang sudah Anda berikan untuknya dihapus.",
		"nilai-disimpan":    "Nilai disimpan. Anda dapat mengubahnya selama penjurian masih dibuka.",
	})
}

// contestStaff is staff for the pages that run contests: editors and
// admins only, as the contest service itself decides; others get a 403
// page before anything is read.
func (s *Studio) contestStaff(h staffFunc) http.Handler {
	return s.staff(func(w http.ResponseWriter, r *http.Request, u *warta.User) error {
		if s.contests == nil {
			return warta.Errorf(warta.ENotFound, "Lomba konten belum diaktifkan di server ini.")
		}
		if u.Role != warta.RoleAdmin && u.Role != warta.RoleEditor {
			return warta.Errorf(warta.EForbidden, "Hanya redaktur dan admin yang dapat mengelola lomba.")
		}
		return h(w, r, u)
	})
}

// judging is staff for the judges' pages.
func (s *Studio) judging(h staffFunc) http.Handler {
	return s.staff(func(w http.ResponseWriter, r *http.Request, u *warta.User) error {
		if s.contests == nil {
			return warta.Errorf(warta.ENotFound, "Lomba konten belum diaktifkan di server ini.")
		}
		if u.Role != warta.RoleJudge {
			return warta.Errorf(warta.EForbidden, "Halaman penjurian hanya untuk akun berperan juri.")
		}
		return h(w, r, u)
	})
}

// contestHead is what every page of one contest shows at its top: the
// title, its phase now and the contest's own menu.
type contestHead struct {
	Contest *contest.Contest
	Phase   contest.Phase
	Tab     string // the current item of the contest's menu
}

// newContestHead describes the contest for the page tab.
func (s *Studio) newContestHead(c *contest.Contest, tab string) contestHead {
	return contestHead{Contest: c, Phase: c.Phase(s.contests.Now()), Tab: tab}
}

// staffContest reads the contest named in the path for an editor.
func (s *Studio) staffContest(r *http.Request, u *warta.User) (*contest.Contest, error) {
	return s.contests.Contest(r.Context(), u, r.PathValue("id"))
}

// staffEntry reads the entry named in the path, which must belong to the
// contest.
func (s *Studio) staffEntry(r *http.Request, u *warta.User, c *contest.Contest) (*contest.Entry, error) {
	e, err := s.contests.Entry(r.Context(), u, r.PathValue("entry"))
	if err != nil {
		return nil, err
	}
	if e.ContestID != c.ID {
		return nil, warta.Errorf(warta.ENotFound, "Karya tidak ditemukan di lomba ini.")
	}
	return e, nil
}

// categoryNames maps a contest's category IDs to their names.
func categoryNames(c *contest.Contest) map[string]string {
	out := make(map[string]string, len(c.Categories))
	for _, cat := range c.Categories {
		out[cat.ID] = cat.Name
	}
	return out
}

// serveEntryFile writes an entry's stored file: an image's resized copy
// when ?w= names one of its widths, else the original. The file is for
// viewing here only, so it is named by the entry's code, never its
// author.
func (s *Studio) serveEntryFile(w http.ResponseWriter, r *http.Request, e *contest.Entry) error {
	if e.File == nil || e.File.Key == "" {
		return warta.Errorf(warta.ENotFound, "Karya ini tidak punya berkas.")
	}
	width := 0
	if n, err := strconv.Atoi(r.URL.Query().Get("w")); err == nil && slices.Contains(e.File.Variants, n) {
		width = n
	}
	f, err := os.Open(s.contests.FilePath(e.File, width))
	if err != nil {
		return warta.Errorf(warta.ENotFound, "Berkas karya tidak ditemukan di penyimpanan.")
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("studio: entry file %s: %w", e.ID, err)
	}
	ext := ".jpg"
	if e.File.MIME == contest.TypePDF {
		ext = ".pdf"
	}
	w.Header().Set("Content-Type", e.File.MIME)
	w.Header().Set("Content-Disposition", `inline; filename="`+e.Code()+ext+`"`)
	http.ServeContent(w, r, "", st.ModTime(), f)
	return nil
}

// formatScore writes a score with two decimals and a decimal comma: "78,25".
func formatScore(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', 2, 64), ".", ",", 1)
}

// formatPercent writes a share (0–1) as a percentage with one decimal:
// "12,5%".
func formatPercent(v float64) string {
	return strings.Replace(strconv.FormatFloat(v*100, 'f', 1, 64), ".", ",", 1) + "%"
}

// phaseClass colours a contest phase with the studio's status badges.
func phaseClass(p contest.Phase) string {
	switch p {
	case contest.PhaseUpcoming:
		return "status-unpublished"
	case contest.PhaseRegistration, contest.PhaseSubmission:
		return "status-published"
	case contest.PhaseJudging, contest.PhaseVoting:
		return "status-submitted"
	case contest.PhaseAnnounced:
		return "status-scheduled"
	}
	return ""
}

// entryStatusClass colours an entry's moderation status.
func entryStatusClass(st contest.EntryStatus) string {
	switch st {
	case contest.EntryPending:
		return "status-submitted"
	case contest.EntryAccepted:
		return "status-published"
	case contest.EntryRejected:
		return "status-returned"
	}
	return "status-unpublished"
}

// judgingWindow says where judging stands at now, as judges read it.
func judgingWindow(c *contest.Contest, now time.Time) string {
	switch {
	case now.Before(c.Timeline.JudgingStart):
		return "Penjurian dibuka " + contest.FormatWIB(c.Timeline.JudgingStart) + "."
	case c.JudgingOpen(now):
		return "Penjurian berlangsung sampai " + contest.FormatWIB(c.Timeline.JudgingEnd) + "."
	}
	return "Penjurian sudah ditutup pada " + contest.FormatWIB(c.Timeline.JudgingEnd) + "; nilai sudah dikunci."
}

// work is an entry's work as the pages show it, with the addresses its
// file is served at to the viewer.
type work struct {
	Entry             *contest.Entry
	Code              string
	FileURL, ThumbURL string
	Size              string
	Image             bool
}

// newWork describes e's work, its file served at fileURL.
func newWork(e *contest.Entry, fileURL string) work {
	w := work{Entry: e, Code: e.Code(), FileURL: fileURL, ThumbURL: fileURL}
	if e.File == nil {
		return w
	}
	w.Image = e.File.MIME != contest.TypePDF
	best := 0
	for _, v := range e.File.Variants {
		if v >= 640 && (best == 0 || v < best) {
			best = v
		}
	}
	if best > 0 {
		w.ThumbURL += "?w=" + strconv.Itoa(best)
	}
	w.Size = sizeLabel(e.File.Size)
	return w
}

// sizeLabel writes a file size as people read it: "1,5 MB", "320 KB".
func sizeLabel(n int64) string {
	if n >= 1<<20 {
		return megabytes(n) + " MB"
	}
	return strconv.FormatInt((n+1023)/1024, 10) + " KB"
}
