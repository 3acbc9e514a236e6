package newsroom_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/newsroom"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// TestReviewJourney follows a story from a contributor's draft through a
// return, a fix, approval and publication, and checks what each person
// sees and what the history and audit log keep.
func TestReviewJourney(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := newsroom.WithClientIP(context.Background(), "203.0.113.7")
		contributor, editor, admin := e.users["contributor"], e.users["editor"], e.users["admin"]
		other := e.users["contributor-bawaslu"]

		art := &warta.Article{Title: "Jadwal pemungutan suara ulang", Body: "PSU digelar di **tiga** TPS.", Headline: true}
		if err := e.s.Create(ctx, contributor, art); err != nil {
			t.Fatal(err)
		}
		if art.ID == "" || art.Status != draft || art.Headline || !strings.Contains(art.BodyHTML, "<strong>tiga</strong>") {
			t.Fatalf("created %+v", art)
		}
		if _, err := e.s.Get(ctx, other, art.ID); warta.ErrorCode(err) != warta.ENotFound {
			t.Fatalf("other agency's contributor sees the draft: %v", err)
		}
		if page, _ := e.s.List(ctx, other, warta.StaffFilter{}); len(page.Articles) != 0 {
			t.Fatalf("other agency's contributor lists %d articles", len(page.Articles))
		}
		if _, err := e.s.Submit(ctx, contributor, art.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.Return(ctx, editor, art.ID, "  "); warta.ErrorCode(err) != warta.EInvalid {
			t.Fatalf("return without comment: %v", err)
		}
		if _, err := e.s.Return(ctx, editor, art.ID, "Sebutkan nama TPS-nya."); err != nil {
			t.Fatal(err)
		}
		page, err := e.s.List(ctx, contributor, warta.StaffFilter{Status: returned, AuthorID: contributor.ID})
		if err != nil || len(page.Articles) != 1 || page.Articles[0].AuthorID != contributor.ID {
			t.Fatalf("returned to me: %+v, %v", page.Articles, err)
		}
		fix := *page.Articles[0].Article
		fix.Body = "PSU digelar di TPS 5, TPS 7 dan TPS 12."
		if err := e.s.Update(ctx, contributor, &fix, "nama TPS ditambahkan"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.Submit(ctx, contributor, art.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.Approve(ctx, editor, art.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.Schedule(ctx, editor, art.ID, time.Now().Add(-time.Minute)); warta.ErrorCode(err) != warta.EInvalid || !strings.Contains(warta.ErrorMessage(err), "sudah lewat") {
			t.Fatalf("schedule in the past: %v", err)
		}
		purged := 0
		db.OnChange(func() { purged++ })
		sa, err := e.s.Publish(ctx, editor, art.ID)
		if err != nil || !sa.Live() || purged != 1 {
			t.Fatalf("publish: %+v, %v, purged %d", sa, err, purged)
		}
		if live, err := db.ArticleBySlug(ctx, sa.Slug); err != nil || !live.Live() || live.Body != fix.Body {
			t.Fatalf("portal sees %+v, %v", live, err)
		}

		history, err := e.s.History(ctx, contributor, art.ID)
		if err != nil {
			t.Fatal(err)
		}
		var steps []string
		for _, ev := range history {
			steps = append(steps, fmt.Sprintf("%s:%s>%s", ev.Action, ev.From, ev.To))
		}
		want := "create:>draft submit:draft>submitted return:submitted>returned edit:returned>returned " +
			"submit:returned>submitted approve:submitted>approved publish:approved>published"
		if strings.Join(steps, " ") != want {
			t.Fatalf("history\n got %s\nwant %s", strings.Join(steps, " "), want)
		}
		if history[2].Comment != "Sebutkan nama TPS-nya." || history[2].UserID != editor.ID {
			t.Fatalf("return step: %+v", history[2])
		}

		if _, err := e.s.Audit(ctx, editor, warta.AuditFilter{}); warta.ErrorCode(err) != warta.EForbidden {
			t.Fatalf("editor reads audit log: %v", err)
		}
		log, err := e.s.Audit(ctx, admin, warta.AuditFilter{ObjectType: "article", ObjectID: art.ID})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for i := len(log.Entries) - 1; i >= 0; i-- {
			en := log.Entries[i]
			actions = append(actions, en.Action)
			if en.IP != "203.0.113.7" || !json.Valid([]byte(en.Detail)) {
				t.Fatalf("audit entry %+v", en)
			}
		}
		if got := strings.Join(actions, " "); got != "article.create article.submit article.return article.edit article.submit article.approve article.publish" {
			t.Fatalf("audit actions: %s", got)
		}
		var detail map[string]string
		json.Unmarshal([]byte(log.Entries[0].Detail), &detail)
		if detail["from"] != "approved" || detail["to"] != "published" {
			t.Fatalf("publish detail %v", detail)
		}
		counts, err := e.s.Counts(ctx, contributor)
		if err != nil || counts[published] != 1 {
			t.Fatalf("counts %v %v", counts, err)
		}
		if err := e.s.RecordAudit(ctx, admin.ID, "user.role", "user", editor.ID, `{"role":"editor"}`, ""); err != nil {
			t.Fatal(err)
		}
		log, _ = e.s.Audit(ctx, admin, warta.AuditFilter{Action: "user.role"})
		if len(log.Entries) != 1 || log.Entries[0].IP != "203.0.113.7" {
			t.Fatalf("recorded audit: %+v", log.Entries)
		}
	})
}

// TestEditPublishedKeepsRevision checks that editing a live article always
// leaves a revision that can be compared with the one before, bumps the
// time readers see, keeps the URL, and reaches readers at once.
func TestEditPublishedKeepsRevision(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		editor := e.users["editor"]
		now := time.Date(2024, 2, 14, 3, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		s, err := newsroom.New(newsroom.Config{DB: db, Now: clock, Logger: quiet()})
		if err != nil {
			t.Fatal(err)
		}
		art := &warta.Article{Title: "Partisipasi pemilih Jatim", AgencyID: e.kpu.ID,
			Body: "Partisipasi mencapai 80 persen.\n\nRekapitulasi selesai pukul 21.00."}
		if err := s.Create(ctx, editor, art); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Publish(ctx, editor, art.ID); err != nil {
			t.Fatal(err)
		}
		published, _ := s.Get(ctx, editor, art.ID)
		slug, path := published.Slug, published.Path()

		now = now.Add(2 * time.Hour)
		purged := 0
		db.OnChange(func() { purged++ })
		edit := *published.Article
		edit.Slug = "judul-baru"
		edit.Body = "Partisipasi mencapai 82 persen.\n\nRekapitulasi selesai pukul 21.00."
		if err := s.Update(ctx, editor, &edit, "angka partisipasi diperbaiki"); err != nil {
			t.Fatal(err)
		}
		after, _ := s.Get(ctx, editor, art.ID)
		if after.Slug != slug || after.Path() != path || !after.UpdatedAt.Equal(now) || !after.PublishedAt.Equal(published.PublishedAt) || purged != 1 {
			t.Fatalf("after edit: slug %s path %s updated %v published %v purged %d", after.Slug, after.Path(), after.UpdatedAt, after.PublishedAt, purged)
		}
		revs, err := s.Revisions(ctx, editor, art.ID)
		if err != nil || len(revs) != 2 || revs[1].Note != "angka partisipasi diperbaiki" || revs[1].EditorID != editor.ID {
			t.Fatalf("revisions %+v %v", revs, err)
		}
		diff, err := s.Diff(ctx, editor, art.ID, 1, 2)
		if err != nil {
			t.Fatal(err)
		}
		var changed []string
		for _, l := range diff {
			if l.Op == newsroom.DiffEqual {
				continue
			}
			for _, sp := range l.Spans {
				if sp.Op != newsroom.DiffEqual {
					changed = append(changed, string(l.Op)+" "+l.Field+" "+sp.Text)
				}
			}
		}
		if strings.Join(changed, "|") != "delete body 80|insert body 82" {
			t.Fatalf("diff: %q\n%+v", changed, diff)
		}

		// Even an edit that leaves the text alone leaves a revision on a
		// live article.
		same := *after.Article
		same.Tags = []warta.Tag{{Name: "Partisipasi"}}
		if err := s.Update(ctx, editor, &same, "tag"); err != nil {
			t.Fatal(err)
		}
		if revs, _ := s.Revisions(ctx, editor, art.ID); len(revs) != 3 {
			t.Fatalf("%d revisions after a tag edit", len(revs))
		}
		if d, _ := s.Diff(ctx, editor, art.ID, 0, 0); len(d) == 0 || anyChange(d) {
			t.Fatalf("diff of unchanged text: %+v", d)
		}

		// A public correction is shown to readers.
		if _, err := s.Correct(ctx, editor, art.ID, "Angka partisipasi semula tertulis 80 persen."); err != nil {
			t.Fatal(err)
		}
		live, _ := db.ArticleBySlug(ctx, slug)
		if len(live.Corrections) != 1 || purged != 3 {
			t.Fatalf("corrections %+v, purged %d", live.Corrections, purged)
		}
		// A draft edit that changes nothing in the text adds no revision.
		d := &warta.Article{Title: "Draf", Body: "Isi.", AgencyID: e.kpu.ID}
		s.Create(ctx, editor, d)
		d.Tags = []warta.Tag{{Name: "Draf"}}
		if err := s.Update(ctx, editor, d, ""); err != nil {
			t.Fatal(err)
		}
		if revs, _ := s.Revisions(ctx, editor, d.ID); len(revs) != 1 {
			t.Fatalf("%d revisions of an untouched draft", len(revs))
		}
	})
}

func anyChange(lines []newsroom.DiffLine) bool {
	for _, l := range lines {
		if l.Op != newsroom.DiffEqual {
			return true
		}
	}
	return false
}
