package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

func TestAuditLogFilterAndPages(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		base := time.Date(2024, 2, 14, 1, 0, 0, 0, time.UTC)
		entries := []warta.AuditEntry{
			{Actor: "ADMIN", Action: "login", ObjectType: "user", ObjectID: "ADMIN", IP: "127.0.0.1"},
			{Actor: "ED", Action: "article.publish", ObjectType: "article", ObjectID: "A1", Detail: `{"to":"published"}`},
			{Actor: "ADMIN", Action: "user.role", ObjectType: "user", ObjectID: "ED"},
			{Actor: warta.ActorSystem, Action: "article.publish", ObjectType: "article", ObjectID: "A2"},
			{Actor: "ED", Action: "article.unpublish", ObjectType: "article", ObjectID: "A1"},
		}
		for i := range entries {
			entries[i].At = base.Add(time.Duration(i) * time.Hour)
			if err := db.RecordAudit(ctx, &entries[i]); err != nil {
				t.Fatal(err)
			}
		}
		var got []string
		after := ""
		for pages := 0; ; pages++ {
			page, err := db.ListAudit(ctx, warta.AuditFilter{Limit: 2, After: after})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range page.Entries {
				got = append(got, e.Action+"/"+e.ObjectID)
			}
			if page.Next == "" {
				break
			}
			after = page.Next
			if pages > 4 {
				t.Fatal("pagination does not end")
			}
		}
		want := "[article.unpublish/A1 article.publish/A2 user.role/ED article.publish/A1 login/ADMIN]"
		if s := fmtList(got); s != want {
			t.Fatalf("newest first:\n got %s\nwant %s", s, want)
		}
		page, err := db.ListAudit(ctx, warta.AuditFilter{Action: "article.publish"})
		if err != nil || len(page.Entries) != 2 || page.Entries[0].Actor != warta.ActorSystem {
			t.Fatalf("by action: %+v, %v", page.Entries, err)
		}
		page, _ = db.ListAudit(ctx, warta.AuditFilter{Actor: "ED", ObjectType: "article", ObjectID: "A1"})
		if len(page.Entries) != 2 {
			t.Fatalf("by actor and object: %+v", page.Entries)
		}
		page, _ = db.ListAudit(ctx, warta.AuditFilter{From: base.Add(time.Hour), To: base.Add(3 * time.Hour)})
		if len(page.Entries) != 2 || page.Entries[0].Action != "user.role" || !page.Entries[0].At.Equal(base.Add(2*time.Hour)) {
			t.Fatalf("by time: %+v", page.Entries)
		}
		if page.Entries[1].Detail != `{"to":"published"}` {
			t.Fatalf("detail = %q", page.Entries[1].Detail)
		}
		if _, err := db.ListAudit(ctx, warta.AuditFilter{After: "'; DROP TABLE audit_log"}); warta.ErrorCode(err) != warta.EInvalid {
			t.Fatalf("bad cursor: %v", err)
		}
	})
}

func fmtList(s []string) string {
	out := "["
	for i, v := range s {
		if i > 0 {
			out += " "
		}
		out += v
	}
	return out + "]"
}
