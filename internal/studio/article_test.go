package studio_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// draft is what a contributor types into a new article.
func draft(title string) url.Values {
	return url.Values{
		"title":       {title},
		"dek":         {"KPU Jatim menetapkan jadwal rekapitulasi tingkat provinsi."},
		"body":        {"Rapat pleno dimulai pukul 09.00 WIB.\n\nSaksi dari semua partai hadir."},
		"regions":     {"jawa-timur", "kota-surabaya"},
		"stages":      {"pemilu-2024-rekapitulasi"},
		"tags":        {"rekapitulasi, pleno"},
		"dateline":    {"Surabaya"},
		"byline":      {"Andi"},
		"byline_code": {"/an"},
	}
}

func TestContributorBoundaries(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		e.user("andi@kpu.example", warta.RoleContributor, &e.kpu)
		other := e.user("bayu@bawaslu.example", warta.RoleContributor, &e.bws)
		kpu := e.login("andi@kpu.example")

		// Bawaslu's draft does not exist for KPU's contributor.
		theirs := &warta.Article{Title: "Pengawasan masa tenang", Body: "Isi.", AgencyID: e.bws.ID}
		if err := e.nr.Create(ctx, other, theirs); err != nil {
			t.Fatal(err)
		}
		if p := kpu.get("/studio/artikel/" + theirs.ID); p.status != http.StatusNotFound {
			t.Errorf("another agency's draft: %d, want 404", p.status)
		}
		if p := kpu.get("/studio/artikel/" + theirs.ID + "/riwayat"); p.status != http.StatusNotFound {
			t.Errorf("another agency's history: %d, want 404", p.status)
		}
		if p := kpu.get("/studio/artikel"); strings.Contains(p.body, "Pengawasan masa tenang") {
			t.Error("the article list shows another agency's draft")
		}

		// Their own draft, written with another agency chosen by hand,
		// still belongs to their agency.
		v := draft("Jadwal rekapitulasi provinsi")
		v.Set("agency", e.bws.ID)
		id := articleID(t, kpu.post("/studio/artikel", v))
		page := kpu.get("/studio/artikel/" + id)
		if page.status != 200 || !strings.Contains(page.text("#agency"), "KPU Provinsi Jawa Timur") {
			t.Errorf("own draft: %d, agency %q", page.status, page.text("#agency"))
		}
		// No publishing buttons for contributors, and the door is shut too.
		if page.count(`form[action$="/terbitkan"]`) != 0 || page.count(`form[action$="/jadwalkan"]`) != 0 {
			t.Error("contributor sees publish or schedule forms")
		}
		for _, action := range []string{"terbitkan", "jadwalkan", "setujui", "tarik"} {
			p := kpu.post("/studio/artikel/"+id+"/"+action, url.Values{"scheduled_at": {"2099-01-01T10:00"}})
			if p.status != http.StatusForbidden || !strings.Contains(p.text("main"), "Kontributor tidak dapat") {
				t.Errorf("contributor %s: %d %q", action, p.status, p.text("main"))
			}
		}
		if p := kpu.get("/studio/pengguna"); p.status != http.StatusForbidden {
			t.Errorf("contributor users page: %d", p.status)
		}
		if p := kpu.get("/studio/headline"); p.status != http.StatusForbidden {
			t.Errorf("contributor headline page: %d", p.status)
		}

		// Once submitted, the story is in the editors' hands: no form.
		if p := kpu.post("/studio/artikel/"+id, url.Values{"title": {"Judul baru"}, "body": {"x"}, "ajukan": {"1"}}); p.status != http.StatusSeeOther {
			t.Fatalf("save and submit: %d %q", p.status, p.text("main"))
		}
		page = kpu.get("/studio/artikel/" + id)
		if page.count("form#editor") != 0 || page.count(".preview .story") != 1 {
			t.Errorf("submitted article: editor form %d, preview %d", page.count("form#editor"), page.count(".preview .story"))
		}
		if p := kpu.post("/studio/artikel/"+id, url.Values{"title": {"Lagi"}, "body": {"y"}}); p.status != http.StatusForbidden {
			t.Errorf("edit after submission: %d, want 403", p.status)
		}
	})
}

func TestEditorFlow(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.user("andi@kpu.example", warta.RoleContributor, &e.kpu)
		e.user("rina@kominfo.example", warta.RoleEditor, nil)
		e.user("sari@kominfo.example", warta.RoleAdmin, nil)
		writer, editor := e.login("andi@kpu.example"), e.login("rina@kominfo.example")

		v := draft("Jadwal rekapitulasi provinsi")
		v.Set("ajukan", "1")
		p := writer.post("/studio/artikel", v)
		id := articleID(t, p)
		if !strings.Contains(writer.follow(p).text(".notice"), "diajukan") {
			t.Error("no notice after submitting")
		}

		// The editor finds it waiting for review.
		dash := editor.get("/studio/")
		if !containsLink(t, dash, "#d-tinjau", id) {
			t.Errorf("dashboard review queue lacks the article:\n%s", dash.text("main"))
		}

		// Returning needs a reason; the page says so beside the field.
		p = editor.post("/studio/artikel/"+id+"/kembalikan", url.Values{"comment": {"  "}})
		if p.status != http.StatusBadRequest || !strings.Contains(p.text("#act-comment-err"), "alasan") {
			t.Errorf("return without comment: %d %q", p.status, p.text("#act-comment-err"))
		}
		comment := "Sebutkan jumlah saksi yang hadir."
		if p := editor.post("/studio/artikel/"+id+"/kembalikan", url.Values{"comment": {comment}}); p.status != http.StatusSeeOther {
			t.Fatalf("return: %d %q", p.status, p.text("main"))
		}

		// The writer sees the comment on the dashboard's list and the page.
		if !containsLink(t, writer.get("/studio/"), "#d-kembali", id) {
			t.Error("writer's dashboard: not under returned to me")
		}
		page := writer.get("/studio/artikel/" + id)
		if !strings.Contains(page.text("#catatan-redaktur"), comment) || page.value("body") != v.Get("body") {
			t.Errorf("returned article: comment %q, body %q", page.text("#catatan-redaktur"), page.value("body"))
		}
		fixed := draft("Jadwal rekapitulasi provinsi")
		fixed.Set("body", "Rapat pleno dimulai pukul 09.00 WIB.\n\nSaksi dari 18 partai hadir.")
		fixed.Set("note", "menambah jumlah saksi")
		fixed.Set("ajukan", "1")
		if p := writer.post("/studio/artikel/"+id, fixed); p.status != http.StatusSeeOther {
			t.Fatalf("resubmit: %d %q", p.status, p.text("main"))
		}

		// Approve, then schedule: a past time is refused with the typed
		// value kept; a future one is taken.
		if p := editor.post("/studio/artikel/"+id+"/setujui", nil); p.status != http.StatusSeeOther {
			t.Fatalf("approve: %d %q", p.status, p.text("main"))
		}
		p = editor.post("/studio/artikel/"+id+"/jadwalkan", url.Values{"scheduled_at": {"2020-01-01T10:00"}})
		if p.status != http.StatusBadRequest || !strings.Contains(p.text("#act-scheduled_at-err"), "sudah lewat") ||
			p.value("act-scheduled_at") != "2020-01-01T10:00" {
			t.Errorf("schedule in the past: %d %q %q", p.status, p.text("#act-scheduled_at-err"), p.value("act-scheduled_at"))
		}
		at := time.Now().In(warta.Jakarta).Add(48 * time.Hour).Truncate(time.Minute)
		if p := editor.post("/studio/artikel/"+id+"/jadwalkan", url.Values{"scheduled_at": {at.Format("2006-01-02T15:04")}}); p.status != http.StatusSeeOther {
			t.Fatalf("schedule: %d %q", p.status, p.text("main"))
		}
		page = editor.get("/studio/artikel/" + id)
		if !strings.Contains(page.text(".status"), "terjadwal") || !strings.Contains(page.text(".page-head"), at.Format("15.04")+" WIB") {
			t.Errorf("scheduled article head: %q", page.text(".page-head"))
		}
		if !containsLink(t, editor.get("/studio/"), "#d-jadwal", id) {
			t.Error("dashboard: not under scheduled")
		}

		// The history holds the conversation and the changed words.
		h := editor.get("/studio/artikel/" + id + "/riwayat")
		if !strings.Contains(h.text(".timeline"), comment) || !strings.Contains(h.text(".timeline"), "mengembalikan") {
			t.Errorf("history: %q", h.text(".timeline"))
		}
		if !strings.Contains(h.text(".diff ins"), "18") || !strings.Contains(h.text(".diff del"), "semua") {
			t.Errorf("diff: ins %q del %q", h.text(".diff ins"), h.text(".diff del"))
		}

		// And the audit log shows every step, for admins only.
		if p := editor.get("/studio/audit"); p.status != http.StatusForbidden {
			t.Errorf("editor audit: %d", p.status)
		}
		audit := e.login("sari@kominfo.example").get("/studio/audit?objek=article&id=" + id)
		for _, a := range []string{"article.create", "article.submit", "article.return", "article.edit", "article.approve", "article.schedule"} {
			if !strings.Contains(audit.text("table.audit"), a) {
				t.Errorf("audit log lacks %s", a)
			}
		}
	})
}

// containsLink reports whether the section under the heading with the id
// links to the article.
func containsLink(t *testing.T, p *page, heading, id string) bool {
	t.Helper()
	for _, a := range queryAll(t, p.doc, `section a[href="/studio/artikel/`+id+`"]`) {
		for n := a.Parent; n != nil; n = n.Parent {
			if n.Data == "section" {
				if len(queryAll(t, n, heading)) > 0 {
					return true
				}
				break
			}
		}
	}
	return false
}

func TestPreviewAndFormErrors(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		e.user("rina@kominfo.example", warta.RoleEditor, nil)
		c := e.login("rina@kominfo.example")

		v := draft("Pratinjau berita")
		v.Set("agency", e.kpu.ID)
		v.Set("body", "**Penting**: lihat [jadwal](https://kpu.go.id/jadwal).\n\n<script>alert(1)</script>\n\n- satu\n- dua")
		v.Set("preview", "1")
		p := c.post("/studio/artikel", v)
		if p.status != 200 {
			t.Fatalf("preview: %d %q", p.status, p.text("main"))
		}
		body := query(t, p.doc, ".preview .body")
		if len(queryAll(t, body, "strong")) == 0 || len(queryAll(t, body, `a[href="https://kpu.go.id/jadwal"]`)) != 1 ||
			len(queryAll(t, body, "li")) != 2 || len(queryAll(t, body, "script")) != 0 {
			t.Errorf("preview body not rendered as the portal would:\n%s", p.body)
		}
		if !strings.HasPrefix(text(body), "Surabaya – Penting") || !strings.Contains(p.text(".preview .badge"), "KPU Provinsi Jawa Timur") {
			t.Errorf("preview: dateline %q badge %q", text(body), p.text(".preview .badge"))
		}
		// The form is still there with everything typed, and nothing was saved.
		if p.value("body") != v.Get("body") || p.value("title") != "Pratinjau berita" {
			t.Errorf("preview lost the input: %q", p.value("body"))
		}
		if counts, _ := e.nr.Counts(ctx, &warta.User{ID: "x", Role: warta.RoleEditor}); counts[warta.StatusDraft] != 0 {
			t.Errorf("preview saved an article: %v", counts)
		}
		// The script's live preview answers with the same fragment.
		frag := c.post("/studio/pratinjau", v)
		if frag.status != 200 || len(queryAll(t, frag.doc, ".body strong")) == 0 || strings.Contains(frag.body, "<html") && strings.Contains(frag.body, "<header") {
			t.Errorf("live preview: %d %q", frag.status, frag.body)
		}

		// A form with errors comes back with every field as typed.
		v = draft("")
		v.Set("agency", "")
		v.Set("headline", "1")
		v.Set("headline_order", "satu")
		p = c.post("/studio/artikel", v)
		if p.status != http.StatusBadRequest {
			t.Fatalf("invalid form: %d", p.status)
		}
		for id, want := range map[string]string{"title-err": "Judul wajib diisi", "agency-err": "sumber resmi", "headline_order-err": "angka"} {
			if !strings.Contains(strings.ToLower(p.text("#"+id)), strings.ToLower(want)) {
				t.Errorf("#%s = %q, want %q", id, p.text("#"+id), want)
			}
		}
		if p.count(`.error-summary a[href="#title"]`) != 1 || attr(query(t, p.doc, "#title"), "aria-invalid") != "true" {
			t.Error("error summary does not link to the title, or the title is not marked invalid")
		}
		if p.value("body") != v.Get("body") || p.value("tags") != "rekapitulasi, pleno" || p.value("dateline") != "Surabaya" ||
			p.value("headline_order") != "satu" || p.value("dek") != v.Get("dek") {
			t.Errorf("input lost: body %q tags %q dateline %q", p.value("body"), p.value("tags"), p.value("dateline"))
		}
		for _, id := range []string{"r-kota-surabaya", "s-pemilu-2024-rekapitulasi", "headline"} {
			if _, ok := attrOK(query(t, p.doc, "#"+id), "checked"); !ok {
				t.Errorf("#%s lost its check", id)
			}
		}
		if _, ok := attrOK(query(t, p.doc, "#r-kabupaten-malang"), "checked"); ok {
			t.Error("an unchecked region came back checked")
		}
	})
}

func TestHeadlineOrder(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		ed := e.user("rina@kominfo.example", warta.RoleEditor, nil)
		var ids []string
		for i, title := range []string{"Satu", "Dua", "Tiga"} {
			a := &warta.Article{Title: title, Body: "Isi.", AgencyID: e.kpu.ID, Headline: true, HeadlineOrder: i + 1}
			if err := e.nr.Create(ctx, ed, a); err != nil {
				t.Fatal(err)
			}
			if _, err := e.nr.Publish(ctx, ed, a.ID); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, a.ID)
		}
		c := e.login("rina@kominfo.example")
		order := func() string {
			var out []string
			for _, a := range queryAll(t, c.get("/studio/headline").doc, ".headline-order .hl-main a") {
				out = append(out, text(a))
			}
			return strings.Join(out, ",")
		}
		if got := order(); got != "Satu,Dua,Tiga" {
			t.Fatalf("order %q", got)
		}
		if p := c.post("/studio/headline", url.Values{"naik": {ids[2]}}); p.status != http.StatusSeeOther {
			t.Fatalf("move up: %d %q", p.status, p.text("main"))
		}
		if got := order(); got != "Satu,Tiga,Dua" {
			t.Errorf("after moving Tiga up: %q", got)
		}
		p := c.post("/studio/headline", url.Values{"urutan-" + ids[0]: {"3"}, "urutan-" + ids[1]: {"1"}, "urutan-" + ids[2]: {"x"}})
		if p.status != http.StatusBadRequest || p.value("urutan-"+ids[2]) != "x" {
			t.Errorf("bad number: %d %q", p.status, p.value("urutan-"+ids[2]))
		}
		c.post("/studio/headline", url.Values{"urutan-" + ids[0]: {"3"}, "urutan-" + ids[1]: {"1"}, "urutan-" + ids[2]: {"2"}})
		if got := order(); got != "Dua,Tiga,Satu" {
			t.Errorf("after typed numbers: %q", got)
		}
		c.post("/studio/headline", url.Values{"lepas": {ids[2]}})
		if got := order(); got != "Dua,Satu" {
			t.Errorf("after removing Tiga: %q", got)
		}
	})
}
