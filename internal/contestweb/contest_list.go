package contestweb

import (
	"net/http"
	"time"

	"github.com/kominfo-jatim/warta/internal/contest"
)

// moment is a labelled point of a contest's timeline.
type moment struct {
	Label string
	At    time.Time
}

// listItem is one contest in the list.
type listItem struct {
	C     *contest.Contest
	Phase contest.Phase
	Next  moment // the date that matters now
}

type listView struct {
	Open, Upcoming, Finished []listItem
}

// contestList is GET /lomba: contests open now (from registration to the
// announcement), upcoming, and finished.
func (web *Web) contestList(w http.ResponseWriter, r *http.Request) error {
	list, err := web.cs.Contests(r.Context(), nil, contest.ContestFilter{})
	if err != nil {
		return err
	}
	now := web.cs.Now()
	var v listView
	for i := range list {
		c := &list[i]
		it := listItem{C: c, Phase: c.Phase(now), Next: nextMoment(c, now)}
		switch it.Phase {
		case contest.PhaseUpcoming:
			v.Upcoming = append(v.Upcoming, it)
		case contest.PhaseAnnounced:
			v.Finished = append(v.Finished, it)
		default:
			v.Open = append(v.Open, it)
		}
	}
	return web.pages.Render(w, r, http.StatusOK, "Lomba konten", "contests", v)
}

// nextMoment is the date a reader of the list needs for the contest's
// phase.
func nextMoment(c *contest.Contest, now time.Time) moment {
	t := c.Timeline
	switch c.Phase(now) {
	case contest.PhaseUpcoming:
		return moment{"Pendaftaran dibuka", t.RegistrationOpen}
	case contest.PhaseRegistration:
		return moment{"Pengiriman karya dibuka", t.SubmissionOpen}
	case contest.PhaseSubmission:
		return moment{"Batas pengiriman karya", t.SubmissionDeadline}
	case contest.PhaseVoting:
		return moment{"Pemungutan suara publik ditutup", t.VoteEnd}
	case contest.PhaseAnnounced:
		return moment{"Pemenang diumumkan", t.AnnouncementAt}
	}
	return moment{"Pengumuman pemenang", t.AnnouncementAt}
}
