// Package contest runs content competitions (lomba konten): the
// communications office calls for content that encourages informed voting,
// citizens register with a verified email and send files or links to their
// posts, editors moderate, judging panels score entries against weighted
// rubrics, the public may vote, and the results are published at the
// announcement time with a winners' article drafted for the newsroom.
//
// Every rule that depends on time is enforced with the clock the Service
// was given, and every time in the timeline is a moment shown in WIB. Every
// refusal is a *warta.Error with a message in Bahasa Indonesia and, where
// an input is at fault, its Field.
//
// The package owns its tables (migration 0010_contests.sql) and writes
// portable SQL with ? placeholders rewritten by store.DB.Rebind.
package contest

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Phase is where a contest stands, derived from its timeline and the clock.
type Phase string

// Phases, in the order a contest goes through them.
const (
	PhaseUpcoming     Phase = "upcoming"     // before registration opens
	PhaseRegistration Phase = "registration" // registration open, submissions not yet
	PhaseSubmission   Phase = "submission"   // registration and submissions open
	PhaseJudging      Phase = "judging"      // after the deadline, until the announcement
	PhaseVoting       Phase = "voting"       // the public vote is open
	PhaseAnnounced    Phase = "announced"    // results published
)

// Label is the phase as the public reads it.
func (p Phase) Label() string {
	switch p {
	case PhaseUpcoming:
		return "Segera dibuka"
	case PhaseRegistration:
		return "Pendaftaran dibuka"
	case PhaseSubmission:
		return "Pengiriman karya dibuka"
	case PhaseJudging:
		return "Penjurian"
	case PhaseVoting:
		return "Pemungutan suara publik"
	case PhaseAnnounced:
		return "Pemenang diumumkan"
	}
	return string(p)
}

// Kind is what a category's entries are.
type Kind string

// Entry kinds.
const (
	KindFile Kind = "file" // an uploaded image or PDF
	KindLink Kind = "link" // a link to the participant's post
)

// Accepted file types. Images are re-encoded to JPEG when stored, which
// drops their metadata; PDFs are kept as sent.
const (
	TypeJPEG = "image/jpeg"
	TypePNG  = "image/png"
	TypeWebP = "image/webp"
	TypePDF  = "application/pdf"
)

var fileTypes = []string{TypeJPEG, TypePNG, TypeWebP, TypePDF}

// MaxFileBytes is the largest file limit a category may set: an upload is
// held in memory while it is checked. Images are further limited to
// media.MaxBytes.
const MaxFileBytes = 50 << 20

// Platforms a link entry may point to.
const (
	PlatformInstagram = "instagram"
	PlatformTikTok    = "tiktok"
	PlatformYouTube   = "youtube"
	PlatformX         = "x"
	PlatformFacebook  = "facebook"
)

// Platforms lists every supported platform.
var Platforms = []string{PlatformInstagram, PlatformTikTok, PlatformYouTube, PlatformX, PlatformFacebook}

// PlatformName is the platform as people write it.
func PlatformName(p string) string {
	switch p {
	case PlatformInstagram:
		return "Instagram"
	case PlatformTikTok:
		return "TikTok"
	case PlatformYouTube:
		return "YouTube"
	case PlatformX:
		return "X (Twitter)"
	case PlatformFacebook:
		return "Facebook"
	}
	return p
}

// TieBreak is the stated rule that orders entries with equal final scores.
type TieBreak string

// Tie-break rules. Both end with the entry ID, so the order is always total.
const (
	// TieBreakHeaviestCriterion ranks higher the entry with the higher
	// average score on the criterion with the largest weight (the first
	// such criterion when weights are equal), then the one whose current
	// version was submitted earlier.
	TieBreakHeaviestCriterion TieBreak = "heaviest_criterion"
	// TieBreakEarlierSubmission ranks higher the entry whose current
	// version was submitted earlier.
	TieBreakEarlierSubmission TieBreak = "earlier_submission"
)

// Statement is the rule as published in the contest's rules.
func (t TieBreak) Statement() string {
	switch t {
	case TieBreakEarlierSubmission:
		return "Jika nilai akhir sama, peringkat lebih tinggi diberikan kepada karya yang versi terakhirnya dikirim lebih awal."
	default:
		return "Jika nilai akhir sama, peringkat lebih tinggi diberikan kepada karya dengan rata-rata nilai lebih tinggi pada kriteria berbobot terbesar; " +
			"jika masih sama, kepada karya yang versi terakhirnya dikirim lebih awal."
	}
}

// Contest is one competition.
type Contest struct {
	ID        string
	Slug      string
	Title     string
	Theme     string
	Rules     string // Markdown as written
	RulesHTML string // rendered and sanitised
	AgencyID  string // the organiser, under whose name the winners' article is drafted

	// Eligibility. MinAge is the youngest age on the day of registration
	// (0: no limit); Regions the domiciles allowed (none: anywhere).
	MinAge  int
	Regions []warta.Region

	Timeline   Timeline
	Categories []Category
	Prizes     []Prize // per category, by place

	PublicVote bool
	VoteWeight int // percent of the final score from the public vote share, 0–100
	Blind      bool
	Normalize  bool // per-judge z-score normalisation
	TieBreak   TieBreak

	// Published makes the contest visible on the public pages.
	Published bool
	// AnnouncementArticleID is the newsroom draft of the winners, once
	// DraftAnnouncement made it.
	AnnouncementArticleID string

	CreatedBy string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Timeline is a contest's schedule. Each window includes its start and ends
// just before its end: a submission at the deadline itself is late.
type Timeline struct {
	RegistrationOpen   time.Time
	SubmissionOpen     time.Time // zero: when registration opens
	SubmissionDeadline time.Time // registration closes here too
	JudgingStart       time.Time
	JudgingEnd         time.Time // scores are locked from here
	VoteStart          time.Time // zero when there is no public vote
	VoteEnd            time.Time
	AnnouncementAt     time.Time // results are published from here
}

// Category is one kind of work a contest asks for, with its own limits.
type Category struct {
	ID          string
	Slug        string
	Name        string
	Description string
	Kind        Kind
	Accept      []string // MIME types, for file categories
	MaxBytes    int64    // largest file, for file categories
	Platforms   []string // for link categories
	MaxEntries  int      // active entries per participant; 1 when zero
}

// Prize is what the entry at one place of each category wins.
type Prize struct {
	Place  int    `json:"place"`  // 1 for the winner
	Title  string `json:"title"`  // "Juara 1"
	Reward string `json:"reward"` // "Rp5.000.000 dan sertifikat"
}

// Phase returns where the contest stands at now.
func (c *Contest) Phase(now time.Time) Phase {
	t := c.Timeline
	switch {
	case now.Before(t.RegistrationOpen):
		return PhaseUpcoming
	case now.Before(t.submissionOpen()):
		return PhaseRegistration
	case now.Before(t.SubmissionDeadline):
		return PhaseSubmission
	case !now.Before(t.AnnouncementAt):
		return PhaseAnnounced
	case c.VotingOpen(now):
		return PhaseVoting
	}
	return PhaseJudging
}

func (t Timeline) submissionOpen() time.Time {
	if t.SubmissionOpen.IsZero() {
		return t.RegistrationOpen
	}
	return t.SubmissionOpen
}

func within(now, start, end time.Time) bool {
	return !now.Before(start) && now.Before(end)
}

// RegistrationOpen reports whether participants may register at now.
func (c *Contest) RegistrationOpen(now time.Time) bool {
	return within(now, c.Timeline.RegistrationOpen, c.Timeline.SubmissionDeadline)
}

// SubmissionOpen reports whether entries may be sent, edited or withdrawn
// at now.
func (c *Contest) SubmissionOpen(now time.Time) bool {
	return within(now, c.Timeline.submissionOpen(), c.Timeline.SubmissionDeadline)
}

// JudgingOpen reports whether judges may score at now.
func (c *Contest) JudgingOpen(now time.Time) bool {
	return within(now, c.Timeline.JudgingStart, c.Timeline.JudgingEnd)
}

// VotingOpen reports whether the public may vote at now.
func (c *Contest) VotingOpen(now time.Time) bool {
	return c.PublicVote && within(now, c.Timeline.VoteStart, c.Timeline.VoteEnd)
}

// Announced reports whether the results are public at now.
func (c *Contest) Announced(now time.Time) bool {
	return !now.Before(c.Timeline.AnnouncementAt)
}

// Category returns the contest's category with the id or slug.
func (c *Contest) Category(idOrSlug string) (*Category, bool) {
	for i := range c.Categories {
		if c.Categories[i].ID == idOrSlug || c.Categories[i].Slug == idOrSlug {
			return &c.Categories[i], true
		}
	}
	return nil, false
}

// Prize returns the prize for a place, if there is one.
func (c *Contest) Prize(place int) (Prize, bool) {
	for _, p := range c.Prizes {
		if p.Place == place {
			return p, true
		}
	}
	return Prize{}, false
}

// Path is the contest's public page.
func (c *Contest) Path() string { return "/lomba/" + c.Slug }

func invalid(field, format string, args ...any) error {
	return &warta.Error{Code: warta.EInvalid, Message: fmt.Sprintf(format, args...), Field: field}
}

// validate checks and tidies a contest before it is stored. Regions must
// already be resolved.
func (c *Contest) validate(maxImageBytes int64) error {
	c.Title = strings.TrimSpace(c.Title)
	c.Slug = strings.TrimSpace(c.Slug)
	if c.Title == "" {
		return invalid("title", "Judul lomba wajib diisi.")
	}
	if len([]rune(c.Title)) > 200 {
		return invalid("title", "Judul lomba paling panjang 200 karakter.")
	}
	if c.Slug == "" {
		c.Slug = warta.Slugify(c.Title)
	}
	if !warta.ValidSlug(c.Slug) {
		return invalid("slug", "Slug hanya boleh berisi huruf kecil, angka dan tanda hubung.")
	}
	if c.AgencyID == "" {
		return invalid("agency", "Penyelenggara (instansi) wajib dipilih.")
	}
	if c.MinAge < 0 || c.MinAge > 100 {
		return invalid("min_age", "Usia minimal harus antara 0 dan 100 tahun.")
	}
	if err := c.validateTimeline(); err != nil {
		return err
	}
	if c.PublicVote && (c.VoteWeight < 0 || c.VoteWeight > 100) {
		return invalid("vote_weight", "Bobot suara publik harus antara 0 dan 100 persen.")
	}
	if !c.PublicVote {
		c.VoteWeight = 0
	}
	switch c.TieBreak {
	case "":
		c.TieBreak = TieBreakHeaviestCriterion
	case TieBreakHeaviestCriterion, TieBreakEarlierSubmission:
	default:
		return invalid("tie_break", "Aturan seri harus heaviest_criterion atau earlier_submission.")
	}
	places := map[int]bool{}
	for i := range c.Prizes {
		p := &c.Prizes[i]
		p.Title, p.Reward = strings.TrimSpace(p.Title), strings.TrimSpace(p.Reward)
		if p.Place < 1 || places[p.Place] {
			return invalid("prizes", "Setiap hadiah harus untuk peringkat yang berbeda, mulai dari 1.")
		}
		if p.Title == "" {
			p.Title = fmt.Sprintf("Juara %d", p.Place)
		}
		places[p.Place] = true
	}
	if len(c.Categories) == 0 {
		return invalid("categories", "Lomba harus punya paling sedikit satu kategori.")
	}
	slugs := map[string]bool{}
	for i := range c.Categories {
		if err := c.Categories[i].validate(maxImageBytes); err != nil {
			return err
		}
		if slugs[c.Categories[i].Slug] {
			return invalid("categories", "Dua kategori tidak boleh bernama sama (%s).", c.Categories[i].Name)
		}
		slugs[c.Categories[i].Slug] = true
	}
	return nil
}

func (c *Contest) validateTimeline() error {
	t := &c.Timeline
	switch {
	case t.RegistrationOpen.IsZero():
		return invalid("registration_open", "Waktu pendaftaran dibuka wajib diisi.")
	case t.SubmissionDeadline.IsZero():
		return invalid("submission_deadline", "Batas pengiriman karya wajib diisi.")
	case t.JudgingStart.IsZero() || t.JudgingEnd.IsZero():
		return invalid("judging_start", "Waktu mulai dan akhir penjurian wajib diisi.")
	case t.AnnouncementAt.IsZero():
		return invalid("announcement_at", "Waktu pengumuman pemenang wajib diisi.")
	case !t.RegistrationOpen.Before(t.SubmissionDeadline):
		return invalid("submission_deadline", "Batas pengiriman karya harus setelah pendaftaran dibuka.")
	case !t.SubmissionOpen.IsZero() && (t.SubmissionOpen.Before(t.RegistrationOpen) || !t.SubmissionOpen.Before(t.SubmissionDeadline)):
		return invalid("submission_open", "Pengiriman karya harus dibuka antara pembukaan pendaftaran dan batas pengiriman.")
	case t.JudgingStart.Before(t.SubmissionDeadline):
		return invalid("judging_start", "Penjurian dimulai paling cepat pada batas pengiriman karya.")
	case !t.JudgingStart.Before(t.JudgingEnd):
		return invalid("judging_end", "Penjurian harus berakhir setelah dimulai.")
	case t.AnnouncementAt.Before(t.JudgingEnd):
		return invalid("announcement_at", "Pengumuman pemenang paling cepat saat penjurian berakhir.")
	}
	if !c.PublicVote {
		t.VoteStart, t.VoteEnd = time.Time{}, time.Time{}
		return nil
	}
	switch {
	case t.VoteStart.IsZero() || t.VoteEnd.IsZero():
		return invalid("vote_start", "Waktu mulai dan akhir pemungutan suara publik wajib diisi bila suara publik aktif.")
	case t.VoteStart.Before(t.SubmissionDeadline):
		return invalid("vote_start", "Pemungutan suara publik dimulai paling cepat pada batas pengiriman karya.")
	case !t.VoteStart.Before(t.VoteEnd):
		return invalid("vote_end", "Pemungutan suara publik harus berakhir setelah dimulai.")
	case t.AnnouncementAt.Before(t.VoteEnd):
		return invalid("announcement_at", "Pengumuman pemenang paling cepat saat pemungutan suara publik berakhir.")
	}
	return nil
}

func (cat *Category) validate(maxImageBytes int64) error {
	cat.Name = strings.TrimSpace(cat.Name)
	if cat.Name == "" {
		return invalid("categories", "Setiap kategori wajib bernama.")
	}
	if cat.Slug == "" {
		cat.Slug = warta.Slugify(cat.Name)
	}
	if !warta.ValidSlug(cat.Slug) {
		return invalid("categories", "Slug kategori %s hanya boleh berisi huruf kecil, angka dan tanda hubung.", cat.Name)
	}
	if cat.MaxEntries <= 0 {
		cat.MaxEntries = 1
	}
	switch cat.Kind {
	case KindFile:
		cat.Platforms = nil
		if len(cat.Accept) == 0 {
			return invalid("categories", "Kategori %s harus menerima paling sedikit satu jenis berkas.", cat.Name)
		}
		for _, t := range cat.Accept {
			if !slices.Contains(fileTypes, t) {
				return invalid("categories", "Jenis berkas %q di kategori %s tidak didukung. Pilih dari: %s.", t, cat.Name, strings.Join(fileTypes, ", "))
			}
			if t != TypePDF && cat.MaxBytes > maxImageBytes {
				return invalid("categories", "Batas ukuran gambar di kategori %s paling besar %s.", cat.Name, formatBytes(maxImageBytes))
			}
		}
		if cat.MaxBytes <= 0 || cat.MaxBytes > MaxFileBytes {
			return invalid("categories", "Batas ukuran berkas kategori %s harus antara 1 byte dan %s.", cat.Name, formatBytes(MaxFileBytes))
		}
	case KindLink:
		cat.Accept, cat.MaxBytes = nil, 0
		if len(cat.Platforms) == 0 {
			return invalid("categories", "Kategori %s harus menerima tautan dari paling sedikit satu platform.", cat.Name)
		}
		for _, p := range cat.Platforms {
			if !slices.Contains(Platforms, p) {
				return invalid("categories", "Platform %q di kategori %s tidak dikenal. Pilih dari: %s.", p, cat.Name, strings.Join(Platforms, ", "))
			}
		}
	default:
		return invalid("categories", "Jenis karya kategori %s harus file atau link.", cat.Name)
	}
	return nil
}
