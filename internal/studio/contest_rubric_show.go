package studio

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// contestRubricView is the rubric editor: the contest's rubric and, for
// each category, its own rubric if it has one.
type contestRubricView struct {
	layout
	Head  contestHead
	Forms []rubricForm
}

// rubricForm is the form of one rubric.
type rubricForm struct {
	Scope string // the category's ID, "" for the contest's rubric
	Name  string // the category's name, "" for the contest's rubric
	Form  *form
	Rows  []critRow
	Total int  // the sum of the weights typed
	Own   bool // a category rubric is stored; otherwise the contest's applies
}

// critRow is one criterion's inputs: names start with P, ids with ID.
type critRow struct {
	P, ID                     string
	Name, Description, Weight string
}

// contestRubricShow shows the rubric editor.
func (s *Studio) contestRubricShow(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	c, err := s.staffContest(r, u)
	if err != nil {
		return err
	}
	return s.renderRubrics(w, r, c, nil, http.StatusOK)
}

// renderRubrics shows every rubric form of the contest, the one for
// failed's scope with what was typed into it.
func (s *Studio) renderRubrics(w http.ResponseWriter, r *http.Request, c *contest.Contest, failed *rubricForm, status int) error {
	ctx := r.Context()
	v := contestRubricView{layout: s.newLayout(r, "Rubrik – "+c.Title), Head: s.newContestHead(c, "rubrik")}
	base, err := s.contests.Rubric(ctx, c.ID, "")
	if err != nil {
		return err
	}
	scopes := []*contest.Category{nil}
	for i := range c.Categories {
		scopes = append(scopes, &c.Categories[i])
	}
	for _, cat := range scopes {
		rf := rubricForm{}
		criteria := base
		if cat != nil {
			rf.Scope, rf.Name = cat.ID, cat.Name
			if criteria, err = s.contests.Rubric(ctx, c.ID, cat.ID); err != nil {
				return err
			}
			rf.Own = len(criteria) > 0 && (len(base) == 0 || criteria[0].ID != base[0].ID)
			if !rf.Own {
				criteria = nil
			}
		} else {
			rf.Own = len(base) > 0
		}
		if failed != nil && failed.Scope == rf.Scope {
			failed.Name, failed.Own = rf.Name, rf.Own
			v.Forms = append(v.Forms, *failed)
			continue
		}
		f := newForm(rubricValues(rf.Scope, criteria))
		f.Prefix = rubricPrefix(cat)
		v.Forms = append(v.Forms, newRubricForm(rf, f))
	}
	s.render(w, r, status, "contest_rubric", &v)
	return nil
}

// rubricPrefix tells the rubric forms' inputs apart.
func rubricPrefix(cat *contest.Category) string {
	if cat == nil {
		return "rubrik-lomba-"
	}
	return "rubrik-" + cat.Slug + "-"
}

// rubricValues fills a rubric form from stored criteria, with a blank row
// to add one (three for a new rubric).
func rubricValues(scope string, criteria []contest.Criterion) url.Values {
	v := url.Values{"kategori": {scope}}
	for i, cr := range criteria {
		p := fmt.Sprintf("crit%d_", i)
		v.Set(p+"name", cr.Name)
		v.Set(p+"description", cr.Description)
		v.Set(p+"weight", strconv.Itoa(cr.Weight))
	}
	n := len(criteria) + 1
	if len(criteria) == 0 {
		n = 3
	}
	v.Set("rows", strconv.Itoa(n))
	return v
}

// newRubricForm completes rf with the rows f holds and their total weight.
func newRubricForm(rf rubricForm, f *form) rubricForm {
	rf.Form = f
	n := rows(f, "rows", "tambah", 1)
	for i := range n {
		p := fmt.Sprintf("crit%d_", i)
		row := critRow{P: p, ID: f.Prefix + p, Name: f.Get(p + "name"), Description: f.Get(p + "description"), Weight: f.Get(p + "weight")}
		if w, err := strconv.Atoi(strings.TrimSpace(row.Weight)); err == nil {
			rf.Total += w
		}
		rf.Rows = append(rf.Rows, row)
	}
	return rf
}
