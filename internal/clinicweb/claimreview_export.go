package clinicweb

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/kominfo-jatim/warta/internal/clinic"
)

// exportPage is how many verdicts the export reads at a time.
const exportPage = 100

// claimReviewExport is GET /cek-fakta/claimreview.json: every published
// verdict's ClaimReview, newest first, as one JSON array, for fact-check
// aggregators. It streams page by page, so an archive of any size costs
// one page of memory. Once the first byte is out the status cannot change:
// a failure later ends the array early without its closing bracket, which
// no JSON reader mistakes for a whole export.
func (web *Web) claimReviewExport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	page, err := web.cl.Verdicts(ctx, clinic.VerdictFilter{Limit: exportPage})
	if err != nil {
		return err // nothing written yet: the error page
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Disposition", `inline; filename="claimreview.json"`)
	h.Set("X-Content-Type-Options", "nosniff")
	bw := bufio.NewWriterSize(w, 32<<10)
	bw.WriteString("[")
	n := 0
	for {
		for _, v := range page.Verdicts {
			b, err := json.Marshal(clinic.ClaimReview(v, web.cfg.Site))
			if err != nil {
				return web.abortStream(ctx, fmt.Errorf("clinicweb: claim review %s: %w", v.ID, err))
			}
			if n > 0 {
				bw.WriteString(",")
			}
			bw.WriteString("\n")
			bw.Write(b)
			n++
		}
		if page.Next == "" {
			break
		}
		if page, err = web.cl.Verdicts(ctx, clinic.VerdictFilter{After: page.Next, Limit: exportPage}); err != nil {
			bw.Flush()
			return web.abortStream(ctx, fmt.Errorf("clinicweb: claim review export: %w", err))
		}
	}
	bw.WriteString("\n]\n")
	bw.Flush()
	return nil
}

// abortStream logs a failure in the middle of a streamed response, whose
// status has been sent; there is nothing left to tell the reader.
func (web *Web) abortStream(ctx context.Context, err error) error {
	if !errors.Is(ctx.Err(), context.Canceled) {
		web.log.Error("clinicweb: stream stopped", "err", err)
	}
	return nil
}
