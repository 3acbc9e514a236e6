package studio

import (
	"net/http"
	"net/url"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// panelFields are a panel form's inputs.
var panelFields = []string{"name", "category", "judges"}

// contestPanelsView lists a contest's judging panels, each in a form that
// changes it, and a form that adds one.
type contestPanelsView struct {
	layout
	Head   contestHead
	Panels []panelForm
	New    panelForm
	Judges []warta.User // every account with the judge role
}

// panelForm is one panel's form, and its delete form.
type panelForm struct {
	ID     string // "" for a new panel
	Name   string // as stored
	Scope  string // the category's name, "" for the whole contest
	Form   *form
	Remove *form
	// What the form offers, shared by every panel form of the page.
	ContestID string
	Cats      []contest.Category
	Judges    []warta.User
}

// panelFailure is a panel form that failed (ID "" for the new panel
// form), or a delete form (Remove), to show again with its message.
type panelFailure struct {
	ID     string
	Form   *form
	Remove bool
}

// contestPanelList shows the contest's panels.
func (s *Studio) contestPanelList(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	c, err := s.staffContest(r, u)
	if err != nil {
		return err
	}
	return s.renderPanels(w, r, u, c, panelFailure{}, http.StatusOK)
}

// renderPanels shows the panels page, the failed form with what was
// chosen and its message.
func (s *Studio) renderPanels(w http.ResponseWriter, r *http.Request, u *warta.User, c *contest.Contest, fail panelFailure, status int) error {
	ctx := r.Context()
	v := contestPanelsView{layout: s.newLayout(r, "Panel juri – "+c.Title), Head: s.newContestHead(c, "panel")}
	panels, err := s.contests.Panels(ctx, u, c.ID)
	if err != nil {
		return err
	}
	names := categoryNames(c)
	for _, p := range panels {
		pf := panelForm{ID: p.ID, Name: p.Name, Scope: names[p.CategoryID], Form: newForm(panelValues(&p)), Remove: newForm(nil)}
		pf.Form.Prefix, pf.Remove.Prefix = "panel-"+p.ID+"-", "hapus-"+p.ID+"-"
		switch {
		case fail.ID == p.ID && fail.Remove:
			pf.Remove = fail.Form
		case fail.ID == p.ID:
			pf.Form = fail.Form
		}
		v.Panels = append(v.Panels, pf)
	}
	v.New = panelForm{Form: newForm(nil)}
	v.New.Form.Prefix = "panel-baru-"
	if fail.Form != nil && fail.ID == "" {
		v.New.Form = fail.Form
	}
	users, err := s.db.Users(ctx)
	if err != nil {
		return err
	}
	for _, ju := range users {
		if ju.Role == warta.RoleJudge {
			v.Judges = append(v.Judges, ju)
		}
	}
	for _, pf := range append([]*panelForm{&v.New}, pointers(v.Panels)...) {
		pf.ContestID, pf.Cats, pf.Judges = c.ID, c.Categories, v.Judges
	}
	s.render(w, r, status, "contest_panels", &v)
	return nil
}

// pointers returns pointers to the elements of s.
func pointers[T any](s []T) []*T {
	out := make([]*T, len(s))
	for i := range s {
		out[i] = &s[i]
	}
	return out
}

// panelValues fills a panel's form from the stored panel.
func panelValues(p *contest.Panel) url.Values {
	return url.Values{"name": {p.Name}, "category": {p.CategoryID}, "judges": p.JudgeIDs}
}

// savePanel stores the panel form's panel (id "" for a new one).
func (s *Studio) savePanel(w http.ResponseWriter, r *http.Request, u *warta.User, c *contest.Contest, id string) error {
	if err := r.ParseForm(); err != nil {
		return warta.Errorf(warta.EInvalid, "Isian formulir tidak terbaca. Muat ulang halaman lalu coba lagi.")
	}
	f := newForm(r.PostForm)
	notice := "panel-dibuat"
	f.Prefix = "panel-baru-"
	if id != "" {
		f.Prefix, notice = "panel-"+id+"-", "panel-disimpan"
	}
	p := &contest.Panel{ID: id, ContestID: c.ID, CategoryID: f.Get("category"), Name: f.Get("name"), JudgeIDs: f.Values["judges"]}
	if err := s.contests.SavePanel(r.Context(), u, p); err != nil {
		if !fromError(f, err, panelFields, nil) {
			return err
		}
		return s.renderPanels(w, r, u, c, panelFailure{ID: id, Form: f}, statusOf(err))
	}
	redirect(w, r, "/studio/lomba/"+c.ID+"/panel", notice)
	return nil
}

// contestPanel reads the panel named in the path, which must be one of the
// contest's.
func (s *Studio) contestPanel(r *http.Request, u *warta.User, c *contest.Contest) (*contest.Panel, error) {
	panels, err := s.contests.Panels(r.Context(), u, c.ID)
	if err != nil {
		return nil, err
	}
	for i := range panels {
		if panels[i].ID == r.PathValue("panel") {
			return &panels[i], nil
		}
	}
	return nil, warta.Errorf(warta.ENotFound, "Panel juri tidak ditemukan di lomba ini.")
}
