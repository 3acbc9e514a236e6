package studio

import (
	"context"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/markdown"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// contestFields are the contest form's inputs and fieldsets, in page
// order; errors from the contest service that name one of them are shown
// beside it. The names are the service's own field names.
var contestFields = []string{"title", "slug", "agency", "theme", "rules", "categories", "min_age", "regions",
	"registration_open", "submission_open", "submission_deadline", "judging_start", "judging_end", "vote_start",
	"vote_end", "announcement_at", "vote_weight", "tie_break", "prizes"}

// timelineField is one time of the timeline as the form asks for it.
type timelineField struct {
	Name, Label, Hint string
	at                func(*contest.Timeline) *time.Time
}

// timelineFields are the timeline's inputs, in the order a contest runs.
var timelineFields = []timelineField{
	{"registration_open", "Pendaftaran dibuka", "", func(t *contest.Timeline) *time.Time { return &t.RegistrationOpen }},
	{"submission_open", "Pengiriman karya dibuka", "Boleh kosong: sama dengan pembukaan pendaftaran.", func(t *contest.Timeline) *time.Time { return &t.SubmissionOpen }},
	{"submission_deadline", "Batas pengiriman karya", "Pendaftaran juga ditutup pada saat ini; kiriman tepat pada batas ini terlambat.", func(t *contest.Timeline) *time.Time { return &t.SubmissionDeadline }},
	{"judging_start", "Penjurian dimulai", "", func(t *contest.Timeline) *time.Time { return &t.JudgingStart }},
	{"judging_end", "Penjurian berakhir", "Nilai juri dikunci sejak saat ini.", func(t *contest.Timeline) *time.Time { return &t.JudgingEnd }},
	{"vote_start", "Suara publik dibuka", "Hanya bila suara publik aktif.", func(t *contest.Timeline) *time.Time { return &t.VoteStart }},
	{"vote_end", "Suara publik ditutup", "Hanya bila suara publik aktif.", func(t *contest.Timeline) *time.Time { return &t.VoteEnd }},
	{"announcement_at", "Pengumuman pemenang", "Hasil tampil di portal sejak saat ini.", func(t *contest.Timeline) *time.Time { return &t.AnnouncementAt }},
}

// option is a value of a choice with its label.
type option struct{ Value, Label string }

// fileTypes are the file types a file category may accept.
var fileTypes = []option{{contest.TypeJPEG, "JPEG"}, {contest.TypePNG, "PNG"}, {contest.TypeWebP, "WebP"}, {contest.TypePDF, "PDF"}}

// catRow is one category's inputs; P is its name prefix ("cat0_").
type catRow struct {
	P                                                string
	Number                                           int
	ID, Name, Slug, Description, Kind, MaxMB, MaxNum string
	Accept, Platforms                                []string
	Remove                                           bool
}

// prizeRow is one prize's inputs.
type prizeRow struct {
	P                    string
	Place, Title, Reward string
}

// The largest number of category and prize rows a form shows.
const maxFormRows = 30

// contestValues fills the form from a stored contest, with one blank
// category and prize row to add another.
func contestValues(c *contest.Contest) url.Values {
	v := url.Values{
		"title": {c.Title}, "slug": {c.Slug}, "theme": {c.Theme}, "agency": {c.AgencyID}, "rules": {c.Rules},
		"vote_weight": {strconv.Itoa(c.VoteWeight)}, "tie_break": {string(c.TieBreak)},
	}
	if c.MinAge > 0 {
		v.Set("min_age", strconv.Itoa(c.MinAge))
	}
	for _, r := range c.Regions {
		v.Add("regions", r.Slug)
	}
	for _, tf := range timelineFields {
		v.Set(tf.Name, localInput(*tf.at(&c.Timeline)))
	}
	for name, on := range map[string]bool{"public_vote": c.PublicVote, "blind": c.Blind, "normalize": c.Normalize, "published": c.Published} {
		if on {
			v.Set(name, "1")
		}
	}
	for i, cat := range c.Categories {
		p := fmt.Sprintf("cat%d_", i)
		v.Set(p+"id", cat.ID)
		v.Set(p+"name", cat.Name)
		v.Set(p+"slug", cat.Slug)
		v.Set(p+"description", cat.Description)
		v.Set(p+"kind", string(cat.Kind))
		v[p+"accept"] = cat.Accept
		v[p+"platforms"] = cat.Platforms
		if cat.Kind == contest.KindFile {
			v.Set(p+"max_mb", megabytes(cat.MaxBytes))
		}
		v.Set(p+"max_entries", strconv.Itoa(cat.MaxEntries))
	}
	v.Set("cat_rows", strconv.Itoa(len(c.Categories)+1))
	for i, pr := range c.Prizes {
		p := fmt.Sprintf("prize%d_", i)
		v.Set(p+"place", strconv.Itoa(pr.Place))
		v.Set(p+"title", pr.Title)
		v.Set(p+"reward", pr.Reward)
	}
	v.Set("prize_rows", strconv.Itoa(len(c.Prizes)+1))
	return v
}

// newContestValues are the form's starting values for a new contest.
func newContestValues() url.Values {
	return url.Values{"tie_break": {string(contest.TieBreakHeaviestCriterion)}, "vote_weight": {"0"},
		"cat_rows": {"2"}, "prize_rows": {"3"}}
}

// megabytes writes a size in MB for the form: "2", "1,5".
func megabytes(n int64) string {
	s := strconv.FormatFloat(float64(n)/(1<<20), 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return strings.Replace(s, ".", ",", 1)
}

// rows is how many rows of a repeated group the form shows: as many as
// were posted (or stored, plus a blank one), one more after an "add"
// button, at least least.
func rows(f *form, name, add string, least int) int {
	n, _ := strconv.Atoi(f.Get(name))
	if f.Get(add) != "" {
		n++
	}
	return max(least, min(n, maxFormRows))
}

// catRows are the category inputs as the form shows them. A blank row
// starts as a file category for images of up to 5 MB.
func catRows(f *form) []catRow {
	n := rows(f, "cat_rows", "tambah_kategori", 1)
	out := make([]catRow, n)
	for i := range out {
		p := fmt.Sprintf("cat%d_", i)
		r := catRow{P: p, Number: i + 1, ID: f.Get(p + "id"), Name: f.Get(p + "name"), Slug: f.Get(p + "slug"),
			Description: f.Get(p + "description"), Kind: f.Get(p + "kind"), MaxMB: f.Get(p + "max_mb"),
			MaxNum: f.Get(p + "max_entries"), Accept: f.Values[p+"accept"], Platforms: f.Values[p+"platforms"],
			Remove: f.Get(p+"remove") != ""}
		if r.ID == "" && strings.TrimSpace(r.Name) == "" && len(r.Accept) == 0 && len(r.Platforms) == 0 {
			r.Kind, r.Accept, r.MaxMB, r.MaxNum = string(contest.KindFile), []string{contest.TypeJPEG, contest.TypePNG}, "5", "1"
		}
		out[i] = r
	}
	return out
}

// prizeRows are the prize inputs; a blank row offers the next place.
func prizeRows(f *form) []prizeRow {
	n := rows(f, "prize_rows", "tambah_hadiah", 1)
	out := make([]prizeRow, n)
	for i := range out {
		p := fmt.Sprintf("prize%d_", i)
		r := prizeRow{P: p, Place: f.Get(p + "place"), Title: f.Get(p + "title"), Reward: f.Get(p + "reward")}
		if r.Place == "" && r.Title == "" && r.Reward == "" {
			r.Place = strconv.Itoa(i + 1)
		}
		out[i] = r
	}
	return out
}

// contestFromForm builds the contest the form describes and records on f
// what the service could not read: numbers and times typed wrongly.
func contestFromForm(f *form) *contest.Contest {
	c := &contest.Contest{
		Title: strings.TrimSpace(f.Get("title")), Slug: strings.TrimSpace(f.Get("slug")), Theme: strings.TrimSpace(f.Get("theme")),
		Rules: strings.ReplaceAll(f.Get("rules"), "\r\n", "\n"), AgencyID: f.Get("agency"),
		PublicVote: f.Get("public_vote") != "", Blind: f.Get("blind") != "", Normalize: f.Get("normalize") != "",
		TieBreak: contest.TieBreak(f.Get("tie_break")), Published: f.Get("published") != "",
	}
	number := func(name, msg string) int {
		s := strings.TrimSpace(f.Get(name))
		if s == "" {
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			f.Set(name, msg)
		}
		return n
	}
	c.MinAge = number("min_age", "Usia minimal ditulis dengan angka tahun, misalnya 17; kosongkan bila tanpa batas.")
	if c.PublicVote {
		c.VoteWeight = number("vote_weight", "Bobot suara publik ditulis dengan angka persen 0–100, misalnya 20.")
	}
	for _, slug := range f.Values["regions"] {
		c.Regions = append(c.Regions, warta.Region{Slug: slug})
	}
	for _, tf := range timelineFields {
		t, err := contest.ParseWIB(tf.Name, f.Get(tf.Name))
		if err != nil {
			f.Set(tf.Name, warta.ErrorMessage(err))
		}
		*tf.at(&c.Timeline) = t
	}
	for _, r := range catRows(f) {
		if r.Remove || (r.ID == "" && strings.TrimSpace(r.Name) == "") {
			continue
		}
		cat := contest.Category{ID: r.ID, Name: strings.TrimSpace(r.Name), Slug: strings.TrimSpace(r.Slug),
			Description: strings.TrimSpace(r.Description), Kind: contest.Kind(r.Kind), Accept: r.Accept, Platforms: r.Platforms}
		if cat.Kind == contest.KindFile {
			mb, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(r.MaxMB), ",", ".", 1), 64)
			if err != nil || mb <= 0 || math.IsInf(mb, 0) || math.IsNaN(mb) {
				f.Set("categories", "Batas ukuran berkas kategori "+cat.Name+" ditulis dalam MB, misalnya 5 atau 2,5.")
			} else {
				cat.MaxBytes = int64(math.Round(mb * (1 << 20)))
			}
		}
		if s := strings.TrimSpace(r.MaxNum); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 {
				f.Set("categories", "Jumlah karya per peserta di kategori "+cat.Name+" ditulis dengan angka 1 atau lebih.")
			}
			cat.MaxEntries = n
		}
		c.Categories = append(c.Categories, cat)
	}
	for _, r := range prizeRows(f) {
		title, reward := strings.TrimSpace(r.Title), strings.TrimSpace(r.Reward)
		if title == "" && reward == "" {
			continue
		}
		place, err := strconv.Atoi(strings.TrimSpace(r.Place))
		if err != nil {
			f.Set("prizes", "Peringkat hadiah ditulis dengan angka, mulai dari 1.")
		}
		c.Prizes = append(c.Prizes, contest.Prize{Place: place, Title: title, Reward: reward})
	}
	return c
}

// contestFormView is the page that creates or edits a contest.
type contestFormView struct {
	layout
	Head      *contestHead // nil for a new contest
	Form      *form
	Action    string
	Cats      []catRow
	Prizes    []prizeRow
	Timeline  []timelineField
	Agencies  []warta.Agency
	Regions   []warta.Region
	Types     []option
	Platforms []option
	TieBreaks []option
	Rules     template.HTML // the rules as the portal will show them, after "Pratinjau aturan"
	Preview   bool
	PublicURL string
}

// renderContestForm shows the contest form with what f holds; c is the
// stored contest, nil for a new one.
func (s *Studio) renderContestForm(w http.ResponseWriter, r *http.Request, c *contest.Contest, f *form, preview bool, status int) error {
	ctx := r.Context()
	title := "Lomba baru"
	v := contestFormView{Form: f, Action: "/studio/lomba", Cats: catRows(f), Prizes: prizeRows(f), Timeline: timelineFields,
		Types: fileTypes, Preview: preview}
	if c != nil {
		title = c.Title
		h := s.newContestHead(c, "pengaturan")
		v.Head, v.Action = &h, "/studio/lomba/"+c.ID
		if c.Published {
			v.PublicURL = s.baseURL + c.Path()
		}
	}
	v.layout = s.newLayout(r, title)
	for _, p := range contest.Platforms {
		v.Platforms = append(v.Platforms, option{p, contest.PlatformName(p)})
	}
	for _, tb := range []contest.TieBreak{contest.TieBreakHeaviestCriterion, contest.TieBreakEarlierSubmission} {
		v.TieBreaks = append(v.TieBreaks, option{string(tb), tb.Statement()})
	}
	if preview {
		html, err := markdown.Render(f.Get("rules"))
		if err != nil {
			return err
		}
		v.Rules = template.HTML(html)
	}
	if err := s.contestChoices(ctx, &v); err != nil {
		return err
	}
	s.render(w, r, status, "contest_form", &v)
	return nil
}

// contestChoices loads the agencies and regions the form offers.
func (s *Studio) contestChoices(ctx context.Context, v *contestFormView) error {
	var err error
	if v.Agencies, err = s.db.Agencies(ctx); err != nil {
		return err
	}
	v.Regions, err = s.db.Regions(ctx)
	return err
}

// saveContest saves the form's contest (c nil: a new one) and answers
// with a redirect, the form again with its errors, or the rules preview.
func (s *Studio) saveContest(w http.ResponseWriter, r *http.Request, u *warta.User, stored *contest.Contest) error {
	if err := r.ParseForm(); err != nil {
		return warta.Errorf(warta.EInvalid, "Isian formulir tidak terbaca. Muat ulang halaman lalu coba lagi.")
	}
	f := newForm(r.PostForm)
	if r.PostForm.Has("preview") || r.PostForm.Has("tambah_kategori") || r.PostForm.Has("tambah_hadiah") {
		// Rows added here are already counted by catRows and prizeRows;
		// keep them when the form comes back.
		f.Values.Set("cat_rows", strconv.Itoa(len(catRows(f))))
		f.Values.Set("prize_rows", strconv.Itoa(len(prizeRows(f))))
		f.Values.Del("tambah_kategori")
		f.Values.Del("tambah_hadiah")
		return s.renderContestForm(w, r, stored, f, r.PostForm.Has("preview"), http.StatusOK)
	}
	c := contestFromForm(f)
	if f.Invalid() {
		return s.renderContestForm(w, r, stored, f, false, http.StatusBadRequest)
	}
	notice := "lomba-dibuat"
	if stored != nil {
		c.ID, notice = stored.ID, "lomba-disimpan"
	}
	if err := s.contests.SaveContest(r.Context(), u, c); err != nil {
		if !fromError(f, err, contestFields, nil) {
			return err
		}
		return s.renderContestForm(w, r, stored, f, false, statusOf(err))
	}
	redirect(w, r, "/studio/lomba/"+c.ID, notice)
	return nil
}
