package newsroom

import (
	"context"
	"database/sql"

	"github.com/riverqueue/river"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// Disseminator hears of every change that other channels must follow —
// publication, an edit or correction of a live article, unpublication —
// inside the transaction that makes the change, so that whatever it
// records there (deliveries and their jobs) exists exactly when the change
// does. The dissemination engine implements it.
type Disseminator interface {
	// ArticleChanged is called with the article's status before the change
	// and its full state after it. An error rolls the change back.
	ArticleChanged(ctx context.Context, tx *sql.Tx, before warta.ArticleStatus, a *warta.Article) error
}

// Jobs is another capability's share of the node's River client. The
// newsroom runs one client per node for every capability's jobs rather than
// one client each: River's elected leader rescues stuck jobs, and it
// discards those whose kind its own client does not know.
type Jobs struct {
	Queues map[string]river.QueueConfig
	Add    func(*river.Workers) // registers the workers with river.AddWorker
	// Periodic are jobs River's elected leader enqueues on a schedule
	// (the clinic's daily purge of expired contact data).
	Periodic []*river.PeriodicJob
}

// disseminate makes change tell the Disseminator, if there is one, about a
// change from status before that readers elsewhere must follow.
func (s *Service) disseminate(change *store.ArticleChange, before warta.ArticleStatus) {
	a := change.Article
	if s.dissem == nil || (before != warta.StatusPublished && a.Status != warta.StatusPublished) {
		return
	}
	prev := change.InTx
	change.InTx = func(ctx context.Context, tx *sql.Tx) error {
		if prev != nil {
			if err := prev(ctx, tx); err != nil {
				return err
			}
		}
		return s.dissem.ArticleChanged(ctx, tx, before, a)
	}
}
