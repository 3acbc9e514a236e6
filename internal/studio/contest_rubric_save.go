package studio

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// contestRubricSave replaces the contest's rubric or a category's (the
// form's "kategori"), or with "Tambah baris" shows the form with another
// row. Rows left blank are dropped; a category rubric with none left
// falls back to the contest's.
func (s *Studio) contestRubricSave(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	c, err := s.staffContest(r, u)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return warta.Errorf(warta.EInvalid, "Isian formulir tidak terbaca. Muat ulang halaman lalu coba lagi.")
	}
	f := newForm(r.PostForm)
	scope := f.Get("kategori")
	var cat *contest.Category
	if scope != "" {
		var ok bool
		if cat, ok = c.Category(scope); !ok {
			return warta.Errorf(warta.ENotFound, "Kategori tidak ditemukan di lomba ini.")
		}
	}
	f.Prefix = rubricPrefix(cat)
	rf := newRubricForm(rubricForm{Scope: scope}, f)
	if f.Get("tambah") != "" {
		f.Values.Set("rows", strconv.Itoa(len(rf.Rows)))
		f.Values.Del("tambah")
		return s.renderRubrics(w, r, c, &rf, http.StatusOK)
	}
	var criteria []contest.Criterion
	for _, row := range rf.Rows {
		name, weight := strings.TrimSpace(row.Name), strings.TrimSpace(row.Weight)
		if name == "" && weight == "" && strings.TrimSpace(row.Description) == "" {
			continue
		}
		n, err := strconv.Atoi(weight)
		if err != nil {
			f.Set("criteria", "Bobot kriteria "+strconv.Quote(name)+" ditulis dengan angka persen, misalnya 40.")
		}
		criteria = append(criteria, contest.Criterion{Name: name, Description: row.Description, Weight: n})
	}
	if !f.Invalid() {
		err = s.contests.SetRubric(r.Context(), u, c.ID, scope, criteria)
		if err == nil {
			redirect(w, r, "/studio/lomba/"+c.ID+"/rubrik", "rubrik-disimpan")
			return nil
		}
		if !fromError(f, err, []string{"criteria"}, nil) {
			return err
		}
	}
	status := http.StatusBadRequest
	if err != nil {
		status = statusOf(err)
	}
	return s.renderRubrics(w, r, c, &rf, status)
}
