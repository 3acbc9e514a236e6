package contestweb

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/contest"
)

// notices are the confirmations a page shows after a change, by the
// ?pesan= the change redirected with. Only these texts can appear.
var notices = map[string]string{
	"terdaftar":   "Akun Anda sudah dibuat. Kami mengirim tautan verifikasi ke email Anda; buka tautan itu agar dapat mengikuti lomba.",
	"email-gagal": "Akun Anda sudah dibuat, tetapi email verifikasi gagal dikirim. Minta kirim ulang dengan tombol di bawah.",
	"ikut":        "Anda sudah terdaftar di lomba ini.",
	"terkirim":    "Karya Anda terkirim dan menunggu moderasi panitia.",
	"diubah":      "Perubahan karya tersimpan. Karya kembali menunggu moderasi panitia.",
	"ditarik":     "Karya sudah ditarik dari lomba.",
}

// myEntry is one of the participant's entries on their page.
type myEntry struct {
	contest.Entry
	Category *contest.Category
	CanEdit  bool
}

type myContest struct {
	C         *contest.Contest
	Phase     contest.Phase
	CanSubmit bool
	Entries   []myEntry
}

type mineView struct {
	Who      *contest.Participant
	Notice   string
	Contests []myContest
}

// mineShow is GET /lomba/saya: the contests the participant joined and
// their entries, each with its moderation status and, when rejected, the
// reason.
func (web *Web) mineShow(w http.ResponseWriter, r *http.Request, p *contest.Participant) error {
	ctx := r.Context()
	all, err := web.cs.Contests(ctx, nil, contest.ContestFilter{})
	if err != nil {
		return err
	}
	entries, err := web.cs.MyEntries(ctx, p, "")
	if err != nil {
		return err
	}
	byContest := map[string][]contest.Entry{}
	for _, e := range entries {
		byContest[e.ContestID] = append(byContest[e.ContestID], e)
	}
	now := web.cs.Now()
	v := mineView{Who: p, Notice: notices[r.URL.Query().Get("pesan")]}
	for i := range all {
		c := &all[i]
		if len(byContest[c.ID]) == 0 {
			if joined, err := web.cs.Joined(ctx, p, c.ID); err != nil {
				return err
			} else if !joined {
				continue
			}
		}
		mc := myContest{C: c, Phase: c.Phase(now), CanSubmit: c.SubmissionOpen(now)}
		for _, e := range byContest[c.ID] {
			cat, _ := c.Category(e.CategoryID)
			mc.Entries = append(mc.Entries, myEntry{Entry: e, Category: cat, CanEdit: mc.CanSubmit && e.Status != contest.EntryWithdrawn})
		}
		v.Contests = append(v.Contests, mc)
	}
	return web.pages.Render(w, r, http.StatusOK, "Lomba dan karya saya", "mine", v)
}
