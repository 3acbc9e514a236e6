package clinic

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kominfo-jatim/warta/internal/clinic/match"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// tpsArticle is an official announcement a citizen may ask about.
const (
	tpsTitle    = "KPU Jatim: TPS Dibuka Pukul 07.00 WIB pada Hari Pemungutan Suara"
	tpsDek      = "Pemilih diminta datang membawa undangan dan KTP-el; TPS ditutup pukul 13.00 WIB."
	tpsQuestion = "benarkah TPS dibuka pukul 7 pagi pada hari pemungutan suara? katanya jam 9"
)

// publishArticle creates and publishes an article through the newsroom
// and brings the matcher up to date, returning the article as published.
func (e *env) publishArticle(title, dek string) *warta.Article {
	e.t.Helper()
	agencies, err := e.db.Agencies(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	art := &warta.Article{Title: title, Dek: dek, Body: "Isi pengumuman.", AgencyID: agencies[0].ID}
	if err := e.nr.Create(e.ctx, e.editor, art); err != nil {
		e.t.Fatal(err)
	}
	sa, err := e.nr.Publish(e.ctx, e.editor, art.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.svc.refreshArticles(e.ctx); err != nil {
		e.t.Fatal(err)
	}
	return sa.Article
}

func relatedIDs(rs []RelatedArticle) []string {
	var ids []string
	for _, r := range rs {
		ids = append(ids, r.ID)
	}
	return ids
}

func TestReportIsOfferedTheMatchingOfficialArticle(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		art := e.publishArticle(tpsTitle, tpsDek)
		url := "https://warta.example" + art.Path()
		r := e.submit(waReport("081234567890", tpsQuestion))
		if r.Verdict != nil || r.Decision != DecisionNew {
			t.Fatalf("decision %s, verdict %v; an article is no verdict", r.Decision, r.Verdict)
		}
		if len(r.Related) != 1 {
			t.Fatalf("related %+v, want the KPU article", r.Related)
		}
		got := r.Related[0]
		if got.ID != art.ID || got.Title != tpsTitle || got.URL != url || !got.PublishedAt.Equal(start) ||
			got.Score < e.svc.Options().SuggestThreshold {
			t.Fatalf("related article %+v, want %s at %s published %s", got, tpsTitle, url, start)
		}
		if !strings.HasPrefix(r.Reply, "Terima kasih, laporan Anda sudah kami terima dengan nomor tiket "+r.Ticket) {
			t.Errorf("reply lost its acknowledgement: %q", r.Reply)
		}
		if want := "\n\nSambil menunggu, baca informasi resmi terkait:\n• " + tpsTitle + " — " + url; !strings.HasSuffix(r.Reply, want) {
			t.Errorf("reply %q does not end with %q", r.Reply, want)
		}

		// The same message delivered again answers as the first time.
		again := e.submit(waReport("081234567890", tpsQuestion))
		if !again.Repeat || again.Reply != r.Reply || len(again.Related) != 1 || again.Related[0].URL != url {
			t.Errorf("repeat %+v, want the first reply", again)
		}

		// A report about something else is offered nothing.
		other := e.submit(Submission{Text: "Ada pesan berantai tentang pembagian beras di balai desa"})
		if len(other.Related) != 0 || strings.Contains(other.Reply, "informasi resmi") {
			t.Errorf("unrelated report offered %+v, reply %q", other.Related, other.Reply)
		}

		// Unpublished, it is offered no more, even before the matcher
		// catches up.
		if _, err := e.nr.Unpublish(e.ctx, e.editor, art.ID); err != nil {
			t.Fatal(err)
		}
		later := e.submit(waReport("081298765432", tpsQuestion))
		if len(later.Related) != 0 || strings.Contains(later.Reply, url) {
			t.Errorf("unpublished article still offered: %+v, reply %q", later.Related, later.Reply)
		}
		if again := e.submit(waReport("081234567890", tpsQuestion)); len(again.Related) != 0 || strings.Contains(again.Reply, url) {
			t.Errorf("a resend still offers the unpublished article: %q", again.Reply)
		}
	})
}

func TestVerdictAnswerIsNotDilutedByArticles(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.importCSV(archive)
		text := "SEBARKAN!!! Video KPU Jatim menghapus suara paslon nomor urut 2 di Sirekap"
		art := e.publishArticle("KPU Jatim Tegaskan Tidak Ada Penghapusan Suara Paslon Nomor Urut 2 di Sirekap",
			"Data Sirekap dapat dicocokkan dengan salinan formulir C1 di setiap TPS.")
		rel, err := e.svc.RelatedArticles(e.ctx, []string{text}, 3)
		if err != nil || len(rel) != 1 || rel[0].ID != art.ID {
			t.Fatalf("the article should match the hoax's text: %+v, %v", rel, err)
		}
		r := e.submit(waReport("081234567890", text))
		if r.Decision != DecisionAuto || r.Verdict == nil {
			t.Fatalf("decision %s, want auto", r.Decision)
		}
		if len(r.Related) != 0 || r.Reply != e.svc.answerText(r.Ticket, r.Verdict) {
			t.Errorf("verdict answer changed: related %+v, reply %q", r.Related, r.Reply)
		}
	})
}

func TestCekFaktaArticleIsNeverRelated(t *testing.T) {
	// Verdicts are only suggested here, so that the receipt may carry
	// related articles whatever the verdict's score.
	eachWith(t, func(c *Config) { c.AutoThreshold = 1 }, func(t *testing.T, e *env) {
		first := e.submit(Submission{Text: dptHoax})
		v, err := e.svc.PublishVerdict(e.ctx, e.checker, e.claimOf(first.Ticket).ID, dptVerdict())
		if err != nil {
			t.Fatal(err)
		}
		// A node that indexed the article before it became a verdict's
		// still holds it as an article.
		e.svc.index.Add(match.Doc{ID: articlePrefix + v.ArticleID, Title: dptVerdict().Title, Text: dptVerdict().ClaimReviewed})
		paraphrase := "katanya yang belum dapat undangan C6 sudah dicoret dari DPT jadi tidak bisa mencoblos, benarkah?"
		stale := false
		for _, m := range e.svc.articleMatches(e.svc.index.Match(match.Query{Text: paraphrase}, 20)) {
			stale = stale || m.ID == v.ArticleID
		}
		if !stale {
			t.Fatal("the stale article does not match the report; the test would prove nothing")
		}
		r := e.submit(Submission{Text: paraphrase})
		if r.Verdict != nil || len(r.Related) != 0 || strings.Contains(r.Reply, "informasi resmi") {
			t.Errorf("Cek Fakta article offered as related: verdict %v, related %+v, reply %q", r.Verdict, r.Related, r.Reply)
		}
		rel, err := e.svc.RelatedArticles(e.ctx, []string{dptVerdict().Title, paraphrase}, 3)
		if err != nil || len(rel) != 0 {
			t.Errorf("RelatedArticles offers %v, %v", relatedIDs(rel), err)
		}
	})
}

func TestRelatedArticlesAreBestFirstAndBounded(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tps := e.publishArticle(tpsTitle, tpsDek)
		hours := e.publishArticle("Jam Buka TPS pada Hari Pemungutan Suara Pilkada Jawa Timur",
			"KPU mengingatkan pemilih soal jam buka dan tutup TPS.")
		e.publishArticle("Pemprov Jatim Salurkan Bantuan Beras ke Desa Terdampak Banjir", "Penyaluran berlangsung sepekan.")
		rel, err := e.svc.RelatedArticles(e.ctx, []string{"", tpsQuestion, "TPS dibuka pukul 07.00 WIB pada hari pemungutan suara"}, 3)
		if err != nil {
			t.Fatal(err)
		}
		ids := relatedIDs(rel)
		if len(rel) == 0 || rel[0].ID != tps.ID || len(ids) > 2 || (len(ids) == 2 && ids[1] != hours.ID) {
			t.Fatalf("related %+v; want the TPS article first, the rice article never", rel)
		}
		for i := 1; i < len(rel); i++ {
			if rel[i].Score > rel[i-1].Score {
				t.Errorf("not best first: %+v", rel)
			}
		}
		r := e.submit(Submission{Text: tpsQuestion})
		if len(r.Related) > maxRelatedReceipt {
			t.Errorf("receipt offers %d articles, at most %d", len(r.Related), maxRelatedReceipt)
		}
	})
}

func TestRelatedTextIsShortForChats(t *testing.T) {
	long := strings.Repeat("Pengumuman resmi jadwal pemungutan suara ", 5)
	text := relatedText([]RelatedArticle{{Title: long, URL: "https://warta.example/berita/2026/03/02/jadwal"}})
	lines := strings.Split(text, "\n")
	if len(lines) != 2 || lines[0] != "Sambil menunggu, baca informasi resmi terkait:" {
		t.Fatalf("block %q", text)
	}
	title, url, ok := strings.Cut(strings.TrimPrefix(lines[1], "• "), " — ")
	if !ok || url != "https://warta.example/berita/2026/03/02/jadwal" || !strings.HasSuffix(title, "…") ||
		utf8.RuneCountInString(title) > maxRelatedTitleRunes || !strings.HasPrefix(long, strings.TrimSuffix(title, "…")) {
		t.Errorf("line %q: want the title cut at a word to %d characters, then the link", lines[1], maxRelatedTitleRunes)
	}
}

// A citizen who pastes the official article's own link is pointed at it.
func TestPastedArticleLinkIsOffered(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		art := e.publishArticle(tpsTitle, tpsDek)
		url := "https://warta.example" + art.Path()
		r := e.submit(Submission{URL: url + "?utm_source=whatsapp"})
		if len(r.Related) != 1 || r.Related[0].ID != art.ID || r.Related[0].URL != url {
			t.Fatalf("pasted link: related %+v, want %s", r.Related, url)
		}
	})
}
