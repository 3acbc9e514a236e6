package studio

import (
	"encoding/json"
	"net/http"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// channelSave saves a channel's name, settings, flags and credentials: a
// credential left blank keeps its stored value, one ticked for removal is
// removed, new ones are added.
func (s *Studio) channelSave(w http.ResponseWriter, r *http.Request, admin *warta.User) error {
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
	f := newForm(r.PostForm)
	ch := &dissemination.Channel{ID: in.ID, Kind: in.Kind}
	detail := channelFromForm(f, ch, storedSecrets(in))
	f.Require("name", "Nama kanal wajib diisi.")
	if f.Invalid() {
		return s.renderChannel(w, r, in.ID, f, nil, http.StatusBadRequest)
	}
	if err := eng.UpdateChannel(ctx, ch); err != nil {
		if !fromError(f, err, channelFields, nil) {
			return err
		}
		return s.renderChannel(w, r, in.ID, f, nil, statusOf(err))
	}
	detail["from_name"] = in.Name
	b, _ := json.Marshal(detail)
	if err := s.nr.RecordAudit(ctx, admin.ID, "channel.update", "channel", in.ID, string(b), ""); err != nil {
		return err
	}
	redirect(w, r, "/studio/kanal", "kanal-disimpan")
	return nil
}
