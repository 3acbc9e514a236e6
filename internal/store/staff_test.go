package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

func TestChangeArticleCommitsTogether(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ag := warta.Agency{Slug: "kpu-jatim", Name: "KPU Provinsi Jawa Timur", ShortName: "KPU Jatim"}
		if err := db.CreateAgency(ctx, &ag); err != nil {
			t.Fatal(err)
		}
		purged := 0
		db.OnChange(func() { purged++ })
		t0 := time.Date(2024, 2, 1, 9, 0, 0, 0, time.UTC)
		a := &warta.Article{Title: "Jadwal debat kandidat", Body: "Debat pertama.", AgencyID: ag.ID, Status: warta.StatusDraft,
			CreatedAt: t0, UpdatedAt: t0}
		err := db.ChangeArticle(ctx, store.ArticleChange{
			Article: a, Create: true, AuthorID: "U1",
			Revision: &warta.Revision{Title: a.Title, Body: a.Body, EditorID: "U1", CreatedAt: t0},
			Event:    &warta.WorkflowEvent{UserID: "U1", Action: warta.ActionCreate, To: warta.StatusDraft, CreatedAt: t0},
			Audit:    &warta.AuditEntry{Actor: "U1", Action: "article.create", At: t0},
		})
		if err != nil {
			t.Fatal(err)
		}
		sa, err := db.StaffArticle(ctx, a.ID)
		if err != nil || sa.AuthorID != "U1" || !sa.ScheduledAt.IsZero() || sa.Status != warta.StatusDraft {
			t.Fatalf("staff article = %+v, %v", sa, err)
		}

		// A change whose job cannot be queued leaves nothing behind.
		at := t0.Add(48 * time.Hour)
		a.Status = warta.StatusScheduled
		err = db.ChangeArticle(ctx, store.ArticleChange{
			Article: a, ScheduledAt: at, ExpectStatus: warta.StatusDraft,
			Event: &warta.WorkflowEvent{UserID: "U2", Action: warta.ActionSchedule, From: warta.StatusDraft, To: warta.StatusScheduled},
			Audit: &warta.AuditEntry{Actor: "U2", Action: "article.schedule"},
			InTx:  func(context.Context, *sql.Tx) error { return errors.New("queue down") },
		})
		if err == nil {
			t.Fatal("change succeeded although its job failed")
		}
		sa, _ = db.StaffArticle(ctx, a.ID)
		events, _ := db.WorkflowEvents(ctx, a.ID)
		audit, _ := db.ListAudit(ctx, warta.AuditFilter{})
		if sa.Status != warta.StatusDraft || !sa.ScheduledAt.IsZero() || len(events) != 1 || len(audit.Entries) != 1 {
			t.Fatalf("after failed change: status %s at %v, %d events, %d audit", sa.Status, sa.ScheduledAt, len(events), len(audit.Entries))
		}

		// A stale expectation is a conflict naming the current status.
		err = db.ChangeArticle(ctx, store.ArticleChange{Article: a, ScheduledAt: at, ExpectStatus: warta.StatusApproved})
		if warta.ErrorCode(err) != warta.EConflict {
			t.Fatalf("stale status: %v", err)
		}
		queued := false
		err = db.ChangeArticle(ctx, store.ArticleChange{
			Article: a, ScheduledAt: at, ExpectStatus: warta.StatusDraft,
			InTx: func(ctx context.Context, tx *sql.Tx) error { queued = true; return nil },
		})
		if err != nil || !queued {
			t.Fatalf("schedule: %v queued=%v", err, queued)
		}
		// The scheduler publishes only what is still scheduled for its time.
		a.Status, a.PublishedAt = warta.StatusPublished, at
		err = db.ChangeArticle(ctx, store.ArticleChange{Article: a, ExpectStatus: warta.StatusScheduled, ExpectScheduledAt: at.Add(time.Minute)})
		if warta.ErrorCode(err) != warta.EConflict {
			t.Fatalf("publish for a moved schedule: %v", err)
		}
		if purged != 0 {
			t.Fatalf("cache purged %d times before anything was live", purged)
		}
		err = db.ChangeArticle(ctx, store.ArticleChange{Article: a, ExpectStatus: warta.StatusScheduled, ExpectScheduledAt: at,
			Correction: nil, Event: &warta.WorkflowEvent{UserID: warta.ActorSystem, Action: warta.ActionPublish, From: warta.StatusScheduled, To: warta.StatusPublished}})
		if err != nil {
			t.Fatal(err)
		}
		if purged != 1 {
			t.Fatalf("publishing purged the cache %d times, want 1", purged)
		}
		sa, _ = db.StaffArticle(ctx, a.ID)
		if !sa.Live() || !sa.ScheduledAt.IsZero() {
			t.Fatalf("published article: %+v", sa)
		}
		if page, _ := db.ListArticles(ctx, warta.ArticleFilter{}); len(page.Articles) != 1 {
			t.Fatalf("portal lists %d articles", len(page.Articles))
		}
		if err := db.ChangeArticle(ctx, store.ArticleChange{Article: &warta.Article{ID: "01HNOSUCHARTICLE0000000000", Title: "x", AgencyID: ag.ID}}); warta.ErrorCode(err) != warta.ENotFound {
			t.Fatalf("missing article: %v", err)
		}
	})
}

func TestRevisionsNumberedAndBased(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ag := warta.Agency{Slug: "bawaslu-jatim", Name: "Bawaslu Provinsi Jawa Timur"}
		db.CreateAgency(ctx, &ag)
		// An article imported outside the newsroom has no revision yet.
		a := &warta.Article{Title: "Pengawasan kampanye", Body: "Baris satu.\nBaris dua.", AgencyID: ag.ID}
		if err := db.CreateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		a.Body = "Baris satu.\nBaris dua diperbaiki."
		err := db.ChangeArticle(ctx, store.ArticleChange{Article: a,
			Revision: &warta.Revision{Title: a.Title, Body: a.Body, EditorID: "ED", Note: "perbaikan"}})
		if err != nil {
			t.Fatal(err)
		}
		revs, err := db.Revisions(ctx, a.ID)
		if err != nil || len(revs) != 2 {
			t.Fatalf("revisions = %+v, %v", revs, err)
		}
		if revs[0].Number != 1 || revs[0].Body != "Baris satu.\nBaris dua." || revs[1].Number != 2 || revs[1].EditorID != "ED" || revs[1].Note != "perbaikan" {
			t.Fatalf("revisions = %+v", revs)
		}
		r, err := db.Revision(ctx, a.ID, 2)
		if err != nil || r.Body != a.Body {
			t.Fatalf("revision 2 = %+v, %v", r, err)
		}
		if _, err := db.Revision(ctx, a.ID, 9); warta.ErrorCode(err) != warta.ENotFound {
			t.Fatalf("missing revision: %v", err)
		}
	})
}

func TestListStaffArticlesKeyset(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		kpu := warta.Agency{Slug: "kpu-jatim", Name: "KPU Provinsi Jawa Timur"}
		bws := warta.Agency{Slug: "bawaslu-jatim", Name: "Bawaslu Provinsi Jawa Timur"}
		db.CreateAgency(ctx, &kpu)
		db.CreateAgency(ctx, &bws)
		u := &warta.User{Email: "kontributor@kpu.example", Name: "Siti Kontributor", Role: warta.RoleContributor, AgencyID: kpu.ID}
		if err := db.CreateUser(ctx, u, "kata-sandi-panjang"); err != nil {
			t.Fatal(err)
		}
		base := time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC)
		statuses := []warta.ArticleStatus{warta.StatusDraft, warta.StatusSubmitted, warta.StatusDraft, warta.StatusReturned,
			warta.StatusSubmitted, warta.StatusDraft, warta.StatusApproved}
		var created []string
		for i, st := range statuses {
			ag := kpu.ID
			if i%3 == 2 {
				ag = bws.ID
			}
			at := base.Add(time.Duration(i) * time.Minute)
			if i == 6 {
				at = base.Add(5 * time.Minute) // same second as article 5: the id breaks the tie
			}
			a := &warta.Article{Title: fmt.Sprintf("Berita %d", i), AgencyID: ag, Status: st, CreatedAt: at, UpdatedAt: at}
			if err := db.ChangeArticle(ctx, store.ArticleChange{Article: a, Create: true, AuthorID: u.ID}); err != nil {
				t.Fatal(err)
			}
			created = append(created, a.ID)
		}
		// Newest-updated first; articles 5 and 6 share a time, and the
		// larger id breaks the tie.
		tie := []string{created[6], created[5]}
		if tie[0] < tie[1] {
			tie[0], tie[1] = tie[1], tie[0]
		}
		ids := append(tie, created[4], created[3], created[2], created[1], created[0])
		var got []string
		var after *warta.StaffCursor
		for pages := 0; ; pages++ {
			page, err := db.ListStaffArticles(ctx, warta.StaffFilter{Limit: 3, After: after})
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range page.Articles {
				got = append(got, a.ID)
				if a.AuthorName != "Siti Kontributor" {
					t.Fatalf("author name %q", a.AuthorName)
				}
			}
			if page.Next == nil {
				break
			}
			c, err := warta.ParseStaffCursor(page.Next.String())
			if err != nil {
				t.Fatal(err)
			}
			after = c
			if pages > 5 {
				t.Fatal("pagination does not end")
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(ids) {
			t.Fatalf("order\n got %v\nwant %v", got, ids)
		}
		page, err := db.ListStaffArticles(ctx, warta.StaffFilter{Status: warta.StatusDraft, AgencyID: kpu.ID})
		if err != nil || len(page.Articles) != 1 || page.Articles[0].Title != "Berita 0" {
			t.Fatalf("kpu drafts: %d, %v", len(page.Articles), err)
		}
		page, _ = db.ListStaffArticles(ctx, warta.StaffFilter{AuthorID: "someone-else"})
		if len(page.Articles) != 0 {
			t.Fatalf("author filter: %d", len(page.Articles))
		}
		counts, err := db.CountStaffArticles(ctx, "")
		if err != nil || counts[warta.StatusDraft] != 3 || counts[warta.StatusSubmitted] != 2 || counts[warta.StatusApproved] != 1 {
			t.Fatalf("counts = %v, %v", counts, err)
		}
		counts, _ = db.CountStaffArticles(ctx, bws.ID)
		if counts[warta.StatusDraft] != 2 || counts[warta.StatusSubmitted] != 0 {
			t.Fatalf("bawaslu counts = %v", counts)
		}
	})
}
