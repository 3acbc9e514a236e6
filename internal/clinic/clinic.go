// Package clinic runs the hoax clinic (klinik hoaks): citizens' reports come
// in through the web form, the API, WhatsApp and Telegram; each is matched
// against published verdicts and official articles (internal/clinic/match)
// and answered at once when the claim was already checked; otherwise it
// joins a claim in the fact-checkers' queue, which must be answered within
// 1×24 hours. A verdict is published as a "Cek Fakta" article through the
// newsroom and every reporter of the claim is answered on the channel they
// used, once.
//
// Reporters' contact data is kept apart from report content, sealed with
// internal/secretbox, purged after the retention period, and every access
// to it is logged (UU PDP 27/2022).
package clinic

import (
	"time"
)

// Channels a report can arrive through; replies go back the same way.
const (
	ChannelWeb      = "web"
	ChannelAPI      = "api"
	ChannelWhatsApp = "whatsapp"
	ChannelTelegram = "telegram"
)

// Claim statuses: baru → diperiksa → selesai, or ditolak with a reason.
const (
	StatusNew      = "baru"
	StatusChecking = "diperiksa"
	StatusDone     = "selesai"
	StatusRejected = "ditolak"
)

// DefaultLabels are the verdict labels unless configured otherwise.
var DefaultLabels = []string{"HOAKS", "DISINFORMASI", "MISINFORMASI", "FAKTA"}

// FirstDraftTypes are the seven types of mis- and disinformation of First
// Draft, with their Indonesian names, in First Draft's order.
var FirstDraftTypes = []struct{ Key, Name string }{
	{"satire", "Satire atau parodi"},
	{"false-connection", "Koneksi yang salah"},
	{"misleading", "Konten yang menyesatkan"},
	{"false-context", "Konteks yang salah"},
	{"imposter", "Konten tiruan"},
	{"manipulated", "Konten yang dimanipulasi"},
	{"fabricated", "Konten palsu"},
}

// Decisions of intake (the same words as match.Decision*).
const (
	DecisionAuto    = "auto"    // answered at once with a verdict
	DecisionSuggest = "suggest" // a checker confirms the suggested verdict
	DecisionNew     = "new"     // a new claim was opened
)

// Submission is one report as it arrives, from any channel.
type Submission struct {
	Channel string // ChannelWeb, ChannelAPI, ChannelWhatsApp, ChannelTelegram
	// ExternalID identifies the message on its channel (WhatsApp "wamid…",
	// Telegram "chat:message"); a second submission with the same channel
	// and ExternalID returns the first one's receipt and stores nothing.
	ExternalID string
	Text       string
	URL        string
	// Image is a screenshot as uploaded (JPEG, PNG, GIF or WebP); it is
	// re-encoded, which strips its metadata, and hashed for matching.
	Image []byte
	// Contact is how to answer the reporter; nil for an anonymous web or
	// API report. WhatsApp and Telegram reports always carry one.
	Contact *ContactInput
	// Consent must be true when Contact is set: the reporter agreed to
	// ConsentText (stored with the time).
	Consent     bool
	ConsentText string
	// ReferralConsent is the reporter's separate consent to a referral to
	// Bawaslu with their name and address.
	ReferralConsent bool
	// IP is the sender's address for rate limiting; empty for webhooks.
	IP         string
	ReceivedAt time.Time // zero: now
}

// ContactInput is how a reporter wants to be answered.
type ContactInput struct {
	Kind    string // "whatsapp" (E.164 number), "telegram" (chat id), "email"
	Address string
	Name    string // optional; needed for a Bawaslu referral
	// HomeAddress is the reporter's postal address, optional; needed for a
	// Bawaslu referral.
	HomeAddress string
}

// Receipt is what intake answers.
type Receipt struct {
	Ticket   string // "KH-2026-000123"
	Decision string // DecisionAuto, DecisionSuggest or DecisionNew
	// Verdict is the matched verdict for DecisionAuto, nil otherwise.
	Verdict *Verdict
	Score   float64 // the best match's score, 0 when none
	// Reply is the text sent (or to be sent) to the reporter.
	Reply string
	// Related are up to two published official articles the report
	// matches at or above the suggestion threshold, best first, for the
	// reporter to read while the checkers work. Empty when a verdict
	// answers the report, and never a verdict's Cek Fakta article.
	Related []RelatedArticle
	// Repeat is true when the submission was seen before (same
	// channel and ExternalID); nothing new was stored.
	Repeat bool
}

// RelatedArticle is a published official article that matches a report
// or a claim.
type RelatedArticle struct {
	ID          string
	Title       string
	URL         string // the public article page, absolute
	PublishedAt time.Time
	Score       float64 // the match's score
}

// Report is one citizen's report. It never carries contact data.
type Report struct {
	ID         string
	Ticket     string
	ClaimID    string
	Channel    string
	Text       string
	URL        string
	ImagePath  string // media path of the stripped screenshot, "" when none
	HasContact bool
	// ReferralConsent is true when the reporter also agreed to a referral
	// to Bawaslu (Submission.ReferralConsent); the studio offers the
	// referral form only then.
	ReferralConsent bool
	ReceivedAt      time.Time
	// AnsweredAt is when the reporter was sent a verdict; zero until then.
	AnsweredAt      time.Time
	AnswerVerdictID string
}

// Claim is the content many reports share, worked by fact-checkers.
type Claim struct {
	ID            string
	Title         string // a short statement of the claim, edited by checkers
	Status        string // Status*
	RejectReason  string
	Priority      int // higher first
	ReportCount   int
	FirstReportAt time.Time
	DueAt         time.Time // FirstReportAt + 24 h
	AssigneeID    string
	AssigneeName  string
	RegionCode    string // optional, "35.78"
	Election      bool   // election-related, weighs in priority
	// SuggestedVerdictID is the verdict intake found between the two
	// thresholds; a checker confirms it with one click.
	SuggestedVerdictID string
	SuggestedScore     float64
	VerdictID          string // set once answered
	UpdatedAt          time.Time
}

// Overdue reports whether the claim is still open past its due time.
func (c *Claim) Overdue(now time.Time) bool {
	return (c.Status == StatusNew || c.Status == StatusChecking) && now.After(c.DueAt)
}

// Note is an internal note or evidence link on a claim.
type Note struct {
	ID          string
	ClaimID     string
	AuthorID    string
	AuthorName  string
	Body        string
	EvidenceURL string // optional
	CreatedAt   time.Time
}

// Verdict is a published fact-check, from the clinic or imported.
type Verdict struct {
	ID      string
	ClaimID string // "" for imported verdicts
	// Title is the headline without the label: "Video KPU Menghapus Suara …".
	Title string
	// ClaimReviewed is the claim as it circulated.
	ClaimReviewed string
	Label         string // HOAKS, DISINFORMASI, MISINFORMASI, FAKTA, …
	Type          string // a FirstDraftTypes key; "" for imported
	Explanation   string // Markdown
	References    []string
	// ClaimAuthor, ClaimAppearance (URLs where it appeared) and
	// ClaimDate describe the reviewed claim for ClaimReview.itemReviewed.
	ClaimAuthor     string
	ClaimAppearance []string
	ClaimDate       time.Time
	Category        string
	RegionCode      string
	ArticleID       string // the Cek Fakta article, "" for imported
	URL             string // the article's URL, or the imported one
	PublishedAt     time.Time
	AuthorName      string
}

// Heading is the verdict's headline as published: "[HOAKS] title".
func (v *Verdict) Heading() string { return "[" + v.Label + "] " + v.Title }

// VerdictInput is what a checker fills in to publish a verdict.
type VerdictInput struct {
	Title           string
	ClaimReviewed   string
	Label           string
	Type            string
	Explanation     string
	References      []string
	ClaimAuthor     string
	ClaimAppearance []string
	ClaimDate       time.Time
	RegionCode      string
}

// Referral is a black-campaign or election-violation referral to Bawaslu,
// kept with its claim.
type Referral struct {
	ID              string
	ClaimID         string
	ReportID        string
	ReporterName    string
	ReporterAddress string
	ReportedParty   string
	Place           string
	OccurredAt      time.Time
	KnownAt         time.Time // when the violation became known
	Deadline        time.Time // KnownAt + 7 days
	Description     string
	Evidence        []string
	CreatedBy       string
	CreatedAt       time.Time
	Doc             *ReferralDoc // filled by ReferralDocument only
}

// TicketView is the public status of a report: no personal data.
type TicketView struct {
	Ticket       string
	Status       string // the claim's status
	ReceivedAt   time.Time
	DueAt        time.Time
	Verdict      *Verdict // nil until answered
	AnsweredAt   time.Time
	RejectReason string
	// ReplyFailed is true when the answer to the reporter could not be
	// sent (the reason is for staff only): the page must not claim it was.
	ReplyFailed bool
}
