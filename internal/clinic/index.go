package clinic

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kominfo-jatim/warta/internal/clinic/match"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// The live matcher holds every published verdict ("v:"+id: title, the
// claim as it circulated and the explanation, its URL and the places the
// claim appeared, the screenshots it was about) and the newest published
// articles ("a:"+id: title and dek), so that a report about an official
// announcement finds it too. Verdicts are added as they are published or
// imported; articles follow the newsroom through DB.OnChange, reading only
// the articles changed since the last look.
//
// A second index holds the open claims, so that reports of the same
// content cluster: a report matching an open claim at the automatic
// threshold or above joins it.

const (
	verdictPrefix = "v:"
	articlePrefix = "a:"
)

// loadIndex fills both indexes from the database.
func (s *Service) loadIndex(ctx context.Context) error {
	rows, err := s.query(ctx, "SELECT "+verdictColumns+" FROM clinic_verdicts")
	if err != nil {
		return fmt.Errorf("clinic: load verdicts: %w", err)
	}
	var vs []*Verdict
	var imgs [][]uint64
	for rows.Next() {
		v, im, err := scanVerdict(rows)
		if err != nil {
			rows.Close()
			return fmt.Errorf("clinic: load verdicts: %w", err)
		}
		vs = append(vs, v)
		imgs = append(imgs, im)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("clinic: load verdicts: %w", err)
	}
	for i, v := range vs {
		s.addVerdict(v, imgs[i])
	}
	s.artInIdx = map[string]bool{}
	if err := s.loadArticles(ctx); err != nil {
		return err
	}
	return s.loadOpenClaims(ctx)
}

// verdictDoc is what the matcher knows of a verdict.
func verdictDoc(v *Verdict, images []uint64) match.Doc {
	text := strings.TrimSpace(v.ClaimReviewed + "\n" + v.Explanation)
	urls := []string{}
	if v.URL != "" {
		urls = append(urls, v.URL)
	}
	urls = append(urls, v.ClaimAppearance...)
	return match.Doc{ID: verdictPrefix + v.ID, Title: v.Title, Text: text, URLs: urls, Label: v.Label, Images: images}
}

// loadArticles indexes the newest published articles that are not Cek
// Fakta articles of verdicts (those are in as verdicts).
func (s *Service) loadArticles(ctx context.Context) error {
	s.artMu.Lock()
	defer s.artMu.Unlock()
	rows, err := s.query(ctx, fmt.Sprintf(`SELECT id, title, dek, slug, published_at, updated_at FROM articles
		WHERE status = 'published' AND id NOT IN (SELECT article_id FROM clinic_verdicts WHERE article_id <> '')
		ORDER BY published_at DESC, id DESC LIMIT %d`, s.cfg.MaxArticles))
	if err != nil {
		return fmt.Errorf("clinic: load articles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, title, dek, slug string
		var published sql.NullInt64
		var updated int64
		if err := rows.Scan(&id, &title, &dek, &slug, &published, &updated); err != nil {
			return fmt.Errorf("clinic: load articles: %w", err)
		}
		s.index.Add(s.articleDoc(id, title, dek, slug, published))
		s.artInIdx[id] = true
		s.artMark = max(s.artMark, updated)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("clinic: load articles: %w", err)
	}
	if s.artMark == 0 {
		err := s.queryRow(ctx, "SELECT COALESCE(MAX(updated_at), 0) FROM articles").Scan(&s.artMark)
		if err != nil {
			return fmt.Errorf("clinic: load articles: %w", err)
		}
	}
	return nil
}

// articleDoc is what the matcher knows of an official article: its title,
// summary and public address, so that a citizen who pastes the link is
// pointed at the article itself.
func (s *Service) articleDoc(id, title, dek, slug string, published sql.NullInt64) match.Doc {
	d := match.Doc{ID: articlePrefix + id, Title: title, Text: dek}
	if published.Valid && slug != "" {
		a := warta.Article{Slug: slug, PublishedAt: time.Unix(published.Int64, 0)}
		d.URLs = []string{s.baseURL + a.Path()}
	}
	return d
}

// articlesChanged runs after the newsroom changed public content: it
// refreshes the articles in the matcher in the background.
func (s *Service) articlesChanged() { s.refreshLater(false) }

// RefreshSoon is Refresh in the background, for a change another node
// announced: the caller (the node's change listener, which also purges the
// page cache) does not wait for it, and a burst of announcements costs one
// or two refreshes, not one each.
func (s *Service) RefreshSoon() { s.refreshLater(true) }

// refreshLater runs one refresh at a time in the background, coalescing
// requests that arrive meanwhile into one more run; full also reloads
// verdicts and open claims, not only articles.
func (s *Service) refreshLater(full bool) {
	s.refreshMu.Lock()
	s.fullPending = s.fullPending || full
	if s.refreshing {
		s.refreshAgain = true
		s.refreshMu.Unlock()
		return
	}
	s.refreshing = true
	s.refreshMu.Unlock()
	go func() {
		for {
			s.refreshMu.Lock()
			full := s.fullPending
			s.fullPending = false
			s.refreshMu.Unlock()
			ctx := context.Background()
			refresh := s.refreshArticles
			if full {
				refresh = s.Refresh
			}
			if err := refresh(ctx); err != nil {
				s.log.Warn("clinic: refresh the matcher", "full", full, "err", err)
			}
			s.refreshMu.Lock()
			if !s.refreshAgain {
				s.refreshing = false
				s.refreshMu.Unlock()
				return
			}
			s.refreshAgain = false
			s.refreshMu.Unlock()
		}
	}()
}

// refresher coalesces refreshes of the matcher.
type refresher struct {
	refreshMu    sync.Mutex
	refreshing   bool
	refreshAgain bool
	fullPending  bool // the next run reloads verdicts and claims too
}

// refreshArticles adds or removes the articles changed since the last
// look: published ones go in (replacing their old text), others out.
func (s *Service) refreshArticles(ctx context.Context) error {
	s.artMu.Lock()
	defer s.artMu.Unlock()
	// The same second may see more changes after our last look, so read
	// it again; adding an article twice replaces it.
	rows, err := s.query(ctx, `SELECT a.id, a.title, a.dek, a.slug, a.published_at, a.status, a.updated_at,
		(SELECT COUNT(*) FROM clinic_verdicts v WHERE v.article_id = a.id)
		FROM articles a WHERE a.updated_at >= ? ORDER BY a.updated_at`, s.artMark)
	if err != nil {
		return fmt.Errorf("clinic: refresh articles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, title, dek, slug, status string
		var published sql.NullInt64
		var updated int64
		var verdicts int
		if err := rows.Scan(&id, &title, &dek, &slug, &published, &status, &updated, &verdicts); err != nil {
			return fmt.Errorf("clinic: refresh articles: %w", err)
		}
		s.artMark = max(s.artMark, updated)
		if status == "published" && verdicts == 0 && !s.isVerdictArticle(id) {
			s.index.Add(s.articleDoc(id, title, dek, slug, published))
			s.artInIdx[id] = true
		} else if s.artInIdx[id] {
			s.index.Remove(articlePrefix + id)
			delete(s.artInIdx, id)
		}
	}
	return rows.Err()
}

// isVerdictArticle reports whether the article is being published as a
// verdict's Cek Fakta article (it goes into the matcher as the verdict).
func (s *Service) isVerdictArticle(id string) bool {
	s.pendingMu.Lock()
	defer s.pendingMu.Unlock()
	return s.pendingArticles[id]
}

// markVerdictArticle keeps the article out of the matcher as an article.
func (s *Service) markVerdictArticle(id string) {
	s.pendingMu.Lock()
	if s.pendingArticles == nil {
		s.pendingArticles = map[string]bool{}
	}
	s.pendingArticles[id] = true
	s.pendingMu.Unlock()
	s.artMu.Lock()
	if s.artInIdx[id] {
		s.index.Remove(articlePrefix + id)
		delete(s.artInIdx, id)
	}
	s.artMu.Unlock()
}

// verdictMatches are the verdicts among matches, best first.
func verdictMatches(ms []match.Match) []match.Match {
	var out []match.Match
	for _, m := range ms {
		if strings.HasPrefix(m.ID, verdictPrefix) {
			m.ID = strings.TrimPrefix(m.ID, verdictPrefix)
			out = append(out, m)
		}
	}
	return out
}

// claimDoc is what the claims index knows of one open claim: its title,
// the text of its first reports, their links and screenshots.
type claimDoc struct {
	title  string
	texts  []string
	urls   []string
	images []uint64
}

// maxClaimTexts is how many report texts of a claim the clustering index
// keeps: the first reports describe the claim; later ones add little.
const maxClaimTexts = 3

func (d *claimDoc) add(text, url string, hash *uint64) {
	if text != "" && len(d.texts) < maxClaimTexts {
		d.texts = append(d.texts, text)
	}
	if url != "" && len(d.urls) < 20 {
		d.urls = append(d.urls, url)
	}
	if hash != nil && len(d.images) < 20 {
		d.images = append(d.images, *hash)
	}
}

func (d *claimDoc) doc(id string) match.Doc {
	return match.Doc{ID: id, Title: d.title, Text: strings.Join(d.texts, "\n"), URLs: d.urls, Images: d.images}
}

// openClaims holds the claims index's documents.
type openClaims struct {
	mu   sync.Mutex
	docs map[string]*claimDoc
}

// loadOpenClaims indexes the open claims with their first reports.
func (s *Service) loadOpenClaims(ctx context.Context) error {
	rows, err := s.query(ctx, `SELECT c.id, c.title, r.body, r.url, r.image_hash FROM clinic_claims c
		JOIN clinic_reports r ON r.claim_id = c.id
		WHERE c.status IN (?, ?) ORDER BY c.id, r.received_at, r.id`, StatusNew, StatusChecking)
	if err != nil {
		return fmt.Errorf("clinic: load open claims: %w", err)
	}
	defer rows.Close()
	s.open.mu.Lock()
	defer s.open.mu.Unlock()
	s.open.docs = map[string]*claimDoc{}
	for rows.Next() {
		var id, title, body, url string
		var hash sql.NullInt64
		if err := rows.Scan(&id, &title, &body, &url, &hash); err != nil {
			return fmt.Errorf("clinic: load open claims: %w", err)
		}
		d := s.open.docs[id]
		if d == nil {
			d = &claimDoc{title: title}
			s.open.docs[id] = d
		}
		d.add(body, url, hashPtr(hash))
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("clinic: load open claims: %w", err)
	}
	for id, d := range s.open.docs {
		s.claims.Add(d.doc(id))
	}
	return nil
}

// clusterAdd records a report in the claims index, opening the claim's
// document when it is new.
func (s *Service) clusterAdd(claimID, title, text, url string, hash *uint64) {
	s.open.mu.Lock()
	defer s.open.mu.Unlock()
	if s.open.docs == nil {
		s.open.docs = map[string]*claimDoc{}
	}
	d := s.open.docs[claimID]
	if d == nil {
		d = &claimDoc{title: title}
		s.open.docs[claimID] = d
	}
	d.add(text, url, hash)
	s.claims.Add(d.doc(claimID))
}

// clusterRetitle changes a claim's title in the claims index.
func (s *Service) clusterRetitle(claimID, title string) {
	s.open.mu.Lock()
	defer s.open.mu.Unlock()
	if d := s.open.docs[claimID]; d != nil {
		d.title = title
		s.claims.Add(d.doc(claimID))
	}
}

// clusterRemove takes a claim that is no longer open out of the claims
// index.
func (s *Service) clusterRemove(claimID string) {
	s.open.mu.Lock()
	defer s.open.mu.Unlock()
	delete(s.open.docs, claimID)
	s.claims.Remove(claimID)
}

func hashPtr(v sql.NullInt64) *uint64 {
	if !v.Valid {
		return nil
	}
	h := uint64(v.Int64)
	return &h
}

// encodeHashes stores image hashes as a JSON array of hex strings.
func encodeHashes(hs []uint64) string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = fmt.Sprintf("%016x", h)
	}
	b, _ := json.Marshal(out)
	return string(b)
}

func decodeHashes(s string) []uint64 {
	var in []string
	if json.Unmarshal([]byte(s), &in) != nil {
		return nil
	}
	var out []uint64
	for _, h := range in {
		if v, err := strconv.ParseUint(h, 16, 64); err == nil {
			out = append(out, v)
		}
	}
	return out
}

// addVerdict puts a verdict into the matcher (replacing its old text).
func (s *Service) addVerdict(v *Verdict, images []uint64) {
	s.index.Add(verdictDoc(v, images))
	s.verdictsMu.Lock()
	if s.verdictIDs == nil {
		s.verdictIDs = map[string]bool{}
	}
	s.verdictIDs[v.ID] = true
	s.verdictsMu.Unlock()
}

// hasVerdict reports whether the matcher holds the verdict.
func (s *Service) hasVerdict(id string) bool {
	s.verdictsMu.Lock()
	defer s.verdictsMu.Unlock()
	return s.verdictIDs[id]
}
