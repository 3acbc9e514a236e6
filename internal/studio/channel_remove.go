package studio

import (
	"encoding/json"
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// channelRemove removes a channel once the admin ticks the confirmation:
// nothing more goes to it and its credentials are wiped; its deliveries
// stay in the history.
func (s *Studio) channelRemove(w http.ResponseWriter, r *http.Request, admin *warta.User) error {
	if err := r.ParseForm(); err != nil {
		return warta.Errorf(warta.EInvalid, "Isian formulir tidak terbaca. Muat ulang halaman lalu coba lagi.")
	}
	ctx := r.Context()
	eng, err := s.engine()
	if err != nil {
		return err
	}
	in, err := eng.Channel(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	if r.PostForm.Get("yakin") == "" {
		rm := newForm(r.PostForm)
		rm.Prefix = "hapus-"
		rm.Set("yakin", "Centang kotak ini untuk memastikan kanal "+in.Name+" memang dihapus.")
		return s.renderChannel(w, r, in.ID, nil, rm, http.StatusBadRequest)
	}
	if err := eng.RemoveChannel(ctx, in.ID); err != nil {
		return err
	}
	detail, _ := json.Marshal(map[string]any{"name": in.Name, "kind": in.Kind})
	if err := s.nr.RecordAudit(ctx, admin.ID, "channel.remove", "channel", in.ID, string(detail), ""); err != nil {
		return err
	}
	redirect(w, r, "/studio/kanal", "kanal-dihapus")
	return nil
}
