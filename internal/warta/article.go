package warta

import (
	"fmt"
	"strings"
	"time"
)

// ArticleStatus is where an article stands in the editorial workflow.
type ArticleStatus string

// Article statuses.
const (
	StatusDraft       ArticleStatus = "draft"
	StatusSubmitted   ArticleStatus = "submitted"
	StatusReturned    ArticleStatus = "returned"
	StatusApproved    ArticleStatus = "approved"
	StatusScheduled   ArticleStatus = "scheduled"
	StatusPublished   ArticleStatus = "published"
	StatusUnpublished ArticleStatus = "unpublished"
)

// Article is one news story or official announcement.
type Article struct {
	ID       string
	Slug     string
	Title    string
	Dek      string // the standfirst under the title
	Body     string // Markdown as written
	BodyHTML string // rendered and sanitised

	LeadImage  *Media // nil when the story has no photo
	Dateline   string // "Surabaya"
	Byline     string // author's name
	BylineCode string // "/rd" style code at the end of the story

	AgencyID string
	Agency   Agency
	Regions  []Region
	Stages   []Stage
	Tags     []Tag

	Headline      bool
	HeadlineOrder int

	Status      ArticleStatus
	PublishedAt time.Time // zero until first published
	UpdatedAt   time.Time // last visible change
	CreatedAt   time.Time

	Corrections []Correction
}

// Correction is a public note about a change made after publication.
type Correction struct {
	ID        string
	ArticleID string
	Note      string
	CreatedAt time.Time
}

// Live reports whether readers can see the article.
func (a *Article) Live() bool {
	return a.Status == StatusPublished && !a.PublishedAt.IsZero()
}

// Path is the article's stable public URL path, built from its first
// publication date in WIB: /berita/2024/02/14/slug.
func (a *Article) Path() string {
	t := a.PublishedAt
	if t.IsZero() {
		t = a.CreatedAt
	}
	t = t.In(Jakarta)
	return fmt.Sprintf("/berita/%04d/%02d/%02d/%s", t.Year(), int(t.Month()), t.Day(), a.Slug)
}

// Validate checks what every stored article must have.
func (a *Article) Validate() error {
	if strings.TrimSpace(a.Title) == "" {
		return &Error{Code: EInvalid, Message: "Judul wajib diisi.", Field: "title"}
	}
	if len([]rune(a.Title)) > 200 {
		return &Error{Code: EInvalid, Message: "Judul paling panjang 200 karakter.", Field: "title"}
	}
	if a.Slug != "" && !ValidSlug(a.Slug) {
		return &Error{Code: EInvalid, Message: "Slug hanya boleh berisi huruf kecil, angka dan tanda hubung.", Field: "slug"}
	}
	if a.AgencyID == "" {
		return &Error{Code: EInvalid, Message: "Sumber resmi (instansi) wajib dipilih.", Field: "agency"}
	}
	return nil
}

// Media is a stored image with its variants.
type Media struct {
	ID        string
	Key       string // storage key of the original, e.g. "2024/02/01HP….jpg"
	MIME      string
	Width     int
	Height    int
	Alt       string
	Caption   string
	Credit    string
	Variants  []int // widths of the stored resized variants
	CreatedAt time.Time
}

// ArticleFilter selects published articles for lists, feeds and search.
// Zero fields do not filter.
type ArticleFilter struct {
	Region string    // region slug
	Stage  string    // stage slug
	Agency string    // agency slug
	Tag    string    // tag slug
	From   time.Time // published at or after
	To     time.Time // published before
	After  *Cursor   // keyset: articles older than this
	Limit  int
}

// Cursor is a keyset position in the newest-first article order.
type Cursor struct {
	PublishedAt time.Time
	ID          string
}

// String encodes the cursor for URLs: unix seconds, a dash and the id.
func (c Cursor) String() string {
	return fmt.Sprintf("%d-%s", c.PublishedAt.Unix(), c.ID)
}

// ParseCursor decodes a cursor from String. It returns an EInvalid error for
// anything else.
func ParseCursor(s string) (*Cursor, error) {
	sec, id, ok := strings.Cut(s, "-")
	bad := &Error{Code: EInvalid, Message: "Penanda halaman tidak valid. Kembali ke halaman pertama.", Field: "sebelum"}
	if !ok || len(id) != 26 || len(sec) == 0 || len(sec) > 12 {
		return nil, bad
	}
	var n int64
	for _, r := range sec {
		if r < '0' || r > '9' {
			return nil, bad
		}
		n = n*10 + int64(r-'0')
	}
	for _, r := range id {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') {
			return nil, bad
		}
	}
	return &Cursor{PublishedAt: time.Unix(n, 0).UTC(), ID: id}, nil
}

// ArticlePage is one page of a keyset-paginated list.
type ArticlePage struct {
	Articles []*Article
	Next     *Cursor // nil on the last page
}

// SearchResult is an article found by full-text search with its rank.
type SearchResult struct {
	Article *Article
	Rank    float64
}

// ValidSlug reports whether s is a lowercase URL slug.
func ValidSlug(s string) bool {
	if s == "" || len(s) > 120 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
