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

// publishIn creates a live article in the sections given.
func publishIn(t *testing.T, db *store.DB, ag warta.Agency, title string, at time.Time, regions, stages, tags []string) *warta.Article {
	t.Helper()
	a := &warta.Article{Title: title, Body: "Petugas bekerja di gudang.", AgencyID: ag.ID, Status: warta.StatusPublished, PublishedAt: at}
	for _, r := range regions {
		a.Regions = append(a.Regions, warta.Region{Slug: r})
	}
	for _, s := range stages {
		a.Stages = append(a.Stages, warta.Stage{Slug: s})
	}
	for _, g := range tags {
		a.Tags = append(a.Tags, warta.Tag{Slug: g, Name: g})
	}
	if err := db.CreateArticle(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

const stageCount = "pemilu-2024-rekapitulasi"

func TestSearchSectionFilters(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		kpu := newAgency(t, db, "kpu-jatim")
		bawaslu := newAgency(t, db, "bawaslu-jatim")
		// Twelve articles an hour apart, newest first, spread over the
		// sections by their number.
		var arts []*warta.Article
		for i := range 12 {
			ag, regions, stages, tags := kpu, []string{"kota-batu"}, []string(nil), []string{"logistik"}
			if i%2 == 1 {
				ag = bawaslu
			}
			if i%3 == 0 {
				regions = append(regions, "kabupaten-pacitan")
			}
			if i%4 == 0 {
				stages = []string{stageCount}
			}
			if i >= 6 {
				tags = []string{"kota-surabaya"} // a tag spelled like a region
			}
			arts = append(arts, publishIn(t, db, ag, fmt.Sprintf("Rekapitulasi suara tahap %d", i),
				searchBase.Add(-time.Duration(i)*time.Hour), regions, stages, tags))
		}
		// In the sections, without the word.
		publishIn(t, db, kpu, "Debat kandidat berlangsung tertib", searchBase, []string{"kota-surabaya", "kabupaten-pacitan"}, []string{stageCount}, []string{"logistik"})

		cases := []struct {
			name string
			f    warta.ArticleFilter
			want func(i int) bool
		}{
			{"region", warta.ArticleFilter{Region: "kabupaten-pacitan"}, func(i int) bool { return i%3 == 0 }},
			{"stage", warta.ArticleFilter{Stage: stageCount}, func(i int) bool { return i%4 == 0 }},
			{"agency", warta.ArticleFilter{Agency: "bawaslu-jatim"}, func(i int) bool { return i%2 == 1 }},
			{"tag", warta.ArticleFilter{Tag: "logistik"}, func(i int) bool { return i < 6 }},
			{"tag spelled like a region", warta.ArticleFilter{Tag: "kota-surabaya"}, func(i int) bool { return i >= 6 }},
			{"region spelled like a tag", warta.ArticleFilter{Region: "kota-surabaya"}, func(int) bool { return false }},
			{"region and stage", warta.ArticleFilter{Region: "kabupaten-pacitan", Stage: stageCount}, func(i int) bool { return i%12 == 0 }},
			{"region, agency and tag", warta.ArticleFilter{Region: "kabupaten-pacitan", Agency: "bawaslu-jatim", Tag: "kota-surabaya"},
				func(i int) bool { return i == 9 }},
			{"stage and range", warta.ArticleFilter{Stage: stageCount, From: searchBase.Add(-8 * time.Hour), To: searchBase.Add(-time.Hour)},
				func(i int) bool { return i == 4 || i == 8 }},
			{"unknown region", warta.ArticleFilter{Region: "kota-atlantis"}, func(int) bool { return false }},
		}
		for _, c := range cases {
			ids := searchIDs(t, db, store.SearchQuery{Text: "rekapitulasi", Filter: c.f, Limit: 100})
			var want []string
			for i, a := range arts {
				if c.want(i) {
					want = append(want, a.ID)
				}
			}
			// Equal matches come newest first.
			if fmt.Sprint(ids) != fmt.Sprint(want) {
				t.Errorf("%s filter: found %v, want %v", c.name, ids, want)
			}
		}

		// Any-term fallback keeps the filter: "debat" and "rekapitulasi"
		// share no article, and in Pacitan either will do.
		ids := searchIDs(t, db, store.SearchQuery{Text: "rekapitulasi debat", Filter: warta.ArticleFilter{Region: "kabupaten-pacitan"}, Limit: 100})
		if len(ids) != 5 {
			t.Errorf("any-term fallback in a region found %d, want the 4 counts and the debate", len(ids))
		}
		ids = searchIDs(t, db, store.SearchQuery{Text: "rekapitulasi debat", Filter: warta.ArticleFilter{Agency: "bawaslu-jatim"}, Limit: 100})
		if len(ids) != 6 {
			t.Errorf("any-term fallback for an agency found %d, want its 6 counts", len(ids))
		}

		// Pages of 2 through a section cover each of its matches once.
		var pages []string
		for off := 0; off < 10; off += 2 {
			pages = append(pages, searchIDs(t, db, store.SearchQuery{Text: "rekapitulasi", Filter: warta.ArticleFilter{Agency: "bawaslu-jatim"}, Offset: off, Limit: 2})...)
		}
		var want []string
		for i := 1; i < 12; i += 2 {
			want = append(want, arts[i].ID)
		}
		if fmt.Sprint(pages) != fmt.Sprint(want) {
			t.Errorf("pages through an agency: %v, want %v", pages, want)
		}
	})
}

func TestSearchSectionsFollowEdits(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		kpu := newAgency(t, db, "kpu-jatim")
		bawaslu := newAgency(t, db, "bawaslu-jatim")
		a := publishIn(t, db, kpu, "Rekapitulasi suara di Batu", searchBase, []string{"kota-batu"}, nil, []string{"logistik"})
		b := publishIn(t, db, kpu, "Rekapitulasi suara di Pacitan", searchBase.Add(-time.Hour), []string{"kabupaten-pacitan"}, nil, nil)
		find := func(f warta.ArticleFilter) []string {
			return searchIDs(t, db, store.SearchQuery{Text: "rekapitulasi", Filter: f})
		}
		if ids := find(warta.ArticleFilter{Region: "kota-batu"}); len(ids) != 1 || ids[0] != a.ID {
			t.Fatalf("before the edit, Batu finds %v", ids)
		}
		// The article moves to Pacitan, loses its tag, gains a stage and
		// changes agency.
		a.Regions = []warta.Region{{Slug: "kabupaten-pacitan"}}
		a.Tags = []warta.Tag{{Slug: "rekap", Name: "Rekap"}}
		a.Stages = []warta.Stage{{Slug: stageCount}}
		a.AgencyID = bawaslu.ID
		if err := db.UpdateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		for _, f := range []warta.ArticleFilter{{Region: "kota-batu"}, {Tag: "logistik"}, {Agency: "kpu-jatim", Tag: "rekap"}} {
			if ids := find(f); len(ids) != 0 {
				t.Errorf("after the edit, old section %+v still finds %v", f, ids)
			}
		}
		if ids := find(warta.ArticleFilter{Region: "kabupaten-pacitan"}); fmt.Sprint(ids) != fmt.Sprint([]string{a.ID, b.ID}) {
			t.Errorf("after the edit, Pacitan finds %v, want the moved article then the other", ids)
		}
		for _, f := range []warta.ArticleFilter{{Tag: "rekap"}, {Stage: stageCount}, {Agency: "bawaslu-jatim"}} {
			if ids := find(f); len(ids) != 1 || ids[0] != a.ID {
				t.Errorf("after the edit, new section %+v finds %v", f, ids)
			}
		}
		// Unpublished, it leaves its sections' searches too.
		a.Status = warta.StatusUnpublished
		if err := db.UpdateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		if ids := find(warta.ArticleFilter{Region: "kabupaten-pacitan"}); len(ids) != 1 || ids[0] != b.ID {
			t.Errorf("unpublished article still found in its region: %v", ids)
		}
	})
}

func TestSearchRankIgnoresSections(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ag := newAgency(t, db, "kpu-jatim")
		// The same words; the older article is in many more sections.
		newer := publishIn(t, db, ag, "Rekapitulasi suara kecamatan", searchBase, nil, nil, nil)
		older := publishIn(t, db, ag, "Rekapitulasi suara kecamatan", searchBase.Add(-time.Hour),
			[]string{"kota-batu", "kabupaten-pacitan", "kota-surabaya"}, []string{stageCount}, []string{"logistik", "pengawasan", "debat-publik"})
		for _, text := range []string{"rekapitulasi", "rekapitulasi suara", "kecamatan debat"} {
			res := mustSearch(t, db, store.SearchQuery{Text: text})
			if len(res) != 2 || res[0].Article.ID != newer.ID || res[1].Article.ID != older.ID {
				t.Fatalf("%q: the article in more sections ranks first", text)
			}
			if res[0].Rank != res[1].Rank {
				t.Errorf("%q: rank %v for the article without sections, %v with them", text, res[0].Rank, res[1].Rank)
			}
		}
	})
}
