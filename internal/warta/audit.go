package warta

import (
	"strings"
	"time"
)

// ActorSystem is the actor of changes no person made, such as a scheduled
// publication carried out by the job queue.
const ActorSystem = "system"

// AuditEntry is one line of the audit log: every workflow state change,
// login and permission change, kept for administrators.
type AuditEntry struct {
	ID         string // ULID, ordered by time
	At         time.Time
	Actor      string // user ID, or ActorSystem
	Action     string // "article.publish", "login", "user.role" …
	ObjectType string // "article", "user", "token" …
	ObjectID   string
	Detail     string // free text or a JSON object
	IP         string
}

// AuditFilter selects audit entries, newest first. Zero fields do not
// filter.
type AuditFilter struct {
	Actor      string
	Action     string
	ObjectType string
	ObjectID   string
	From       time.Time // at or after
	To         time.Time // before
	After      string    // keyset: the ID of the last entry of the previous page
	Limit      int
}

// AuditPage is one page of the audit log.
type AuditPage struct {
	Entries []AuditEntry
	Next    string // cursor for AuditFilter.After; "" on the last page
}

// ValidAuditCursor reports whether s can be an audit cursor (an entry ID).
func ValidAuditCursor(s string) bool {
	if len(s) != 26 {
		return false
	}
	return strings.IndexFunc(s, func(r rune) bool { return !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') }) < 0
}
