package contest_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// TestPDFMetadataStripped sends a PDF whose information dictionary and XMP
// packet name its author: the stored file must not, for blind judging, and
// must still be a valid PDF.
func TestPDFMetadataStripped(t *testing.T) {
	const name = "Ayu Lestari"
	xmp := `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">` +
		`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>` + name +
		`</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`
	doc := pdfDoc("poster Ayu", "/Author ("+name+") /Creator (Laptop "+name+") /Title (Poster)", xmp)
	each(t, func(t *testing.T, e *env) {
		c := e.newContest(nil)
		ayu := e.joined(c, "Ayu")
		e.at(subOpen)
		if !bytes.Contains(doc, []byte(name)) {
			t.Fatal("the test PDF does not carry the name")
		}
		got, err := e.svc.Submit(e.ctx, ayu, c.ID, contest.EntryInput{Category: "poster", Title: "Suaramu", File: bytes.NewReader(doc)})
		must(t, "submit a PDF with metadata", err)
		stored, err := os.ReadFile(e.svc.FilePath(got.File, 0))
		must(t, "read the stored PDF", err)
		if bytes.Contains(stored, []byte(name)) || bytes.Contains(stored, []byte("Ayu")) {
			t.Errorf("the stored PDF still names its author:\n%s", stored)
		}
		if !bytes.HasPrefix(stored, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimSpace(stored), []byte("%%EOF")) {
			t.Errorf("the stored file is no PDF: %q…", stored[:min(len(stored), 16)])
		}
		conf := model.NewDefaultConfiguration()
		ctx, err := api.ReadAndValidate(bytes.NewReader(stored), conf)
		must(t, "validate the stored PDF", err)
		if n := ctx.PageCount; n != 1 {
			t.Errorf("the stored PDF has %d pages, want 1", n)
		}
		for k, v := range ctx.Properties {
			if strings.Contains(v, "Ayu") {
				t.Errorf("property %s = %q", k, v)
			}
		}
		if _, ok := ctx.RootDict["Metadata"]; ok {
			t.Error("the catalog keeps its XMP /Metadata")
		}
		// Compressed object streams would hide the name from the byte
		// search: look into every object and stream too.
		for nr, entry := range ctx.Table {
			if entry == nil || entry.Free || entry.Object == nil {
				continue
			}
			if strings.Contains(entry.Object.String(), "Ayu") {
				t.Errorf("object %d names the author: %s", nr, entry.Object)
			}
			if sd, ok := entry.Object.(types.StreamDict); ok {
				if err := sd.Decode(); err == nil && bytes.Contains(sd.Content, []byte("Ayu")) {
					t.Errorf("stream %d names the author", nr)
				}
			}
		}

		// An encrypted PDF cannot be stripped and is refused, whether it
		// needs a password to open or only to change.
		bima := e.joined(c, "Bima")
		for _, userPW := range []string{"rahasia", ""} {
			var enc bytes.Buffer
			must(t, "encrypt a PDF", api.Encrypt(bytes.NewReader(pdfDoc("poster terkunci "+userPW, "/Author (Bima)", "")), &enc,
				model.NewAESConfiguration(userPW, "pemilik", 256)))
			_, err = e.svc.Submit(e.ctx, bima, c.ID, contest.EntryInput{Category: "poster", Title: "Terkunci", File: &enc})
			wantErr(t, "encrypted PDF, user password "+userPW, err, warta.EInvalid, "PDF ini terkunci atau terenkripsi")
		}
		// And so is one that only looks like a PDF.
		_, err = e.svc.Submit(e.ctx, bima, c.ID, contest.EntryInput{Category: "poster", Title: "Rusak",
			File: strings.NewReader("%PDF-1.4\nbukan isi PDF\n%%EOF\n")})
		wantErr(t, "broken PDF", err, warta.EInvalid, "PDF ini rusak atau tidak dapat dibaca")
	})
}
