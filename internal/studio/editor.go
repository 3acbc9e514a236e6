package studio

import (
	"context"
	"net/http"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// editorView is the article page: the editing form (or, once the story is
// out of the user's hands, its preview), the workflow actions the user may
// take now, and the latest review comment.
type editorView struct {
	layout
	Article      *warta.StaffArticle // nil while writing a new story
	Form         *form               // the editing form's values and errors
	Act          *form               // the action forms' values and errors
	Editable     bool
	ChooseAgency bool // editors pick the source; a contributor's is fixed
	FixedAgency  warta.Agency
	CanHeadline  bool
	CanSubmit    bool
	Agencies     []warta.Agency
	Regions      []warta.Region
	Elections    []warta.Election
	Media        []warta.Media // the lead image picker's choices
	Preview      *preview
	Allowed      map[string]bool      // the transitions offered now, by action
	ReturnNote   *warta.WorkflowEvent // the editor's reasons, while returned
	PublicURL    string
	ScheduleMin  string // earliest datetime-local value, WIB
}

// allowed reports whether u may take a status-changing action on art now.
func allowed(u *warta.User, a warta.Action, art *warta.Article) bool {
	if !warta.Can(u, a, art) {
		return false
	}
	_, err := warta.Transition(a, art.Status)
	return err == nil
}

// renderEditor renders the article page. sa is nil for a new story; f
// holds what the editing form shows; act what the action forms show;
// pv a preview to show above the form.
func (s *Studio) renderEditor(w http.ResponseWriter, r *http.Request, u *warta.User, sa *warta.StaffArticle, f, act *form, pv *preview, status int) error {
	ctx := r.Context()
	title := "Tulis berita"
	if sa != nil {
		title = sa.Title
	}
	if act == nil {
		act = newForm(nil)
	}
	act.Prefix = "act-"
	v := editorView{layout: s.newLayout(r, title), Article: sa, Form: f, Act: act, Preview: pv,
		Allowed: map[string]bool{}, ScheduleMin: localInput(s.now())}
	var err error
	if v.Agencies, err = s.db.Agencies(ctx); err != nil {
		return err
	}
	if v.Regions, err = s.db.Regions(ctx); err != nil {
		return err
	}
	if v.Elections, err = s.db.Elections(ctx); err != nil {
		return err
	}
	target := &warta.Article{AgencyID: u.AgencyID, Status: warta.StatusDraft}
	if sa != nil {
		target = sa.Article
		v.Editable = warta.Can(u, warta.ActionEdit, sa.Article)
		for _, a := range []warta.Action{warta.ActionReturn, warta.ActionApprove, warta.ActionSchedule,
			warta.ActionPublish, warta.ActionUnpublish, warta.ActionCorrect} {
			v.Allowed[string(a)] = allowed(u, a, sa.Article)
		}
		if sa.Live() && s.baseURL != "" {
			v.PublicURL = s.baseURL + sa.Path()
		}
		if sa.Status == warta.StatusReturned {
			v.ReturnNote = s.lastReturn(ctx, u, sa.ID)
		}
		if act.Get("scheduled_at") == "" {
			at := sa.ScheduledAt
			if at.IsZero() {
				at = s.now().Add(time.Hour).Truncate(time.Hour)
			}
			act.Values.Set("scheduled_at", localInput(at))
		}
	} else {
		v.Editable = warta.Can(u, warta.ActionCreate, target)
	}
	if !v.Editable && sa == nil {
		return warta.Authorize(u, warta.ActionCreate, target)
	}
	v.CanSubmit = allowed(u, warta.ActionSubmit, target)
	v.CanHeadline = warta.Can(u, warta.ActionHeadline, target)
	v.ChooseAgency = u.Role != warta.RoleContributor
	v.FixedAgency = s.agencyByID(r, target.AgencyID)
	if v.Editable {
		page, err := s.db.ListMedia(ctx, nil, 24)
		if err != nil {
			return err
		}
		v.Media = page.Media
		if cur := f.Get("lead_image"); cur != "" {
			found := false
			for _, m := range v.Media {
				found = found || m.ID == cur
			}
			if m, err := s.db.MediaByID(ctx, cur); err == nil && !found {
				v.Media = append([]warta.Media{*m}, v.Media...)
			}
		}
	} else if v.Preview == nil && sa != nil {
		// Out of the user's hands: show the story as readers will see it.
		shown := *sa.Article
		v.Preview = s.buildPreview(ctx, &shown, sa.PublishedAt)
		v.Preview.Live = sa.Live()
	}
	s.render(w, r, status, "editor", &v)
	return nil
}

// lastReturn is the latest "returned" step with its comment.
func (s *Studio) lastReturn(ctx context.Context, u *warta.User, id string) *warta.WorkflowEvent {
	events, err := s.nr.History(ctx, u, id)
	if err != nil {
		s.log.Warn("studio: history", "article", id, "err", err)
		return nil
	}
	for i := len(events) - 1; i >= 0; i-- {
		if events[i].Action == warta.ActionReturn {
			return &events[i]
		}
	}
	return nil
}

// showArticle renders the stored article's page with act's values and
// errors in the action forms.
func (s *Studio) showArticle(w http.ResponseWriter, r *http.Request, u *warta.User, id string, act *form, status int) error {
	sa, err := s.nr.Get(r.Context(), u, id)
	if err != nil {
		return err
	}
	return s.renderEditor(w, r, u, sa, newForm(articleValues(sa.Article)), act, nil, status)
}
