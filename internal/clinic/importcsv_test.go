package clinic

import (
	"strings"
	"testing"

	"github.com/kominfo-jatim/warta/internal/warta"
)

func TestImportArchive(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		if res := e.importCSV(archive); res.Added != 4 || res.Updated != 0 {
			t.Fatalf("first import %+v", res)
		}
		page, err := e.svc.Verdicts(e.ctx, VerdictFilter{})
		if err != nil || len(page.Verdicts) != 4 {
			t.Fatalf("verdicts %v, %v", page.Verdicts, err)
		}
		if v := page.Verdicts[0]; v.Label != "HOAKS" || v.Category != "penipuan" || v.PublishedAt.Unix() != 1768842000 {
			t.Fatalf("newest verdict %+v", v)
		}
		// Again, with one title corrected, a label left out (HOAKS) and a
		// new row in a different column order.
		res := e.importCSV("title,id,label\n" +
			"Bawaslu Melarang Pemilih Membawa Telepon Genggam ke Bilik Suara,arsip-3,FAKTA\n" +
			"Kotak Suara Kardus Mudah Dibobol dan Diganti Isinya,arsip-5,\n")
		if res.Added != 1 || res.Updated != 1 {
			t.Fatalf("second import %+v", res)
		}
		found, err := e.svc.Search(e.ctx, "kotak suara kardus dibobol", 3)
		if err != nil || len(found) == 0 || found[0].Verdict.Title != "Kotak Suara Kardus Mudah Dibobol dan Diganti Isinya" ||
			found[0].Verdict.Label != "HOAKS" || found[0].Score <= 0 {
			t.Fatalf("search %+v, %v", found, err)
		}
		found, _ = e.svc.Search(e.ctx, "bawaslu melarang telepon genggam", 1)
		if len(found) != 1 || !strings.HasPrefix(found[0].Verdict.Title, "Bawaslu Melarang") {
			t.Fatalf("updated title not in the matcher: %+v", found)
		}
		if n := e.count("SELECT COUNT(*) FROM clinic_verdicts"); n != 5 {
			t.Fatalf("%d verdicts, want 5", n)
		}
	})
}

func TestBadImportChangesNothing(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.importCSV(archive)
		for _, c := range []struct{ name, file, want string }{
			{"missing title", "id,title\nbaru-1,Judul yang baik\nbaru-2,\n", "Baris 3: kolom title kosong"},
			{"bad date", "id,title,published\nbaru-1,Judul,14/02/2024\n", "Baris 2: tanggal terbit \"14/02/2024\""},
			{"bad label", "id,title,label\nbaru-1,Judul,BOHONG\n", "Baris 2: label \"BOHONG\" tidak dikenal"},
			{"bad link", "id,title,url\nbaru-1,Judul,cekfakta.example\n", "Baris 2: url"},
			{"duplicate id", "id,title\nbaru-1,Judul satu\nbaru-1,Judul dua\n", "Baris 3: id \"baru-1\" sudah dipakai di baris 2"},
			{"no id column", "nomor,judul\n1,Judul\n", "Kolom \"id\" tidak ada"},
			{"broken quotes", "id,title\nbaru-1,\"Judul tanpa akhir\nbaru-2,x\n", "tanda kutip"},
			{"empty", "", "Berkas CSV kosong"},
		} {
			_, err := e.svc.Import(e.ctx, strings.NewReader(c.file))
			wantErr(t, c.name, err, warta.EInvalid, c.want)
		}
		if n := e.count("SELECT COUNT(*) FROM clinic_verdicts"); n != 4 {
			t.Fatalf("%d verdicts after bad imports, want 4", n)
		}
		if found, _ := e.svc.Search(e.ctx, "Judul yang baik", 5); len(found) != 0 && found[0].Verdict.Title == "Judul yang baik" {
			t.Fatal("a row of a refused file reached the matcher")
		}
	})
}

func TestVerdictArchivePages(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.importCSV(archive)
		var titles []string
		f := VerdictFilter{Limit: 3}
		for {
			page, err := e.svc.Verdicts(e.ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range page.Verdicts {
				titles = append(titles, v.ID)
			}
			if page.Next == "" {
				break
			}
			f.After = page.Next
		}
		if len(titles) != 4 {
			t.Fatalf("paged through %d verdicts, want 4", len(titles))
		}
		page, _ := e.svc.Verdicts(e.ctx, VerdictFilter{Label: "hoaks"})
		if len(page.Verdicts) != 2 {
			t.Fatalf("%d HOAKS verdicts, want 2", len(page.Verdicts))
		}
		_, err := e.svc.Verdicts(e.ctx, VerdictFilter{After: "x'; --"})
		wantErr(t, "bad cursor", err, warta.EInvalid, "Penanda halaman")
	})
}
