package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// contestVoteReview counts the chosen flagged votes ("keputusan=hitung")
// or leaves them out ("buang"). A decision can be changed until the
// results are announced.
func (s *Studio) contestVoteReview(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	c, err := s.staffContest(r, u)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return warta.Errorf(warta.EInvalid, "Isian formulir tidak terbaca. Muat ulang halaman lalu coba lagi.")
	}
	f := newForm(r.PostForm)
	ids := f.Values["suara"]
	count := f.Get("keputusan") == "hitung"
	switch {
	case len(ids) == 0:
		f.General = "Centang paling sedikit satu suara yang hendak diputuskan."
	case !count && f.Get("keputusan") != "buang":
		f.General = "Pilih “Hitung” atau “Jangan hitung”."
	}
	if f.Invalid() {
		return s.renderVotes(w, r, u, c, f, http.StatusBadRequest)
	}
	n, err := s.contests.ReviewVotes(r.Context(), u, c.ID, ids, count)
	if err != nil {
		if !fromError(f, err, nil, nil) {
			return err
		}
		return s.renderVotes(w, r, u, c, f, statusOf(err))
	}
	notice := "suara-dibuang"
	switch {
	case n == 0:
		notice = "suara-tetap"
	case count:
		notice = "suara-dihitung"
	}
	redirect(w, r, "/studio/lomba/"+c.ID+"/suara", notice)
	return nil
}
