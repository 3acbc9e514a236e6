package api

import (
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// Content competitions (lomba konten), read-only: the contests a caller may
// see and, once announced, their results. Running a contest happens in the
// studio and on the public pages.

var contestPhases = []contest.Phase{contest.PhaseUpcoming, contest.PhaseRegistration, contest.PhaseSubmission,
	contest.PhaseJudging, contest.PhaseVoting, contest.PhaseAnnounced}

func (a *API) contestRoutes() []route {
	return []route{
		{method: "GET", path: "/api/v1/contests", op: "listContests", handle: a.listContests,
			summary: "Daftar lomba konten",
			description: "Lomba yang sudah dipublikasikan, yang pendaftarannya dibuka paling akhir lebih dulu; redaktur dan admin juga melihat " +
				"lomba yang belum dipublikasikan. phase menyaring menurut tahapnya saat ini (jadwal dalam WIB).",
			query:  []param{{name: "phase", description: "Hanya lomba yang sedang dalam tahap ini.", schema: phaseSchema()}},
			status: http.StatusOK, result: "ContestList", errors: []int{http.StatusBadRequest, http.StatusServiceUnavailable}},
		{method: "GET", path: "/api/v1/contests/{id}", op: "getContest", handle: a.showContest,
			summary: "Satu lomba konten",
			description: "Ketentuan, jadwal, syarat peserta, kategori dengan rubrik penilaiannya, hadiah, dan hasil per kategori. " +
				"results bernilai null sampai waktu pengumuman pemenang; setelah itu berisi papan peringkat setiap kategori.",
			status: http.StatusOK, result: "Contest", errors: []int{http.StatusNotFound, http.StatusServiceUnavailable}},
	}
}

func (a *API) contests() (*contest.Service, error) {
	if a.cs == nil {
		return nil, &httpError{kindUnavailable, "Lomba konten tidak berjalan di server ini."}
	}
	return a.cs, nil
}

func (a *API) listContests(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	cs, err := a.contests()
	if err != nil {
		return err
	}
	f := contest.ContestFilter{Phase: contest.Phase(r.URL.Query().Get("phase"))}
	if f.Phase != "" && !knownPhase(f.Phase) {
		names := make([]string, len(contestPhases))
		for i, p := range contestPhases {
			names[i] = string(p)
		}
		return invalid("phase", "Tahap %q tidak dikenal. Pilih salah satu: %s.", f.Phase, strings.Join(names, ", "))
	}
	list, err := cs.Contests(r.Context(), u, f)
	if err != nil {
		return err
	}
	now := cs.Now()
	out := contestList{Contests: make([]contestSummaryJSON, len(list))}
	for i := range list {
		out.Contests[i] = a.contestSummary(&list[i], now)
	}
	return writeJSON(w, http.StatusOK, out)
}

func knownPhase(p contest.Phase) bool {
	for _, k := range contestPhases {
		if k == p {
			return true
		}
	}
	return false
}

func (a *API) showContest(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	cs, err := a.contests()
	if err != nil {
		return err
	}
	ctx := r.Context()
	c, err := cs.Contest(ctx, u, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := contestJSON{contestSummaryJSON: a.contestSummary(c, cs.Now()),
		Theme: c.Theme, Rules: c.Rules, RulesHTML: c.RulesHTML, MinAge: c.MinAge, Regions: []regionJSON{},
		Timeline: contestTimelineJSON{RegistrationOpen: wib(c.Timeline.RegistrationOpen), SubmissionOpen: wib(c.Timeline.SubmissionOpen),
			SubmissionDeadline: wib(c.Timeline.SubmissionDeadline), JudgingStart: wib(c.Timeline.JudgingStart), JudgingEnd: wib(c.Timeline.JudgingEnd),
			VoteStart: wibOrNull(c.Timeline.VoteStart), VoteEnd: wibOrNull(c.Timeline.VoteEnd), AnnouncementAt: wib(c.Timeline.AnnouncementAt)},
		Categories: []contestCategoryJSON{}, Prizes: []prizeJSON{},
		PublicVote: c.PublicVote, VoteWeight: c.VoteWeight, Blind: c.Blind, Normalize: c.Normalize,
		TieBreak: string(c.TieBreak), TieBreakRule: c.TieBreak.Statement(),
	}
	out.Organizer = agencyJSON{ID: c.AgencyID}
	if ags, err := a.db.Agencies(ctx); err == nil {
		for _, ag := range ags {
			if ag.ID == c.AgencyID {
				out.Organizer = toAgency(ag)
			}
		}
	}
	for _, rg := range c.Regions {
		out.Regions = append(out.Regions, regionJSON{Code: rg.Code, Slug: rg.Slug, Name: rg.Name, Kind: rg.Kind})
	}
	for _, cat := range c.Categories {
		criteria, err := cs.Rubric(ctx, c.ID, cat.ID)
		if err != nil {
			return err
		}
		cj := contestCategoryJSON{ID: cat.ID, Slug: cat.Slug, Name: cat.Name, Description: cat.Description, Kind: string(cat.Kind),
			Accept: orEmpty(cat.Accept), MaxBytes: cat.MaxBytes, Platforms: orEmpty(cat.Platforms), MaxEntries: cat.MaxEntries,
			Criteria: toCriteria(criteria)}
		out.Categories = append(out.Categories, cj)
	}
	for _, p := range c.Prizes {
		out.Prizes = append(out.Prizes, prizeJSON{Place: p.Place, Title: p.Title, Reward: p.Reward})
	}
	// Results are the public's from the announcement on, for every caller:
	// a preview before it is the studio's.
	res, err := cs.Results(ctx, nil, c.ID)
	switch warta.ErrorCode(err) {
	case "":
		list := make([]categoryResultsJSON, len(res.Categories))
		for i, cr := range res.Categories {
			list[i] = toCategoryResults(cr)
		}
		out.Results = &list
	case warta.EForbidden, warta.ENotFound:
	default:
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) contestSummary(c *contest.Contest, now time.Time) contestSummaryJSON {
	phase := c.Phase(now)
	return contestSummaryJSON{ID: c.ID, Slug: c.Slug, URL: a.baseURL + c.Path(), Title: c.Title, Phase: string(phase),
		PhaseLabel: phase.Label(), RegistrationOpen: wib(c.Timeline.RegistrationOpen), SubmissionDeadline: wib(c.Timeline.SubmissionDeadline),
		AnnouncementAt: wib(c.Timeline.AnnouncementAt), Published: c.Published}
}

func toCriteria(cs []contest.Criterion) []criterionJSON {
	out := make([]criterionJSON, len(cs))
	for i, cr := range cs {
		out[i] = criterionJSON{ID: cr.ID, Name: cr.Name, Description: cr.Description, Weight: cr.Weight}
	}
	return out
}

func toCategoryResults(cr contest.CategoryResults) categoryResultsJSON {
	out := categoryResultsJSON{Category: cr.Category.Slug, Standings: make([]standingJSON, len(cr.Standings))}
	for i, st := range cr.Standings {
		e := st.Entry
		sj := standingJSON{Rank: st.Rank, Entry: standingEntryJSON{ID: e.ID, Code: e.Code(), Title: e.Title, ParticipantName: e.ParticipantName,
			Kind: string(e.Kind), Link: orNull(e.Link), Platform: orNull(e.Platform)},
			Judges: st.Judges, Rubric: round4(st.Rubric), Votes: st.Votes, VoteShare: round4(st.VoteShare), Final: round4(st.Final),
			TieBreak: orNull(st.TieBreak)}
		if st.Prize != nil {
			sj.Prize = &prizeJSON{Place: st.Prize.Place, Title: st.Prize.Title, Reward: st.Prize.Reward}
		}
		out.Standings[i] = sj
	}
	return out
}

func round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

type contestList struct {
	Contests []contestSummaryJSON `json:"contests"`
}

type contestSummaryJSON struct {
	ID                 string    `json:"id"`
	Slug               string    `json:"slug"`
	URL                string    `json:"url"`
	Title              string    `json:"title"`
	Phase              string    `json:"phase"`
	PhaseLabel         string    `json:"phase_label"`
	RegistrationOpen   time.Time `json:"registration_open"`
	SubmissionDeadline time.Time `json:"submission_deadline"`
	AnnouncementAt     time.Time `json:"announcement_at"`
	Published          bool      `json:"published"`
}

type contestJSON struct {
	contestSummaryJSON
	Theme        string                 `json:"theme"`
	Rules        string                 `json:"rules"`
	RulesHTML    string                 `json:"rules_html"`
	Organizer    agencyJSON             `json:"organizer"`
	MinAge       int                    `json:"min_age"`
	Regions      []regionJSON           `json:"regions"`
	Timeline     contestTimelineJSON    `json:"timeline"`
	Categories   []contestCategoryJSON  `json:"categories"`
	Prizes       []prizeJSON            `json:"prizes"`
	PublicVote   bool                   `json:"public_vote"`
	VoteWeight   int                    `json:"vote_weight"`
	Blind        bool                   `json:"blind"`
	Normalize    bool                   `json:"normalize"`
	TieBreak     string                 `json:"tie_break"`
	TieBreakRule string                 `json:"tie_break_rule"`
	Results      *[]categoryResultsJSON `json:"results"`
}

type contestTimelineJSON struct {
	RegistrationOpen   time.Time  `json:"registration_open"`
	SubmissionOpen     time.Time  `json:"submission_open"`
	SubmissionDeadline time.Time  `json:"submission_deadline"`
	JudgingStart       time.Time  `json:"judging_start"`
	JudgingEnd         time.Time  `json:"judging_end"`
	VoteStart          *time.Time `json:"vote_start"`
	VoteEnd            *time.Time `json:"vote_end"`
	AnnouncementAt     time.Time  `json:"announcement_at"`
}

type contestCategoryJSON struct {
	ID          string          `json:"id"`
	Slug        string          `json:"slug"`
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Kind        string          `json:"kind"`
	Accept      []string        `json:"accept"`
	MaxBytes    int64           `json:"max_bytes"`
	Platforms   []string        `json:"platforms"`
	MaxEntries  int             `json:"max_entries"`
	Criteria    []criterionJSON `json:"criteria"`
}

type criterionJSON struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Weight      int    `json:"weight"`
}

type prizeJSON struct {
	Place  int    `json:"place"`
	Title  string `json:"title"`
	Reward string `json:"reward"`
}

type categoryResultsJSON struct {
	Category  string         `json:"category"`
	Standings []standingJSON `json:"standings"`
}

type standingJSON struct {
	Rank      int               `json:"rank"`
	Entry     standingEntryJSON `json:"entry"`
	Judges    int               `json:"judges"`
	Rubric    float64           `json:"rubric"`
	Votes     int               `json:"votes"`
	VoteShare float64           `json:"vote_share"`
	Final     float64           `json:"final"`
	Prize     *prizeJSON        `json:"prize"`
	TieBreak  *string           `json:"tie_break"`
}

type standingEntryJSON struct {
	ID              string  `json:"id"`
	Code            string  `json:"code"`
	Title           string  `json:"title"`
	ParticipantName string  `json:"participant_name"`
	Kind            string  `json:"kind"`
	Link            *string `json:"link"`
	Platform        *string `json:"platform"`
}

func phaseSchema() obj {
	names := make([]string, len(contestPhases))
	for i, p := range contestPhases {
		names[i] = string(p)
	}
	return obj{"type": "string", "enum": names}
}

func number(description string) obj { return obj{"type": "number", "description": description} }

// contestSchemas are the contest endpoints' schemas for components.schemas.
func contestSchemas() obj {
	summary := obj{
		"id":                  str("ID (ULID)."),
		"slug":                str("Bagian terakhir alamat publik."),
		"url":                 str("Halaman publik lomba."),
		"title":               str("Judul."),
		"phase":               phaseSchema(),
		"phase_label":         str(`Tahap dalam Bahasa Indonesia, mis. "Pengiriman karya dibuka".`),
		"registration_open":   dateTime("Pendaftaran dibuka."),
		"submission_deadline": dateTime("Batas pengiriman karya; karya yang dikirim tepat pada waktu ini sudah terlambat."),
		"announcement_at":     dateTime("Pengumuman pemenang; hasil terbuka sejak waktu ini."),
		"published":           boolean("Tampil di halaman publik."),
	}
	full := obj{
		"theme":          str("Tema."),
		"rules":          str("Ketentuan dalam Markdown."),
		"rules_html":     str("Ketentuan yang sudah dirender dan dibersihkan."),
		"organizer":      ref("Agency"),
		"min_age":        integer("Usia minimal pada tanggal pendaftaran; 0 tanpa batas."),
		"regions":        arrayOf(ref("Region"), "Domisili peserta yang diterima; kosong berarti semua wilayah."),
		"timeline":       ref("ContestTimeline"),
		"categories":     arrayOf(ref("ContestCategory"), "Kategori lomba."),
		"prizes":         arrayOf(ref("Prize"), "Hadiah setiap kategori menurut peringkat."),
		"public_vote":    boolean("Memakai suara publik."),
		"vote_weight":    integer("Bobot suara publik dalam nilai akhir, dalam persen."),
		"blind":          boolean("Juri menilai tanpa melihat nama peserta."),
		"normalize":      boolean("Nilai setiap juri dinormalisasi (skor z) sebelum dirata-rata."),
		"tie_break":      obj{"type": "string", "enum": []string{string(contest.TieBreakHeaviestCriterion), string(contest.TieBreakEarlierSubmission)}},
		"tie_break_rule": str("Aturan nilai seri sebagaimana diumumkan."),
		"results":        obj{"description": "Papan peringkat per kategori; null sampai waktu pengumuman.", "oneOf": []obj{arrayOf(ref("CategoryResults"), ""), {"type": "null"}}},
	}
	for k, v := range summary {
		full[k] = v
	}
	return obj{
		"ContestList":    response("Daftar lomba.", obj{"contests": arrayOf(ref("ContestSummary"), "Lomba, yang pendaftarannya dibuka paling akhir lebih dulu.")}),
		"ContestSummary": response("Ringkasan lomba.", summary),
		"Contest":        response("Lomba konten.", full),
		"ContestTimeline": response("Jadwal lomba dalam WIB. Setiap tahap dimulai tepat pada waktunya dan berakhir sesaat sebelum waktu akhirnya.", obj{
			"registration_open":   dateTime("Pendaftaran dibuka."),
			"submission_open":     dateTime("Pengiriman karya dibuka."),
			"submission_deadline": dateTime("Batas pengiriman karya; pendaftaran juga ditutup."),
			"judging_start":       dateTime("Penjurian dimulai."),
			"judging_end":         dateTime("Penjurian berakhir; nilai dikunci."),
			"vote_start":          nullableDateTime("Pemungutan suara publik dibuka; null tanpa suara publik."),
			"vote_end":            nullableDateTime("Pemungutan suara publik ditutup."),
			"announcement_at":     dateTime("Pengumuman pemenang."),
		}),
		"ContestCategory": response("Kategori lomba dengan batasan karyanya.", obj{
			"id": str("ID (ULID)."), "slug": str("Slug."), "name": str("Nama."), "description": str("Penjelasan."),
			"kind":        obj{"type": "string", "enum": []string{string(contest.KindFile), string(contest.KindLink)}, "description": "file: unggahan berkas; link: tautan ke kiriman."},
			"accept":      arrayOf(obj{"type": "string"}, "Jenis berkas (MIME) yang diterima, untuk kategori file."),
			"max_bytes":   integer("Ukuran berkas terbesar dalam byte; 0 untuk kategori link."),
			"platforms":   arrayOf(obj{"type": "string", "enum": contest.Platforms}, "Platform tautan yang diterima, untuk kategori link."),
			"max_entries": integer("Karya aktif paling banyak per peserta."),
			"criteria":    arrayOf(ref("Criterion"), "Rubrik penilaian; bobotnya berjumlah 100."),
		}),
		"Criterion": response("Satu kriteria rubrik.", obj{
			"id": str("ID (ULID)."), "name": str("Nama."), "description": str("Yang dinilai juri."), "weight": integer("Bobot dalam persen."),
		}),
		"Prize": response("Hadiah untuk satu peringkat.", obj{
			"place": integer("Peringkat, mulai dari 1."), "title": str(`Sebutan, mis. "Juara 1".`), "reward": str("Hadiahnya."),
		}),
		"CategoryResults": response("Papan peringkat satu kategori, yang terbaik lebih dulu.", obj{
			"category":  str("Slug kategori."),
			"standings": arrayOf(ref("Standing"), "Peringkat."),
		}),
		"Standing": response("Satu karya di papan peringkat.", obj{
			"rank":       integer("Peringkat; nilai seri sudah diurai menurut aturan seri."),
			"entry":      ref("StandingEntry"),
			"judges":     integer("Juri yang nilainya dihitung."),
			"rubric":     number("Nilai rubrik berbobot (dinormalisasi bila lomba memakainya), skala 1–100."),
			"votes":      integer("Suara publik yang dihitung."),
			"vote_share": number("Bagian suara publik kategori ini, 0–1."),
			"final":      number("Nilai akhir."),
			"prize":      nullableRef("Prize", "Hadiah peringkat ini, atau null."),
			"tie_break":  nullableStr("Bila nilai akhirnya sama dengan karya di bawahnya: alasan karya ini di atasnya."),
		}),
		"StandingEntry": response("Karya.", obj{
			"id": str("ID (ULID)."), "code": str(`Kode anonim, mis. "K-3F9A2C".`), "title": str("Judul."),
			"participant_name": str("Nama peserta."),
			"kind":             obj{"type": "string", "enum": []string{string(contest.KindFile), string(contest.KindLink)}},
			"link":             nullableStr("Tautan kiriman, untuk karya berupa tautan."),
			"platform":         nullableStr("Platform tautan."),
		}),
	}
}
