package clinic

import (
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/clinic/match"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// articleIn reports whether the matcher finds the article for q.
func (e *env) articleIn(q, id string) bool {
	e.t.Helper()
	if err := e.svc.refreshArticles(e.ctx); err != nil {
		e.t.Fatal(err)
	}
	for _, m := range e.svc.index.Match(match.Query{Text: q}, 10) {
		if m.ID == articlePrefix+id {
			return true
		}
	}
	return false
}

func TestMatcherFollowsPublishedArticles(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		agencies, _ := e.db.Agencies(e.ctx)
		art := &warta.Article{Title: "KPU Jatim Tetapkan Jadwal Rekapitulasi Suara Tingkat Provinsi",
			Dek: "Rekapitulasi dimulai di Surabaya dan terbuka untuk saksi.", Body: "Isi.", AgencyID: agencies[0].ID}
		if err := e.nr.Create(e.ctx, e.editor, art); err != nil {
			t.Fatal(err)
		}
		q := "jadwal rekapitulasi suara tingkat provinsi KPU Jatim"
		if e.articleIn(q, art.ID) {
			t.Fatal("a draft is in the matcher")
		}
		if _, err := e.nr.Publish(e.ctx, e.editor, art.ID); err != nil {
			t.Fatal(err)
		}
		if !e.articleIn(q, art.ID) {
			t.Fatal("published article not in the matcher")
		}
		if _, err := e.nr.Unpublish(e.ctx, e.editor, art.ID); err != nil {
			t.Fatal(err)
		}
		if e.articleIn(q, art.ID) {
			t.Fatal("unpublished article still in the matcher")
		}
		// A verdict's own article is in as the verdict, not twice.
		r := e.submit(Submission{Text: dptHoax})
		v, err := e.svc.PublishVerdict(e.ctx, e.checker, e.claimOf(r.Ticket).ID, dptVerdict())
		if err != nil {
			t.Fatal(err)
		}
		if e.articleIn(dptVerdict().Title, v.ArticleID) {
			t.Fatal("the Cek Fakta article is in the matcher as an article")
		}
		// A new service loads the same from the database.
		svc, err := New(Config{DB: e.db, Now: e.clock.now, Logger: quietLog()})
		if err != nil {
			t.Fatal(err)
		}
		found, err := svc.Search(e.ctx, dptVerdict().Title, 3)
		if err != nil || len(found) == 0 || found[0].Verdict.ID != v.ID {
			t.Fatalf("search after restart: %+v, %v", found, err)
		}
		for _, m := range svc.index.Match(match.Query{Text: dptVerdict().Title}, 10) {
			if m.ID == articlePrefix+v.ArticleID {
				t.Fatal("after restart the Cek Fakta article is in as an article")
			}
		}
	})
}

func TestRefreshFollowsAnotherNode(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		other, err := New(Config{DB: e.db, Now: e.clock.now, Logger: quietLog()})
		if err != nil {
			t.Fatal(err)
		}
		// This node opens a claim and imports an archive; the other sees
		// neither until it refreshes.
		first := e.submit(Submission{Text: dptHoax})
		e.importCSV(archive)
		if err := other.Refresh(e.ctx); err != nil {
			t.Fatal(err)
		}
		r, err := other.Submit(e.ctx, Submission{Channel: ChannelWeb, Text: "SEBARKAN " + dptHoax})
		if err != nil {
			t.Fatal(err)
		}
		if c := e.claimOf(r.Ticket); c.ID != e.claimOf(first.Ticket).ID {
			t.Fatal("the other node did not cluster into the claim opened here")
		}
		r, err = other.Submit(e.ctx, Submission{Channel: ChannelWeb, Text: "Video KPU Jatim menghapus suara paslon nomor urut 2 di Sirekap"})
		if err != nil || r.Decision != DecisionAuto {
			t.Fatalf("the other node does not know the imported verdicts: %+v, %v", r, err)
		}
		// A claim answered here leaves the other node's clustering index.
		if _, err := e.svc.PublishVerdict(e.ctx, e.checker, e.claimOf(first.Ticket).ID, dptVerdict()); err != nil {
			t.Fatal(err)
		}
		if err := other.Refresh(e.ctx); err != nil {
			t.Fatal(err)
		}
		if len(other.claims.Match(match.Query{Text: dptHoax}, 3)) != 0 {
			t.Fatal("an answered claim is still open in the other node's clustering index")
		}
		r, err = other.Submit(e.ctx, Submission{Channel: ChannelWeb, Text: dptHoax})
		if err != nil || r.Decision != DecisionAuto {
			t.Fatalf("the other node does not know the published verdict: %+v, %v", r, err)
		}
	})
}

// TestRefreshSoonCatchesUpInTheBackground: the change listener asks for a
// refresh and returns at once; the other node knows the import shortly after.
func TestRefreshSoonCatchesUpInTheBackground(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		other, err := New(Config{DB: e.db, Now: e.clock.now, Logger: quietLog()})
		if err != nil {
			t.Fatal(err)
		}
		e.importCSV(archive)
		const q = "Video KPU Jatim menghapus suara paslon nomor urut 2 di Sirekap"
		if got, _ := other.Search(e.ctx, q, 1); len(got) != 0 {
			t.Fatal("the other node knew the import before any refresh")
		}
		for i := 0; i < 5; i++ {
			other.RefreshSoon() // a burst of announcements
		}
		deadline := time.Now().Add(10 * time.Second)
		for {
			got, err := other.Search(e.ctx, q, 1)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the other node never learnt of the import")
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}
