package warta

import (
	"crypto/rand"
	"time"

	"github.com/oklog/ulid/v2"
)

// entropy makes ids created in the same millisecond by this process sort in
// the order they were made, so that a tie on time (two audit entries in one
// second) is broken by creation order rather than by chance.
var entropy = &ulid.LockedMonotonicReader{MonotonicReader: ulid.Monotonic(rand.Reader, 0)}

// NewID returns a new text ULID: sortable by creation time, the same on
// SQLite and PostgreSQL.
func NewID() string {
	return ulid.MustNew(ulid.Timestamp(time.Now()), entropy).String()
}

// NewIDAt returns a ULID whose time part is t, for back-dated imports.
func NewIDAt(t time.Time) string {
	return ulid.MustNew(ulid.Timestamp(t), entropy).String()
}
