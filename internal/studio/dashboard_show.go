package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// dashboardView is the studio's front page.
type dashboardView struct {
	layout
	Agency    warta.Agency // a contributor's agency
	Counts    []statusCount
	Review    []*warta.StaffArticle
	Scheduled []*warta.StaffArticle
	Published []*warta.StaffArticle
	Returned  []*warta.StaffArticle
	Drafts    []*warta.StaffArticle
	CanWrite  bool
}

// statusCount is one status with how many articles the user can see in it.
type statusCount struct {
	Status warta.ArticleStatus
	Count  int
}

// dashboardShow shows what needs attention: stories waiting for review,
// scheduled, just published, returned to the user, and the user's drafts.
// Contributors see their own agency's only.
func (s *Studio) dashboardShow(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	ctx := r.Context()
	v := dashboardView{layout: s.newLayout(r, "Dasbor"), CanWrite: warta.Can(u, warta.ActionCreate, &warta.Article{AgencyID: u.AgencyID})}
	counts, err := s.nr.Counts(ctx, u)
	if err != nil {
		return err
	}
	for _, st := range statuses {
		v.Counts = append(v.Counts, statusCount{st, counts[st]})
	}
	lists := []struct {
		dst    *[]*warta.StaffArticle
		filter warta.StaffFilter
	}{
		{&v.Review, warta.StaffFilter{Status: warta.StatusSubmitted, Limit: 10}},
		{&v.Scheduled, warta.StaffFilter{Status: warta.StatusScheduled, Limit: 10}},
		{&v.Published, warta.StaffFilter{Status: warta.StatusPublished, Limit: 10}},
		{&v.Returned, warta.StaffFilter{Status: warta.StatusReturned, AuthorID: u.ID, Limit: 10}},
		{&v.Drafts, warta.StaffFilter{Status: warta.StatusDraft, AuthorID: u.ID, Limit: 10}},
	}
	for _, l := range lists {
		page, err := s.nr.List(ctx, u, l.filter)
		if err != nil {
			return err
		}
		*l.dst = page.Articles
	}
	if u.Role == warta.RoleContributor {
		v.Agency = s.agencyByID(r, u.AgencyID)
	}
	s.render(w, r, http.StatusOK, "dashboard", &v)
	return nil
}

// statuses are the workflow statuses in the order of the workflow.
var statuses = []warta.ArticleStatus{warta.StatusDraft, warta.StatusSubmitted, warta.StatusReturned,
	warta.StatusApproved, warta.StatusScheduled, warta.StatusPublished, warta.StatusUnpublished}
