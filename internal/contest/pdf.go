package contest

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// pdfcpuOnce keeps pdfcpu from creating or reading a configuration
// directory in the server's home: its built-in defaults are all we need.
var pdfcpuOnce sync.Once

// stripPDF rewrites a PDF without what may name its author in blind
// judging: the document information dictionary (Author, Creator,
// Producer, Title, …, replaced by pdfcpu's own neutral one), every XMP
// /Metadata stream (the catalog's and those of pages, images and fonts)
// and applications' private /PieceInfo data. The rewrite keeps only the
// objects still referenced, so the dropped ones do not linger in the
// file. Encrypted PDFs are refused: their metadata cannot be rewritten
// without the password.
func stripPDF(data []byte) (out []byte, err error) {
	pdfcpuOnce.Do(api.DisableConfigDir)
	defer func() {
		// pdfcpu catches its own faults; an upload is hostile input, so a
		// panic it misses must not take the request down either.
		if r := recover(); r != nil {
			out, err = nil, unreadablePDF()
		}
	}()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	ctx, err := api.ReadValidateAndOptimize(bytes.NewReader(data), conf)
	if err != nil {
		if bytes.Contains(data, []byte("/Encrypt")) {
			return nil, encryptedPDF()
		}
		return nil, unreadablePDF()
	}
	if ctx.Encrypt != nil || ctx.E != nil {
		return nil, encryptedPDF()
	}
	ctx.Info = nil
	ctx.Properties = map[string]string{}
	ctx.CatalogXMPMeta = nil
	for _, entry := range ctx.Table {
		if entry == nil || entry.Free {
			continue
		}
		var d types.Dict
		switch o := entry.Object.(type) {
		case types.Dict:
			d = o
		case types.StreamDict:
			d = o.Dict
		default:
			continue
		}
		delete(d, "Metadata")
		delete(d, "PieceInfo")
	}
	var buf bytes.Buffer
	if err := api.WriteContext(ctx, &buf); err != nil {
		return nil, fmt.Errorf("contest: rewrite PDF: %w", err)
	}
	return buf.Bytes(), nil
}

func encryptedPDF() error {
	return invalid("file", "PDF ini terkunci atau terenkripsi, sehingga data pembuatnya tidak dapat dihapus untuk penjurian tanpa nama. Simpan ulang PDF tanpa kata sandi atau enkripsi, lalu kirim lagi.")
}

func unreadablePDF() error {
	return invalid("file", "PDF ini rusak atau tidak dapat dibaca. Simpan ulang atau ekspor ulang PDF, lalu kirim lagi.")
}
