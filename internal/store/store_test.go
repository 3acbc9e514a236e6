package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

func TestMigrateInstallsReferenceData(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		applied, err := db.AppliedMigrations(ctx)
		if err != nil || len(applied) < 3 || applied[0] != "0001_init" {
			t.Fatalf("applied = %v, %v", applied, err)
		}
		regions, err := db.Regions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(regions) != 39 || regions[0].Slug != "jawa-timur" || regions[0].Code != "35" {
			t.Fatalf("got %d regions, first %+v", len(regions), regions[0])
		}
		sby, err := db.RegionBySlug(ctx, "kota-surabaya")
		if err != nil || sby.Code != "35.78" || sby.Kind != warta.RegionKota {
			t.Fatalf("surabaya = %+v, %v", sby, err)
		}
		if _, err := db.RegionBySlug(ctx, "kota-atlantis"); warta.ErrorCode(err) != warta.ENotFound {
			t.Fatalf("unknown region err = %v", err)
		}
		els, err := db.Elections(ctx)
		if err != nil || len(els) != 2 {
			t.Fatalf("elections = %v, %v", els, err)
		}
		if els[0].Slug != "pemilu-2024" || len(els[0].Stages) != 17 || len(els[1].Stages) != 14 {
			t.Fatalf("elections = %s %d %d", els[0].Slug, len(els[0].Stages), len(els[1].Stages))
		}
		vote, err := db.StageBySlug(ctx, "pilkada-2024-pemungutan-suara")
		if err != nil {
			t.Fatal(err)
		}
		if !vote.Current(time.Date(2024, 11, 27, 23, 0, 0, 0, warta.Jakarta)) || vote.Current(time.Date(2024, 11, 28, 0, 0, 0, 0, warta.Jakarta)) {
			t.Fatalf("voting day window wrong: %+v", vote)
		}
	})
}

// seed creates an agency and n live articles, one an hour back from base.
func seed(t *testing.T, db *store.DB, n int) (warta.Agency, []*warta.Article) {
	t.Helper()
	ctx := context.Background()
	ag := warta.Agency{Slug: "kpu-jatim", Name: "KPU Provinsi Jawa Timur", ShortName: "KPU Jatim"}
	if err := db.CreateAgency(ctx, &ag); err != nil {
		t.Fatal(err)
	}
	base := time.Date(2024, 2, 14, 10, 0, 0, 0, warta.Jakarta)
	var out []*warta.Article
	for i := 0; i < n; i++ {
		region := "kota-surabaya"
		if i%2 == 1 {
			region = "kabupaten-sidoarjo"
		}
		a := &warta.Article{
			Title:       fmt.Sprintf("Rekapitulasi suara di %s hari ke-%d", region, i),
			Body:        "Petugas menghitung surat suara dengan teliti.",
			AgencyID:    ag.ID,
			Regions:     []warta.Region{{Slug: region}},
			Stages:      []warta.Stage{{Slug: "pemilu-2024-rekapitulasi"}},
			Tags:        []warta.Tag{{Name: "Rekapitulasi"}},
			Status:      warta.StatusPublished,
			PublishedAt: base.Add(-time.Duration(i) * time.Hour),
		}
		if err := db.CreateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return ag, out
}

func TestListArticlesKeyset(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, arts := seed(t, db, 7)
		var got []string
		var after *warta.Cursor
		for pages := 0; ; pages++ {
			page, err := db.ListArticles(ctx, warta.ArticleFilter{Limit: 3, After: after})
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range page.Articles {
				got = append(got, a.ID)
			}
			if page.Next == nil {
				break
			}
			after = page.Next
			if pages > 5 {
				t.Fatal("pagination does not end")
			}
		}
		if len(got) != 7 {
			t.Fatalf("got %d articles over pages, want 7", len(got))
		}
		for i, a := range arts {
			if got[i] != a.ID {
				t.Fatalf("order: position %d is %s, want %s", i, got[i], a.ID)
			}
		}
		page, err := db.ListArticles(ctx, warta.ArticleFilter{Region: "kabupaten-sidoarjo", Tag: "rekapitulasi", Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Articles) != 3 || page.Articles[0].Regions[0].Name != "Kabupaten Sidoarjo" || page.Articles[0].Agency.ShortName != "KPU Jatim" {
			t.Fatalf("region filter: %d articles", len(page.Articles))
		}
		// An unpublished article leaves every list and the search index.
		a := arts[1]
		a.Status = warta.StatusUnpublished
		if err := db.UpdateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		page, _ = db.ListArticles(ctx, warta.ArticleFilter{Region: "kabupaten-sidoarjo"})
		if len(page.Articles) != 2 {
			t.Fatalf("after unpublish: %d articles in section", len(page.Articles))
		}
		res, _, err := db.SearchArticles(ctx, store.SearchQuery{Text: "hari ke-1"})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			if r.Article.ID == a.ID {
				t.Fatal("unpublished article still found by search")
			}
		}
	})
}

func TestSearchAndRelated(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ag, arts := seed(t, db, 4)
		odd := &warta.Article{Title: "Logistik pemilu tiba di gudang Bojonegoro", Body: "Kotak suara dikirim.",
			AgencyID: ag.ID, Status: warta.StatusPublished, PublishedAt: time.Now()}
		if err := db.CreateArticle(ctx, odd); err != nil {
			t.Fatal(err)
		}
		res, terms, err := db.SearchArticles(ctx, store.SearchQuery{Text: "logistik BOJONEGORO"})
		if err != nil {
			t.Fatal(err)
		}
		if len(res) != 1 || res[0].Article.ID != odd.ID || len(terms) != 2 {
			t.Fatalf("search = %v terms %v", res, terms)
		}
		res, _, _ = db.SearchArticles(ctx, store.SearchQuery{Text: "logistik surabaya"})
		if len(res) == 0 {
			t.Fatal("no fallback to any-term results")
		}
		rel, err := db.RelatedArticles(ctx, arts[0], 6)
		if err != nil {
			t.Fatal(err)
		}
		if len(rel) < 3 {
			t.Fatalf("related: %d", len(rel))
		}
		for _, r := range rel {
			if r.ID == arts[0].ID {
				t.Fatal("article related to itself")
			}
		}
		if rel[0].Regions[0].Slug != "kota-surabaya" {
			t.Fatalf("best related should share the region, got %s", rel[0].Title)
		}
		if err := db.AddCorrection(ctx, &warta.Correction{ArticleID: arts[0].ID, Note: "Jumlah TPS diperbaiki."}); err != nil {
			t.Fatal(err)
		}
		got, err := db.ArticleBySlug(ctx, arts[0].Slug)
		if err != nil || len(got.Corrections) != 1 {
			t.Fatalf("corrections: %v %v", got, err)
		}
		months, err := db.ArticleMonths(ctx)
		if err != nil || len(months) < 1 {
			t.Fatalf("months %v %v", months, err)
		}
	})
}

func TestUsers(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ag := warta.Agency{Slug: "kpu-jatim", Name: "KPU Provinsi Jawa Timur"}
		db.CreateAgency(ctx, &ag)
		u := &warta.User{Email: "Redaktur@Kominfo.example", Name: "Redaktur", Role: warta.RoleEditor}
		if err := db.CreateUser(ctx, u, "kata-sandi-panjang"); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateUser(ctx, &warta.User{Email: "redaktur@kominfo.example", Name: "X", Role: warta.RoleEditor}, "kata-sandi-panjang"); warta.ErrorCode(err) != warta.EConflict {
			t.Fatalf("duplicate email: %v", err)
		}
		if err := db.CreateUser(ctx, &warta.User{Email: "k@kpu.example", Name: "K", Role: warta.RoleContributor}, "kata-sandi-panjang"); warta.ErrorCode(err) != warta.EInvalid {
			t.Fatalf("contributor without agency: %v", err)
		}
		if err := db.CreateUser(ctx, &warta.User{Email: "k@kpu.example", Name: "K", Role: warta.RoleEditor}, "pendek"); warta.ErrorCode(err) != warta.EInvalid {
			t.Fatalf("short password: %v", err)
		}
		if _, err := db.CheckPassword(ctx, "redaktur@kominfo.example", "kata-sandi-panjang"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CheckPassword(ctx, "redaktur@kominfo.example", "salah-sandi-panjang"); warta.ErrorCode(err) != warta.EUnauthorized {
			t.Fatalf("wrong password: %v", err)
		}
		users, _ := db.Users(ctx)
		if len(users) != 1 || users[0].Email != "redaktur@kominfo.example" {
			t.Fatalf("users = %+v", users)
		}
	})
}

func TestChangesReachOtherNodes(t *testing.T) {
	url := storetest.PostgresURL(t)
	if url == "" {
		t.Skip("needs PostgreSQL")
	}
	target := storetest.URL(t, store.Postgres)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, err := store.Open(ctx, target, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := a.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	b, err := store.Open(ctx, target, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	got := make(chan struct{}, 10)
	go b.ListenChanges(ctx, target, func() { got <- struct{}{} })
	<-got // the listener's own start
	seed(t, a, 1)
	select {
	case <-got:
	case <-time.After(5 * time.Second):
		t.Fatal("node b was not told about node a's publication")
	}
}
