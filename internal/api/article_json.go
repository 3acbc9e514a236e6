package api

import (
	"time"

	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// The JSON shapes of responses. They are declared here rather than as tags
// on the domain types so that the API's field names stay stable whatever the
// domain package renames, and the OpenAPI document (schemas.go) describes
// exactly these; a test compares the two.

// articleJSON is an article as the newsroom sees it.
type articleJSON struct {
	ID            string           `json:"id"`
	Slug          string           `json:"slug"`
	URL           *string          `json:"url"`
	Title         string           `json:"title"`
	Dek           string           `json:"dek"`
	Body          string           `json:"body"`
	BodyHTML      string           `json:"body_html"`
	Dateline      string           `json:"dateline"`
	Byline        string           `json:"byline"`
	BylineCode    string           `json:"byline_code"`
	Agency        agencyJSON       `json:"agency"`
	Regions       []regionJSON     `json:"regions"`
	Stages        []stageJSON      `json:"stages"`
	Tags          []tagJSON        `json:"tags"`
	LeadImage     *mediaJSON       `json:"lead_image"`
	Headline      bool             `json:"headline"`
	HeadlineOrder int              `json:"headline_order"`
	Status        string           `json:"status"`
	StatusLabel   string           `json:"status_label"`
	ScheduledAt   *time.Time       `json:"scheduled_at"`
	PublishedAt   *time.Time       `json:"published_at"`
	CreatedAt     time.Time        `json:"created_at"`
	UpdatedAt     time.Time        `json:"updated_at"`
	AuthorID      *string          `json:"author_id"`
	AuthorName    string           `json:"author_name"`
	Corrections   []correctionJSON `json:"corrections"`
	Actions       []string         `json:"actions"`
}

type agencyJSON struct {
	ID        string `json:"id"`
	Slug      string `json:"slug"`
	Name      string `json:"name"`
	ShortName string `json:"short_name"`
}

type regionJSON struct {
	Code string `json:"code"`
	Slug string `json:"slug"`
	Name string `json:"name"`
	Kind string `json:"kind"`
}

type stageJSON struct {
	Slug     string `json:"slug"`
	Name     string `json:"name"`
	Election string `json:"election"`
}

type tagJSON struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

type mediaJSON struct {
	ID      string `json:"id"`
	URL     string `json:"url"`
	Alt     string `json:"alt"`
	Caption string `json:"caption"`
	Credit  string `json:"credit"`
	Width   int    `json:"width"`
	Height  int    `json:"height"`
}

type correctionJSON struct {
	ID        string    `json:"id"`
	Note      string    `json:"note"`
	CreatedAt time.Time `json:"created_at"`
}

// articleList is one page of articles.
type articleList struct {
	Articles []articleJSON `json:"articles"`
	Next     *string       `json:"next"`     // cursor for ?after=, null on the last page
	NextURL  *string       `json:"next_url"` // the next page's path and query
}

type revisionJSON struct {
	ID        string    `json:"id"`
	Number    int       `json:"number"`
	Title     string    `json:"title"`
	Dek       string    `json:"dek"`
	Body      string    `json:"body"`
	EditorID  string    `json:"editor_id"`
	Note      string    `json:"note"`
	CreatedAt time.Time `json:"created_at"`
}

type revisionList struct {
	Revisions []revisionJSON `json:"revisions"`
}

type eventJSON struct {
	ID        string    `json:"id"`
	Action    string    `json:"action"`
	From      *string   `json:"from"`
	To        string    `json:"to"`
	UserID    string    `json:"user_id"`
	UserName  string    `json:"user_name"`
	Comment   string    `json:"comment"`
	CreatedAt time.Time `json:"created_at"`
}

type eventList struct {
	Events []eventJSON `json:"events"`
}

type meJSON struct {
	ID     string      `json:"id"`
	Email  string      `json:"email"`
	Name   string      `json:"name"`
	Role   string      `json:"role"`
	Agency *agencyJSON `json:"agency"`
	Auth   string      `json:"auth"`
	Token  *tokenJSON  `json:"token"`
}

type tokenJSON struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Prefix    string     `json:"prefix"`
	Scopes    []string   `json:"scopes"`
	ExpiresAt *time.Time `json:"expires_at"`
}

// articleActions are the actions an article response may list as open to
// the caller.
var articleActions = []warta.Action{warta.ActionEdit, warta.ActionSubmit, warta.ActionReturn, warta.ActionApprove,
	warta.ActionSchedule, warta.ActionPublish, warta.ActionUnpublish, warta.ActionCorrect, warta.ActionHeadline}

// wib is t in Asia/Jakarta, which JSON writes as RFC 3339 with +07:00.
func wib(t time.Time) time.Time { return t.In(warta.Jakarta) }

// wibOrNull is wib, or nil for the zero time.
func wibOrNull(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	w := wib(t)
	return &w
}

func orNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func toAgency(ag warta.Agency) agencyJSON {
	return agencyJSON{ID: ag.ID, Slug: ag.Slug, Name: ag.Name, ShortName: ag.ShortName}
}

// article renders sa for u: the actions listed are those u may take now.
func (a *API) article(u *warta.User, sa *warta.StaffArticle) articleJSON {
	art := sa.Article
	out := articleJSON{
		ID: art.ID, Slug: art.Slug, Title: art.Title, Dek: art.Dek, Body: art.Body, BodyHTML: art.BodyHTML,
		Dateline: art.Dateline, Byline: art.Byline, BylineCode: art.BylineCode, Agency: toAgency(art.Agency),
		Regions: []regionJSON{}, Stages: []stageJSON{}, Tags: []tagJSON{},
		Headline: art.Headline, HeadlineOrder: art.HeadlineOrder,
		Status: string(art.Status), StatusLabel: art.Status.Label(),
		ScheduledAt: wibOrNull(sa.ScheduledAt), PublishedAt: wibOrNull(art.PublishedAt),
		CreatedAt: wib(art.CreatedAt), UpdatedAt: wib(art.UpdatedAt),
		AuthorID: orNull(sa.AuthorID), AuthorName: sa.AuthorName,
		Corrections: []correctionJSON{}, Actions: []string{},
	}
	if art.Live() {
		u := a.baseURL + art.Path()
		out.URL = &u
	}
	for _, r := range art.Regions {
		out.Regions = append(out.Regions, regionJSON{Code: r.Code, Slug: r.Slug, Name: r.Name, Kind: r.Kind})
	}
	for _, s := range art.Stages {
		out.Stages = append(out.Stages, stageJSON{Slug: s.Slug, Name: s.Name, Election: s.ElectionSlug})
	}
	for _, t := range art.Tags {
		out.Tags = append(out.Tags, tagJSON{Slug: t.Slug, Name: t.Name})
	}
	if m := art.LeadImage; m != nil && m.ID != "" {
		out.LeadImage = &mediaJSON{ID: m.ID, Alt: m.Alt, Caption: m.Caption, Credit: m.Credit, Width: m.Width, Height: m.Height}
		if m.Key != "" {
			out.LeadImage.URL = a.baseURL + media.URL(m.Key, 0)
		}
	}
	for _, c := range art.Corrections {
		out.Corrections = append(out.Corrections, correctionJSON{ID: c.ID, Note: c.Note, CreatedAt: wib(c.CreatedAt)})
	}
	for _, act := range articleActions {
		if _, err := warta.Transition(act, art.Status); err == nil && warta.Can(u, act, art) {
			out.Actions = append(out.Actions, string(act))
		}
	}
	return out
}

func toRevision(r warta.Revision) revisionJSON {
	return revisionJSON{ID: r.ID, Number: r.Number, Title: r.Title, Dek: r.Dek, Body: r.Body,
		EditorID: r.EditorID, Note: r.Note, CreatedAt: wib(r.CreatedAt)}
}

func toEvent(e warta.WorkflowEvent) eventJSON {
	return eventJSON{ID: e.ID, Action: string(e.Action), From: orNull(string(e.From)), To: string(e.To),
		UserID: e.UserID, UserName: e.UserName, Comment: e.Comment, CreatedAt: wib(e.CreatedAt)}
}
