package clinic

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/kominfo-jatim/warta/internal/clinic/match"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// A report the clinic cannot answer at once may still be about something
// an agency announced: "is it true the TPS opens at 7?" while the KPU's own
// article says when it opens. The matcher holds the newest published
// articles beside the verdicts ("a:"+id); their matches at or above the
// suggestion threshold are offered as related official information, on
// the receipt and, for a checker, on the claim's page.

// How many related articles are offered, and how long a title may be in
// a chat reply.
const (
	maxRelatedReceipt    = 2
	maxRelatedClaim      = 3
	maxRelatedTitleRunes = 90
	// relatedCandidates is how many article matches are read from the
	// database: a few more than offered, as some may have just been
	// unpublished or become a verdict's article.
	relatedCandidates = 8
)

// articleMatches are the article matches among ms (best first) at or
// above the suggestion threshold, their ids without the prefix.
func (s *Service) articleMatches(ms []match.Match) []match.Match {
	var out []match.Match
	for _, m := range ms {
		if !strings.HasPrefix(m.ID, articlePrefix) || m.Score < s.opts.SuggestThreshold {
			continue
		}
		m.ID = strings.TrimPrefix(m.ID, articlePrefix)
		out = append(out, m)
	}
	return out
}

// relatedArticles resolves article matches (best first) to at most limit
// published official articles, in the matches' order. It reads the
// articles rather than trusting the matcher alone, which follows the
// newsroom in the background: an article unpublished a moment ago, or
// being published as a verdict's Cek Fakta article, is never offered.
func (s *Service) relatedArticles(ctx context.Context, ms []match.Match, limit int) ([]RelatedArticle, error) {
	if len(ms) > relatedCandidates {
		ms = ms[:relatedCandidates]
	}
	if len(ms) == 0 || limit <= 0 {
		return nil, nil
	}
	args := make([]any, len(ms))
	for i, m := range ms {
		args[i] = m.ID
	}
	rows, err := s.query(ctx, `SELECT id, slug, title, published_at, created_at FROM articles
		WHERE status = 'published' AND id IN (?`+strings.Repeat(", ?", len(ms)-1)+`)
		AND id NOT IN (SELECT article_id FROM clinic_verdicts WHERE article_id <> '')`, args...)
	if err != nil {
		return nil, fmt.Errorf("clinic: read related articles: %w", err)
	}
	defer rows.Close()
	found := map[string]RelatedArticle{}
	for rows.Next() {
		var a warta.Article
		var published sql.NullInt64
		var created int64
		if err := rows.Scan(&a.ID, &a.Slug, &a.Title, &published, &created); err != nil {
			return nil, fmt.Errorf("clinic: read related articles: %w", err)
		}
		a.PublishedAt, a.CreatedAt = fromUnix(published), unixTime(created)
		found[a.ID] = RelatedArticle{ID: a.ID, Title: a.Title, URL: s.baseURL + a.Path(), PublishedAt: a.PublishedAt}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("clinic: read related articles: %w", err)
	}
	var out []RelatedArticle
	for _, m := range ms {
		a, ok := found[m.ID]
		if !ok || s.isVerdictArticle(m.ID) {
			continue
		}
		a.Score = m.Score
		out = append(out, a)
		if len(out) == limit {
			break
		}
	}
	return out, nil
}

// RelatedArticles returns up to limit (3 when not positive, at most 10)
// published official articles that match any of texts (a claim's title,
// its first report) at or above the suggestion threshold, best first.
// Verdicts' Cek Fakta articles are never among them: those are verdicts.
func (s *Service) RelatedArticles(ctx context.Context, texts []string, limit int) ([]RelatedArticle, error) {
	if limit <= 0 {
		limit = maxRelatedClaim
	}
	limit = min(limit, 10)
	best := map[string]match.Match{}
	for _, text := range texts {
		if text = strings.TrimSpace(text); text == "" {
			continue
		}
		for _, m := range s.articleMatches(s.index.Match(match.Query{Text: text}, 20)) {
			if old, ok := best[m.ID]; !ok || m.Score > old.Score {
				best[m.ID] = m
			}
		}
	}
	ms := make([]match.Match, 0, len(best))
	for _, m := range best {
		ms = append(ms, m)
	}
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].Score != ms[j].Score {
			return ms[i].Score > ms[j].Score
		}
		return ms[i].ID < ms[j].ID
	})
	return s.relatedArticles(ctx, ms, limit)
}

// withRelated offers the related articles on a receipt that has no
// verdict, with a short block for the reporter at the end of the reply.
// A verdict's answer is left as it is.
func withRelated(r *Receipt, related []RelatedArticle) {
	if r.Verdict != nil || len(related) == 0 {
		return
	}
	r.Related = related
	r.Reply += "\n\n" + relatedText(related)
}

// relatedText is the block of a chat reply that lists related articles:
// short, for WhatsApp and Telegram, with titles cut at a word.
func relatedText(related []RelatedArticle) string {
	var b strings.Builder
	b.WriteString("Sambil menunggu, baca informasi resmi terkait:")
	for _, a := range related {
		title := truncate(strings.Join(strings.Fields(a.Title), " "), maxRelatedTitleRunes)
		fmt.Fprintf(&b, "\n• %s — %s", title, a.URL)
	}
	return b.String()
}

// relateReplay adds to the receipt of a submission seen before the
// related articles of its report, matched again now: a resend answers as
// the first answer did, without an article unpublished since.
func (s *Service) relateReplay(ctx context.Context, r *Receipt) error {
	if r.Verdict != nil {
		return nil
	}
	var text, link string
	err := s.queryRow(ctx, "SELECT body, url FROM clinic_reports WHERE ticket = ?", r.Ticket).Scan(&text, &link)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return fmt.Errorf("clinic: read report %s: %w", r.Ticket, err)
	}
	q := match.Query{Text: text}
	if link != "" {
		q.URLs = []string{link}
	}
	related, err := s.relatedArticles(ctx, s.articleMatches(s.index.Match(q, 20)), maxRelatedReceipt)
	if err != nil {
		return err
	}
	withRelated(r, related)
	return nil
}
