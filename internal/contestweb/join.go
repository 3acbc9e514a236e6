package contestweb

import (
	"context"
	"net/http"
	"time"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/httperr"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// standing is where a participant stands with a contest.
type standing struct {
	Joined     bool
	Unverified bool   // the email is not verified yet
	Email      string // where a new verification link would go
	Why        string // why they may not join now; "" when they may
}

// standingIn tells the participant, before they press anything, whether
// they may join the contest now and why not. Joining decides again.
func (web *Web) standingIn(ctx context.Context, c *contest.Contest, p *contest.Participant, now time.Time) (standing, error) {
	var st standing
	joined, err := web.cs.Joined(ctx, p, c.ID)
	if err != nil || joined {
		st.Joined = joined
		return st, err
	}
	switch {
	case !p.Verified():
		st.Unverified, st.Email = true, p.Email
		st.Why = "Verifikasi email Anda terlebih dahulu lewat tautan yang kami kirim ke " + p.Email + "."
	case now.Before(c.Timeline.RegistrationOpen):
		st.Why = "Pendaftaran lomba ini baru dibuka pada " + contest.FormatWIB(c.Timeline.RegistrationOpen) + "."
	case !c.RegistrationOpen(now):
		st.Why = "Pendaftaran lomba ini sudah ditutup pada " + contest.FormatWIB(c.Timeline.SubmissionDeadline) + "."
	default:
		if err := c.CheckEligibility(p, now); err != nil {
			st.Why = warta.ErrorMessage(err)
		}
	}
	return st, nil
}

type joinView struct {
	C         *contest.Contest
	Who       *contest.Participant
	St        standing
	Regions   string
	CanSubmit bool
	Form      *form
}

// joinShow is GET /lomba/{slug}/ikut: the eligibility rules, whether the
// participant meets them, and the button to join.
func (web *Web) joinShow(w http.ResponseWriter, r *http.Request, p *contest.Participant) error {
	return web.renderJoin(w, r, http.StatusOK, p, newForm("", nil))
}

// joinSave is POST /lomba/{slug}/ikut.
func (web *Web) joinSave(w http.ResponseWriter, r *http.Request, p *contest.Participant) error {
	c, err := web.cs.Contest(r.Context(), nil, r.PathValue("slug"))
	if err != nil {
		return err
	}
	if err := web.cs.Join(r.Context(), p, c.ID); err != nil {
		f := newForm("", nil)
		if !refuse(f, err) {
			return err
		}
		return web.renderJoin(w, r, httperr.Status(err), p, f)
	}
	if c.SubmissionOpen(web.cs.Now()) {
		return seeOther(w, r, c.Path()+"/kirim?pesan=ikut")
	}
	return seeOther(w, r, "/lomba/saya?pesan=ikut")
}

func (web *Web) renderJoin(w http.ResponseWriter, r *http.Request, status int, p *contest.Participant, f *form) error {
	ctx := r.Context()
	c, err := web.cs.Contest(ctx, nil, r.PathValue("slug"))
	if err != nil {
		return err
	}
	now := web.cs.Now()
	st, err := web.standingIn(ctx, c, p, now)
	if err != nil {
		return err
	}
	v := joinView{C: c, Who: p, St: st, Regions: regionNames(c), CanSubmit: c.SubmissionOpen(now), Form: f}
	return web.pages.Render(w, r, status, "Ikut "+c.Title, "join", v)
}
