package newsroom

import (
	"context"
	"fmt"
	"time"

	"github.com/kominfo-jatim/warta/internal/markdown"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// Create stores a new draft written by u, with its text as revision 1. A
// contributor's draft always belongs to the contributor's agency; only
// editors may set the headline flag. The article's ID, slug and times are
// filled in.
func (s *Service) Create(ctx context.Context, u *warta.User, art *warta.Article) error {
	if u == nil {
		return &warta.Error{Code: warta.EUnauthorized, Message: "Silakan masuk terlebih dahulu."}
	}
	if u.Role == warta.RoleContributor {
		art.AgencyID = u.AgencyID
	}
	art.Status = warta.StatusDraft
	if err := warta.Authorize(u, warta.ActionCreate, art); err != nil {
		return err
	}
	if !warta.Can(u, warta.ActionHeadline, art) {
		art.Headline, art.HeadlineOrder = false, 0
	}
	html, err := markdown.Render(art.Body)
	if err != nil {
		return fmt.Errorf("newsroom: create article: %w", err)
	}
	now := s.clock()
	art.ID, art.BodyHTML = "", html
	art.PublishedAt, art.CreatedAt, art.UpdatedAt = time.Time{}, now, now
	err = s.db.ChangeArticle(ctx, store.ArticleChange{
		Article:  art,
		Create:   true,
		AuthorID: u.ID,
		Revision: &warta.Revision{Title: art.Title, Dek: art.Dek, Body: art.Body, EditorID: u.ID, Note: "Draf pertama", CreatedAt: now},
		Event:    &warta.WorkflowEvent{UserID: u.ID, Action: warta.ActionCreate, To: warta.StatusDraft, CreatedAt: now},
		Audit:    s.auditEntry(ctx, u.ID, "article.create", "", map[string]any{"title": art.Title, "agency_id": art.AgencyID}, now),
	})
	if err != nil {
		return fmt.Errorf("newsroom: create article: %w", err)
	}
	return nil
}

// Update saves u's edit of an article: its text, sections, photo and
// byline. The workflow fields (status, publication date, schedule) change
// only through the workflow methods, the headline only for editors, the
// agency not for contributors, and the slug not once the article has been
// published, as its URL must stay stable. A change to the title, dek or body
// is saved as a new revision with note; so is every edit of a published
// article, whose update time readers then see. A public correction note is
// a separate step: Correct.
func (s *Service) Update(ctx context.Context, u *warta.User, art *warta.Article, note string) error {
	cur, err := s.article(ctx, u, art.ID)
	if err != nil {
		return err
	}
	if err := warta.Authorize(u, warta.ActionEdit, cur.Article); err != nil {
		return err
	}
	if u.Role == warta.RoleContributor {
		art.AgencyID = cur.AgencyID
	}
	if !warta.Can(u, warta.ActionHeadline, cur.Article) {
		art.Headline, art.HeadlineOrder = cur.Headline, cur.HeadlineOrder
	}
	if art.Slug == "" || !cur.PublishedAt.IsZero() {
		art.Slug = cur.Slug
	}
	art.Status, art.PublishedAt, art.CreatedAt = cur.Status, cur.PublishedAt, cur.CreatedAt
	if art.BodyHTML, err = markdown.Render(art.Body); err != nil {
		return fmt.Errorf("newsroom: update article %s: %w", art.ID, err)
	}
	now := s.clock()
	art.UpdatedAt = now
	textChanged := art.Title != cur.Title || art.Dek != cur.Dek || art.Body != cur.Body
	change := store.ArticleChange{
		Article:      art,
		ScheduledAt:  cur.ScheduledAt,
		ExpectStatus: cur.Status,
		Event:        &warta.WorkflowEvent{UserID: u.ID, Action: warta.ActionEdit, From: cur.Status, To: cur.Status, Comment: note, CreatedAt: now},
	}
	detail := map[string]any{"title": art.Title, "status": cur.Status, "text_changed": textChanged}
	if note != "" {
		detail["note"] = note
	}
	if textChanged || cur.Status == warta.StatusPublished {
		change.Revision = &warta.Revision{Title: art.Title, Dek: art.Dek, Body: art.Body, EditorID: u.ID, Note: note, CreatedAt: now}
	}
	change.Audit = s.auditEntry(ctx, u.ID, "article.edit", art.ID, detail, now)
	s.disseminate(&change, cur.Status)
	if err := s.db.ChangeArticle(ctx, change); err != nil {
		return fmt.Errorf("newsroom: update article %s: %w", art.ID, err)
	}
	art.Corrections = cur.Corrections
	return nil
}

// SetHeadline puts an article in the portal's Headline strip (on) at the
// given position, smallest first, or takes it out. It is not an edit: the
// article's update time stays.
func (s *Service) SetHeadline(ctx context.Context, u *warta.User, id string, on bool, order int) (*warta.StaffArticle, error) {
	sa, err := s.article(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if err := warta.Authorize(u, warta.ActionHeadline, sa.Article); err != nil {
		return nil, err
	}
	if !on {
		order = 0
	}
	sa.Headline, sa.HeadlineOrder = on, order
	now := s.clock()
	err = s.db.ChangeArticle(ctx, store.ArticleChange{
		Article:      sa.Article,
		ScheduledAt:  sa.ScheduledAt,
		ExpectStatus: sa.Status,
		Audit:        s.auditEntry(ctx, u.ID, "article.headline", id, map[string]any{"title": sa.Title, "headline": on, "order": order}, now),
	})
	if err != nil {
		return nil, fmt.Errorf("newsroom: headline article %s: %w", id, err)
	}
	return sa, nil
}
