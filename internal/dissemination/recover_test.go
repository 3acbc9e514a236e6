package dissemination_test

import (
	"context"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// TestLostDeliveriesResume leaves two deliveries as a crashed node would:
// one mid-attempt under a claim, one queued whose job is gone. Once the
// node runs again, both are delivered, once each.
func TestLostDeliveriesResume(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			e := buildEnv(t, d, dissemination.Config{SweepEvery: 200 * time.Millisecond})
			ch := e.channel("uji", false)
			var arts []*warta.Article
			for range 2 {
				a := &warta.Article{Title: "Pleno penetapan calon terpilih", Body: "Isi.", AgencyID: e.kpu.ID,
					Status: warta.StatusPublished, PublishedAt: time.Now().Add(-time.Minute).Truncate(time.Second)}
				if err := e.db.CreateArticle(ctx, a); err != nil {
					t.Fatal(err)
				}
				arts = append(arts, a)
			}
			// With SQLite the dead node's claim is cleared at start however
			// long it had to run; with PostgreSQL, where another node may be
			// alive, only once it lapses.
			lease := time.Now().Add(time.Hour)
			if d != "sqlite" {
				lease = time.Now().Add(-time.Second)
			}
			long := time.Now().Add(-10 * time.Minute).UnixMilli()
			for i, row := range []struct {
				status string
				lease  any
			}{{"sending", lease.UnixMilli()}, {"queued", nil}} {
				if _, err := e.db.SQL().ExecContext(ctx, e.db.Rebind(`INSERT INTO deliveries (id, article_id, channel_id, version, op, status,
					attempts, claimed_by, lease_until, next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'create', ?, ?, ?, ?, ?, ?, ?)`),
					warta.NewID(), arts[i].ID, ch.ID, dissemination.Version(arts[i]), row.status, 1-i, map[bool]string{true: "mati"}[i == 0],
					row.lease, long, long, long); err != nil {
					t.Fatal(err)
				}
			}
			e.start()
			for _, a := range arts {
				ds := e.settled(a.ID, 1)
				if ds[0].Status != dissemination.StatusDelivered {
					t.Errorf("%s", describe(ds))
				}
			}
			if posts := e.api.Posts(); len(posts) != 2 {
				t.Errorf("posts %+v", posts)
			}
		})
	}
}
