package studio

import (
	"encoding/json"
	"net/http"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// channelCreate adds a channel. Credentials are sealed by the engine; a
// channel without its required ones is stored all the same and runs dry,
// so an admin can see what it would post before giving it a token.
func (s *Studio) channelCreate(w http.ResponseWriter, r *http.Request, admin *warta.User) error {
	if err := r.ParseForm(); err != nil {
		return warta.Errorf(warta.EInvalid, "Isian formulir tidak terbaca. Muat ulang halaman lalu coba lagi.")
	}
	ctx := r.Context()
	eng, err := s.engine()
	if err != nil {
		return err
	}
	f := newForm(r.PostForm)
	ch := &dissemination.Channel{Kind: f.Get("kind")}
	detail := channelFromForm(f, ch, nil)
	f.Require("kind", "Pilih jenis kanal.", "name", "Nama kanal wajib diisi, mis. \"Telegram Warta Jatim\".")
	if f.Invalid() {
		return s.renderChannels(w, r, channelPage{add: f}, http.StatusBadRequest)
	}
	if err := eng.AddChannel(ctx, ch); err != nil {
		if !fromError(f, err, channelFields, nil) {
			return err
		}
		return s.renderChannels(w, r, channelPage{add: f}, statusOf(err))
	}
	b, _ := json.Marshal(detail)
	if err := s.nr.RecordAudit(ctx, admin.ID, "channel.create", "channel", ch.ID, string(b), ""); err != nil {
		return err
	}
	redirect(w, r, "/studio/kanal", "kanal-ditambah")
	return nil
}
