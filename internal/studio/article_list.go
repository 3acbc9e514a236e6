package studio

import (
	"net/http"
	"net/url"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// articleListView is the list of articles with its filters.
type articleListView struct {
	layout
	Articles     []*warta.StaffArticle
	Status       string
	Statuses     []warta.ArticleStatus
	Agencies     []warta.Agency
	AgencyID     string
	ChooseAgency bool
	Mine         bool
	Next         string // the next page's URL, "" on the last
}

// articleList lists articles newest-updated first, filtered by status,
// agency (for editors) and "mine", a page at a time.
func (s *Studio) articleList(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	ctx := r.Context()
	q := r.URL.Query()
	v := articleListView{layout: s.newLayout(r, "Artikel"), Statuses: statuses,
		ChooseAgency: u.Role != warta.RoleContributor, Mine: q.Get("saya") == "1"}
	f := warta.StaffFilter{Limit: 30}
	for _, st := range statuses {
		if string(st) == q.Get("status") {
			f.Status, v.Status = st, string(st)
		}
	}
	if v.ChooseAgency {
		v.AgencyID = q.Get("instansi")
		f.AgencyID = v.AgencyID
		var err error
		if v.Agencies, err = s.db.Agencies(ctx); err != nil {
			return err
		}
	}
	if v.Mine {
		f.AuthorID = u.ID
	}
	if c := q.Get("sebelum"); c != "" {
		cur, err := warta.ParseStaffCursor(c)
		if err != nil {
			return err
		}
		f.After = cur
	}
	page, err := s.nr.List(ctx, u, f)
	if err != nil {
		return err
	}
	v.Articles = page.Articles
	if page.Next != nil {
		next := url.Values{"sebelum": {page.Next.String()}}
		for _, k := range []string{"status", "instansi", "saya"} {
			if q.Get(k) != "" {
				next.Set(k, q.Get(k))
			}
		}
		v.Next = "/studio/artikel?" + next.Encode()
	}
	s.render(w, r, http.StatusOK, "articles", &v)
	return nil
}
