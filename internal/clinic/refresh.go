package clinic

import (
	"context"
	"fmt"
)

// Refresh brings this node's matcher up to date with what other nodes
// sharing a PostgreSQL database did: verdicts they published or imported,
// articles they changed, claims they opened or closed. A single node keeps
// its matcher current by itself; with several, call Refresh when another
// node announces a change (store.DB.ListenChanges).
func (s *Service) Refresh(ctx context.Context) error {
	if err := s.refreshArticles(ctx); err != nil {
		return err
	}
	if err := s.refreshVerdicts(ctx); err != nil {
		return err
	}
	return s.refreshClaims(ctx)
}

// refreshVerdicts adds the verdicts the matcher does not hold yet.
func (s *Service) refreshVerdicts(ctx context.Context) error {
	rows, err := s.query(ctx, "SELECT id FROM clinic_verdicts")
	if err != nil {
		return fmt.Errorf("clinic: refresh verdicts: %w", err)
	}
	var missing []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("clinic: refresh verdicts: %w", err)
		}
		if !s.hasVerdict(id) {
			missing = append(missing, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("clinic: refresh verdicts: %w", err)
	}
	for _, id := range missing {
		v, images, err := scanVerdict(s.queryRow(ctx, "SELECT "+verdictColumns+" FROM clinic_verdicts WHERE id = ?", id))
		if err != nil {
			return fmt.Errorf("clinic: refresh verdict %s: %w", id, err)
		}
		s.addVerdict(v, images)
		if v.ArticleID != "" {
			s.markVerdictArticle(v.ArticleID)
		}
	}
	return nil
}

// refreshClaims rebuilds the clustering index from the open claims.
func (s *Service) refreshClaims(ctx context.Context) error {
	s.open.mu.Lock()
	old := s.open.docs
	s.open.mu.Unlock()
	if err := s.loadOpenClaims(ctx); err != nil {
		return err
	}
	s.open.mu.Lock()
	defer s.open.mu.Unlock()
	for id := range old {
		if _, ok := s.open.docs[id]; !ok {
			s.claims.Remove(id)
		}
	}
	return nil
}
