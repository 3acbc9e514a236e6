package clinic

import (
	"context"
	"fmt"
)

// purgeBatch is how many expired contacts one pass of Purge reads.
const purgeBatch = 500

// Purge deletes contact data past the retention period and returns how
// many contacts went; the purge job calls it daily. Each goes as in
// ErasePerson — the reports' content stays, anonymous — and is logged as
// "purge" by SystemActor.
func (s *Service) Purge(ctx context.Context) (int, error) {
	db := s.cfg.DB
	now := s.pdpNow().Unix()
	n := 0
	for {
		rows, err := db.SQL().QueryContext(ctx, db.Rebind(`SELECT id FROM clinic_contacts WHERE expires_at <= ?
			ORDER BY expires_at, id LIMIT ?`), now, purgeBatch)
		if err != nil {
			return n, fmt.Errorf("clinic: purge: %w", err)
		}
		var ids []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return n, fmt.Errorf("clinic: purge: %w", err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return n, fmt.Errorf("clinic: purge: %w", err)
		}
		dropped := 0
		for _, id := range ids {
			ok, err := s.pdpDrop(ctx, id, now, SystemActor, AccessPurge, "Masa simpan data kontak habis", nil)
			if err != nil {
				return n, err
			}
			if ok {
				n++
				dropped++
			}
		}
		// A short batch was the last; a batch of which nothing went (all
		// extended meanwhile) would only be read again.
		if len(ids) < purgeBatch || dropped == 0 {
			return n, nil
		}
	}
}
