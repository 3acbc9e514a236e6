package warta

import (
	"fmt"
	"strings"
	"time"
)

// Action is something staff do to an article in the newsroom.
type Action string

// Newsroom actions.
const (
	ActionCreate    Action = "create"
	ActionEdit      Action = "edit"
	ActionSubmit    Action = "submit"
	ActionReturn    Action = "return"
	ActionApprove   Action = "approve"
	ActionSchedule  Action = "schedule"
	ActionPublish   Action = "publish"
	ActionUnpublish Action = "unpublish"
	ActionCorrect   Action = "correct"
	ActionHeadline  Action = "headline"
)

// Actions lists every newsroom action.
var Actions = []Action{ActionCreate, ActionEdit, ActionSubmit, ActionReturn, ActionApprove,
	ActionSchedule, ActionPublish, ActionUnpublish, ActionCorrect, ActionHeadline}

// contributorActions are all a contributor may do, and only on articles of
// their own agency: the office's editors decide what the public reads.
var contributorActions = map[Action]bool{ActionCreate: true, ActionEdit: true, ActionSubmit: true}

// Can reports whether u may take action a on art. Editors and admins may do
// everything on any article. Contributors may create, edit and submit
// articles of their own agency, and edit them only while they are drafts or
// returned: once submitted, a story is in the editors' hands. Fact-checkers
// and judges only read the newsroom. Whether the article's status allows the
// action is a separate question, answered by Transition.
func Can(u *User, a Action, art *Article) bool {
	if u == nil || u.Disabled {
		return false
	}
	switch u.Role {
	case RoleAdmin, RoleEditor:
		return true
	case RoleContributor:
		if !contributorActions[a] || u.AgencyID == "" || art == nil || art.AgencyID != u.AgencyID {
			return false
		}
		if a == ActionEdit {
			return art.Status == StatusDraft || art.Status == StatusReturned || art.Status == ""
		}
		return true
	}
	return false
}

// CanView reports whether u may read art in the newsroom, drafts included.
// Contributors see only their own agency's articles; fact-checkers and
// judges may read everything but change nothing.
func CanView(u *User, art *Article) bool {
	if u == nil || u.Disabled {
		return false
	}
	switch u.Role {
	case RoleAdmin, RoleEditor, RoleFactChecker, RoleJudge:
		return true
	case RoleContributor:
		return u.AgencyID != "" && art != nil && art.AgencyID == u.AgencyID
	}
	return false
}

// Authorize is Can with the refusal a person can act on: nil when allowed,
// otherwise an EForbidden error saying why.
func Authorize(u *User, a Action, art *Article) error {
	if Can(u, a, art) {
		return nil
	}
	forbid := func(msg string) error { return &Error{Code: EForbidden, Message: msg} }
	switch {
	case u == nil:
		return &Error{Code: EUnauthorized, Message: "Silakan masuk terlebih dahulu."}
	case u.Disabled:
		return forbid("Akun Anda dinonaktifkan.")
	case u.Role == RoleFactChecker || u.Role == RoleJudge:
		return forbid("Pemeriksa fakta dan juri hanya dapat membaca ruang redaksi, tidak mengubahnya.")
	case u.Role != RoleContributor:
		return forbid("Peran Anda tidak mengizinkan tindakan ini.")
	case art == nil || art.AgencyID != u.AgencyID:
		return forbid("Kontributor hanya dapat mengelola artikel instansinya sendiri.")
	case a == ActionEdit:
		return forbid(fmt.Sprintf("Artikel berstatus %s sudah di tangan redaktur; kontributor hanya dapat mengubah draf atau artikel yang dikembalikan.", art.Status.Label()))
	default:
		return forbid(fmt.Sprintf("Kontributor tidak dapat %s; hanya redaktur yang dapat melakukannya.", a.doing()))
	}
}

// transitions is the editorial workflow: for each action that changes an
// article's status, the statuses it may start from and the status it leads
// to. Editors may schedule or publish straight from a draft: a story written
// at the office's own desk needs no review round, and an editor publishing a
// contributor's story is that editor's call. Approving a scheduled article
// cancels its schedule; scheduling a scheduled article moves its time.
var transitions = map[Action]struct {
	from []ArticleStatus
	to   ArticleStatus
}{
	ActionSubmit:    {[]ArticleStatus{StatusDraft, StatusReturned}, StatusSubmitted},
	ActionReturn:    {[]ArticleStatus{StatusSubmitted}, StatusReturned},
	ActionApprove:   {[]ArticleStatus{StatusSubmitted, StatusScheduled}, StatusApproved},
	ActionSchedule:  {[]ArticleStatus{StatusDraft, StatusReturned, StatusSubmitted, StatusApproved, StatusScheduled}, StatusScheduled},
	ActionPublish:   {[]ArticleStatus{StatusDraft, StatusReturned, StatusSubmitted, StatusApproved, StatusScheduled, StatusUnpublished}, StatusPublished},
	ActionUnpublish: {[]ArticleStatus{StatusPublished}, StatusUnpublished},
	// A public correction is a note to readers, so only a live article
	// takes one.
	ActionCorrect: {[]ArticleStatus{StatusPublished}, StatusPublished},
}

// Transition returns the status an article in status from moves to by a.
// Actions that do not change the status (create, edit, headline) return
// from. An action the status does not allow is an EConflict error naming
// the current status.
func Transition(a Action, from ArticleStatus) (ArticleStatus, error) {
	t, ok := transitions[a]
	if !ok {
		return from, nil
	}
	for _, s := range t.from {
		if s == from {
			return t.to, nil
		}
	}
	return from, &Error{Code: EConflict, Message: fmt.Sprintf("Artikel berstatus %s tidak dapat %s.", from.Label(), a.verb())}
}

// Label is the status as staff read it in Bahasa Indonesia.
func (s ArticleStatus) Label() string {
	switch s {
	case StatusDraft:
		return "draf"
	case StatusSubmitted:
		return "menunggu tinjauan"
	case StatusReturned:
		return "dikembalikan"
	case StatusApproved:
		return "disetujui"
	case StatusScheduled:
		return "terjadwal"
	case StatusPublished:
		return "terbit"
	case StatusUnpublished:
		return "ditarik"
	}
	return string(s)
}

// verb is the action as an Indonesian passive verb phrase, to complete
// "Artikel … tidak dapat …".
func (a Action) verb() string {
	switch a {
	case ActionCreate:
		return "dibuat"
	case ActionEdit:
		return "diubah"
	case ActionSubmit:
		return "dikirim untuk ditinjau"
	case ActionReturn:
		return "dikembalikan ke penulis"
	case ActionApprove:
		return "disetujui"
	case ActionSchedule:
		return "dijadwalkan"
	case ActionPublish:
		return "diterbitkan"
	case ActionUnpublish:
		return "ditarik dari publikasi"
	case ActionCorrect:
		return "diberi catatan koreksi"
	case ActionHeadline:
		return "dijadikan berita utama"
	}
	return string(a)
}

// doing is the action as an Indonesian active verb phrase with its object,
// to complete "Kontributor tidak dapat …".
func (a Action) doing() string {
	switch a {
	case ActionReturn:
		return "mengembalikan artikel ke penulis"
	case ActionApprove:
		return "menyetujui artikel"
	case ActionSchedule:
		return "menjadwalkan artikel"
	case ActionPublish:
		return "menerbitkan artikel"
	case ActionUnpublish:
		return "menarik artikel dari publikasi"
	case ActionCorrect:
		return "memberi catatan koreksi pada artikel"
	case ActionHeadline:
		return "menjadikan artikel berita utama"
	}
	return "melakukan tindakan ini"
}

// StaffArticle is an article as the newsroom sees it: the story with the
// workflow state readers never see.
type StaffArticle struct {
	*Article
	AuthorID    string    // who created it; "" for imported articles
	AuthorName  string    // the author's display name, when known
	ScheduledAt time.Time // set while Status is StatusScheduled
}

// StaffFilter selects articles for newsroom lists, newest-updated first.
// Zero fields do not filter.
type StaffFilter struct {
	Status   ArticleStatus
	AgencyID string
	AuthorID string
	After    *StaffCursor // keyset: articles updated before this
	Limit    int
}

// StaffCursor is a keyset position in the newest-updated-first order.
type StaffCursor struct {
	UpdatedAt time.Time
	ID        string
}

// String encodes the cursor for URLs: unix seconds, a dash and the id.
func (c StaffCursor) String() string {
	return Cursor{PublishedAt: c.UpdatedAt, ID: c.ID}.String()
}

// ParseStaffCursor decodes a cursor from String, or returns EInvalid.
func ParseStaffCursor(s string) (*StaffCursor, error) {
	c, err := ParseCursor(s)
	if err != nil {
		return nil, err
	}
	return &StaffCursor{UpdatedAt: c.PublishedAt, ID: c.ID}, nil
}

// StaffPage is one page of a newsroom list.
type StaffPage struct {
	Articles []*StaffArticle
	Next     *StaffCursor // nil on the last page
}

// WorkflowEvent is one step in an article's history: who did what, the
// status before and after, and the comment given (a return's reasons, a
// correction's note, an edit's note).
type WorkflowEvent struct {
	ID        string
	ArticleID string
	UserID    string // or ActorSystem for the scheduler
	UserName  string // filled in by lists when known
	Action    Action
	From      ArticleStatus // "" on create
	To        ArticleStatus
	Comment   string
	CreatedAt time.Time
}

// Revision is a saved version of an article's text. Revision 1 is the text
// as first written; each edit that changes the title, dek or body, and every
// edit of a published article, adds one.
type Revision struct {
	ID        string
	ArticleID string
	Number    int
	Title     string
	Dek       string
	Body      string
	EditorID  string
	Note      string
	CreatedAt time.Time
}

// ParseScheduleTime reads a publication time typed by staff, to the minute
// in Asia/Jakarta ("2024-02-14 10:00", "2024-02-14T10:00", the value of an
// HTML datetime-local input), or an RFC 3339 time with its own offset. It
// returns an EInvalid error naming the field "scheduled_at" for anything
// else.
func ParseScheduleTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, Jakarta); err == nil {
			return t, nil
		}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, &Error{Code: EInvalid, Message: "Waktu tayang tidak valid. Tulis seperti 2024-02-14 10:00 (WIB).", Field: "scheduled_at"}
}
