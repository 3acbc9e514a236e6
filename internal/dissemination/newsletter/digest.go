package newsletter

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// Digest mails each daily subscriber the articles of the 24 hours before
// now that match their interests; subscribers with no matching article
// get nothing. It returns how many digests were sent. Schedule it once a
// day (say 06:00 WIB). Each subscriber is claimed in the database before
// the send, so running it again the same day — a retry, or another node —
// mails no one twice.
func (s *Service) Digest(ctx context.Context, now time.Time) (int, error) {
	articles, err := s.recent(ctx, now.Add(-24*time.Hour), now)
	if err != nil || len(articles) == 0 {
		return 0, err
	}
	subs, err := s.subs.active(ctx, DigestDaily)
	if err != nil {
		return 0, err
	}
	sent := 0
	var errs []error
	for _, sub := range subs {
		var items []digestItem
		for _, a := range articles {
			if sub.wants(a) {
				items = append(items, digestItem{Article: a, URL: s.articleURL(a)})
			}
		}
		if len(items) == 0 {
			continue
		}
		claimed, err := s.subs.claimDigest(ctx, sub.ID, now)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !claimed {
			continue
		}
		date := longDate(now)
		m, err := s.compose(sub.Email, subjectLine(fmt.Sprintf("Ringkasan berita %s, %s", s.cfg.SiteName, date)), "digest", sub.Unsubscribe,
			digestMail{Site: s.cfg.SiteName, Date: date, Items: items, Unsubscribe: s.unsubscribeURL(sub.Unsubscribe)})
		if err == nil {
			err = s.cfg.Mail.Send(ctx, m)
		}
		if err != nil {
			s.subs.releaseDigest(context.WithoutCancel(ctx), sub.ID, sub.LastDigest)
			errs = append(errs, fmt.Errorf("newsletter: digest to subscriber %s: %w", sub.ID, err))
			continue
		}
		sent++
	}
	return sent, errors.Join(errs...)
}

// recent returns the articles published in [from, to), newest first.
func (s *Service) recent(ctx context.Context, from, to time.Time) ([]*warta.Article, error) {
	var out []*warta.Article
	f := warta.ArticleFilter{From: from, To: to, Limit: store.MaxPageSize}
	for {
		page, err := s.cfg.DB.ListArticles(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("newsletter: digest articles: %w", err)
		}
		out = append(out, page.Articles...)
		if page.Next == nil {
			return out, nil
		}
		f.After = page.Next
	}
}
