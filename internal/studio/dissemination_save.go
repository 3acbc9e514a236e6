package studio

import (
	"encoding/json"
	"net/http"
	"slices"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// disseminationSave records which channels the article goes to: exactly
// the ticked ones, whatever the agency's and channels' defaults say. The
// choice is an editorial decision, so it goes to the audit log.
func (s *Studio) disseminationSave(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	if err := r.ParseForm(); err != nil {
		return warta.Errorf(warta.EInvalid, "Isian formulir tidak terbaca. Muat ulang halaman lalu coba lagi.")
	}
	ctx := r.Context()
	id := r.PathValue("id")
	eng, err := s.engine()
	if err != nil {
		return err
	}
	if _, err := s.nr.Get(ctx, u, id); err != nil {
		return err
	}
	if err := mayDisseminate(u); err != nil {
		return err
	}
	f := newForm(r.PostForm)
	chosen := slices.Compact(slices.Sorted(slices.Values(f.Values["kanal"])))
	if err := eng.SetArticleChannels(ctx, id, chosen); err != nil {
		if !fromError(f, err, []string{"channels"}, nil) {
			return err
		}
		return s.renderDissemination(w, r, u, id, f, statusOf(err))
	}
	detail, _ := json.Marshal(map[string]any{"channels": s.channelNames(r, chosen)})
	if err := s.nr.RecordAudit(ctx, u.ID, "article.channels", "article", id, string(detail), ""); err != nil {
		return err
	}
	redirect(w, r, "/studio/artikel/"+id+"/diseminasi", "kanal-dipilih")
	return nil
}

// channelNames are the names of the channels with the IDs, for the audit
// log, which people read; an ID stands for a channel that is gone.
func (s *Studio) channelNames(r *http.Request, ids []string) []string {
	names := make([]string, 0, len(ids))
	list, err := s.dissem.Channels(r.Context())
	if err != nil {
		s.log.Warn("studio: channels", "err", err)
	}
	for _, id := range ids {
		name := id
		for _, c := range list {
			if c.ID == id {
				name = c.Name
			}
		}
		names = append(names, name)
	}
	return names
}
