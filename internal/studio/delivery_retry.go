package studio

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// deliveryRetry sends a failed delivery, or a dry run's, again, and goes
// back to the page the button was on. A delivery that changed meanwhile
// (delivered, or already being sent) is left alone, with a notice saying so.
func (s *Studio) deliveryRetry(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	if err := r.ParseForm(); err != nil {
		return warta.Errorf(warta.EInvalid, "Isian formulir tidak terbaca. Muat ulang halaman lalu coba lagi.")
	}
	ctx := r.Context()
	if err := mayDisseminate(u); err != nil {
		return err
	}
	eng, err := s.engine()
	if err != nil {
		return err
	}
	back := backTo(r, "/studio/diseminasi")
	d, err := eng.Retry(ctx, r.PathValue("id"))
	var we *warta.Error
	if errors.As(err, &we) && we.Code == warta.EConflict {
		redirect(w, r, back, "ulang-batal")
		return nil
	} else if err != nil {
		return err
	}
	detail, _ := json.Marshal(map[string]any{"article_id": d.ArticleID, "channel": d.Channel.Name, "op": d.Op})
	if err := s.nr.RecordAudit(ctx, u.ID, "delivery.retry", "delivery", d.ID, string(detail), ""); err != nil {
		return err
	}
	redirect(w, r, back, "dikirim-ulang")
	return nil
}
