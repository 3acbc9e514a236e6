package studio

import (
	"encoding/json"
	"net/http"
	"slices"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// channelAgencySave records an agency's default channels: its articles go
// to exactly the ticked ones unless an editor chooses otherwise for an
// article.
func (s *Studio) channelAgencySave(w http.ResponseWriter, r *http.Request, admin *warta.User) error {
	if err := r.ParseForm(); err != nil {
		return warta.Errorf(warta.EInvalid, "Isian formulir tidak terbaca. Muat ulang halaman lalu coba lagi.")
	}
	ctx := r.Context()
	eng, err := s.engine()
	if err != nil {
		return err
	}
	agency := s.agencyByID(r, r.PathValue("id"))
	if agency.ID == "" {
		return warta.Errorf(warta.ENotFound, "Instansi tidak ditemukan.")
	}
	f := newForm(r.PostForm)
	chosen := slices.Compact(slices.Sorted(slices.Values(f.Values["kanal"])))
	if err := eng.SetAgencyChannels(ctx, agency.ID, chosen); err != nil {
		if !fromError(f, err, []string{"channels"}, nil) {
			return err
		}
		return s.renderChannels(w, r, channelPage{agencyID: agency.ID, agency: f}, statusOf(err))
	}
	detail, _ := json.Marshal(map[string]any{"agency": agency.Name, "channels": s.channelNames(r, chosen)})
	if err := s.nr.RecordAudit(ctx, admin.ID, "agency.channels", "agency", agency.ID, string(detail), ""); err != nil {
		return err
	}
	redirect(w, r, "/studio/kanal?instansi="+agency.ID, "bawaan-instansi")
	return nil
}
