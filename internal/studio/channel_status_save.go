package studio

import (
	"encoding/json"
	"net/http"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// channelStatusSave switches a channel on or off (aktif=1/0), or makes it a
// default or not (bawaan=1/0), from the buttons in the list.
func (s *Studio) channelStatusSave(w http.ResponseWriter, r *http.Request, admin *warta.User) error {
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
	// Secrets stay nil: the stored ones are kept as they are.
	ch := &dissemination.Channel{ID: in.ID, Kind: in.Kind, Name: in.Name, Settings: in.Settings, Enabled: in.Enabled, Default: in.Default}
	var action, notice string
	switch {
	case r.PostForm.Has("aktif"):
		ch.Enabled = r.PostForm.Get("aktif") == "1"
		action, notice = "channel.disable", "kanal-dimatikan"
		if ch.Enabled {
			action, notice = "channel.enable", "kanal-diaktifkan"
		}
	case r.PostForm.Has("bawaan"):
		ch.Default = r.PostForm.Get("bawaan") == "1"
		action, notice = "channel.default_off", "kanal-bukan-bawaan"
		if ch.Default {
			action, notice = "channel.default_on", "kanal-bawaan"
		}
	default:
		return warta.Errorf(warta.EInvalid, "Tidak ada yang diubah. Pilih tombol aktifkan, nonaktifkan atau bawaan di daftar kanal.")
	}
	if err := eng.UpdateChannel(ctx, ch); err != nil {
		return err
	}
	detail, _ := json.Marshal(map[string]any{"name": in.Name, "kind": in.Kind})
	if err := s.nr.RecordAudit(ctx, admin.ID, action, "channel", in.ID, string(detail), ""); err != nil {
		return err
	}
	redirect(w, r, "/studio/kanal", notice)
	return nil
}
