package newsroom_test

import (
	"context"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/newsroom"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// node is one run of the server: a store and a started newsroom on it.
type node struct {
	db *store.DB
	s  *newsroom.Service
}

// openNode opens the store and builds the newsroom; start starts its jobs.
func openNode(t *testing.T, url string) *node {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	s, err := newsroom.New(newsroom.Config{DB: db, Logger: quiet(), DatabaseURL: url})
	if err != nil {
		t.Fatal(err)
	}
	n := &node{db, s}
	t.Cleanup(n.stop)
	return n
}

func (n *node) start(t *testing.T) *node {
	t.Helper()
	if err := n.s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return n
}

func (n *node) stop() {
	if n.s != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		n.s.Stop(ctx)
		n.db.Close()
		n.s = nil
	}
}

// TestScheduledPublishSurvivesRestart schedules stories a few seconds
// ahead, stops the server before their time, starts a new one on the same
// database and expects the due story live, and the cancelled and moved
// ones left alone.
func TestScheduledPublishSurvivesRestart(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			url := storetest.URL(t, d)
			first := openNode(t, url).start(t)
			ag := warta.Agency{Slug: "kpu-jatim", Name: "KPU Provinsi Jawa Timur"}
			if err := first.db.CreateAgency(ctx, &ag); err != nil {
				t.Fatal(err)
			}
			editor := &warta.User{ID: "U-editor", Role: warta.RoleEditor}
			var ids []string
			for _, title := range []string{"Hasil rekapitulasi provinsi", "Dibatalkan", "Dipindah"} {
				a := &warta.Article{Title: title, Body: "Isi.", AgencyID: ag.ID}
				if err := first.s.Create(ctx, editor, a); err != nil {
					t.Fatal(err)
				}
				ids = append(ids, a.ID)
			}
			due := time.Now().Add(2 * time.Second)
			for _, id := range ids {
				if _, err := first.s.Schedule(ctx, editor, id, due); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := first.s.Approve(ctx, editor, ids[1]); err != nil { // cancels the schedule
				t.Fatal(err)
			}
			if _, err := first.s.Schedule(ctx, editor, ids[2], due.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			first.stop()

			second := openNode(t, url)
			if st := statusOf(t, second.db, ids[0]); st != warta.StatusScheduled {
				t.Fatalf("published before the restart (status %s): the first server took too long to stop", st)
			}
			second.start(t)
			purged := make(chan struct{}, 10)
			second.db.OnChange(func() { purged <- struct{}{} })
			var sa *warta.StaffArticle
			deadline := time.Now().Add(60 * time.Second)
			for {
				var err error
				if sa, err = second.db.StaffArticle(ctx, ids[0]); err != nil {
					t.Fatal(err)
				}
				if sa.Live() {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("not published a minute after its time: status %s", sa.Status)
				}
				time.Sleep(100 * time.Millisecond)
			}
			if sa.PublishedAt.Before(due.Truncate(time.Second)) {
				t.Fatalf("published at %v, before its time %v", sa.PublishedAt, due)
			}
			select {
			case <-purged:
			case <-time.After(5 * time.Second):
				t.Fatal("the scheduled publication did not purge the page cache")
			}
			history, _ := second.db.WorkflowEvents(ctx, ids[0])
			last := history[len(history)-1]
			if last.Action != warta.ActionPublish || last.UserID != warta.ActorSystem || last.From != warta.StatusScheduled {
				t.Fatalf("last step %+v", last)
			}
			audit, _ := second.db.ListAudit(ctx, warta.AuditFilter{Actor: warta.ActorSystem})
			if len(audit.Entries) != 1 || audit.Entries[0].Action != "article.publish" || audit.Entries[0].ObjectID != ids[0] {
				t.Fatalf("system audit entries %+v", audit.Entries)
			}

			// The jobs of the cancelled and the moved story ran too, and did
			// nothing.
			for time.Now().Before(deadline) && completedJobs(t, second.db) < 3 {
				time.Sleep(100 * time.Millisecond)
			}
			if n := completedJobs(t, second.db); n != 3 {
				t.Fatalf("%d publication jobs completed, want 3", n)
			}
			if st := statusOf(t, second.db, ids[1]); st != warta.StatusApproved {
				t.Fatalf("cancelled story is %s", st)
			}
			moved, _ := second.db.StaffArticle(ctx, ids[2])
			if moved.Status != warta.StatusScheduled || !moved.ScheduledAt.Equal(due.Add(time.Hour).Truncate(time.Second)) {
				t.Fatalf("moved story is %s at %v", moved.Status, moved.ScheduledAt)
			}
		})
	}
}

func completedJobs(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	err := db.SQL().QueryRow("SELECT COUNT(*) FROM river_job WHERE kind = 'publish_article' AND state = 'completed'").Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func statusOf(t *testing.T, db *store.DB, id string) warta.ArticleStatus {
	t.Helper()
	sa, err := db.StaffArticle(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return sa.Status
}

// TestScheduleOnShiftedClock runs a node whose clock is set a year ahead,
// as a demo set on a future voting day would be: a story scheduled two
// seconds ahead on that clock goes live two seconds later.
func TestScheduleOnShiftedClock(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, store.SQLite, store.Options{})
	start := time.Now()
	shifted := func() time.Time { return start.AddDate(1, 0, 0).Add(time.Since(start)) }
	s, err := newsroom.New(newsroom.Config{DB: db, Now: shifted, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer s.Stop(ctx)
	ag := warta.Agency{Slug: "kpu-jatim", Name: "KPU Provinsi Jawa Timur"}
	db.CreateAgency(ctx, &ag)
	editor := &warta.User{ID: "U-editor", Role: warta.RoleEditor}
	a := &warta.Article{Title: "Hari pemungutan suara", AgencyID: ag.ID}
	if err := s.Create(ctx, editor, a); err != nil {
		t.Fatal(err)
	}
	at := shifted().Add(2 * time.Second)
	if _, err := s.Schedule(ctx, editor, a.ID, at); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(60 * time.Second); statusOf(t, db, a.ID) != warta.StatusPublished; {
		if time.Now().After(deadline) {
			t.Fatal("not published a minute after its time on the shifted clock")
		}
		time.Sleep(100 * time.Millisecond)
	}
	sa, _ := db.StaffArticle(ctx, a.ID)
	if sa.PublishedAt.Before(at.Truncate(time.Second)) || sa.PublishedAt.Year() != at.Year() {
		t.Fatalf("published at %v, scheduled for %v", sa.PublishedAt, at)
	}
}
