package newsroom

import (
	"context"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// viewer checks that u may read the newsroom at all.
func viewer(u *warta.User) error {
	switch {
	case u == nil:
		return &warta.Error{Code: warta.EUnauthorized, Message: "Silakan masuk terlebih dahulu."}
	case u.Disabled:
		return &warta.Error{Code: warta.EForbidden, Message: "Akun Anda dinonaktifkan."}
	case u.Role == warta.RoleContributor && u.AgencyID == "":
		return &warta.Error{Code: warta.EForbidden, Message: "Akun kontributor Anda belum terikat pada instansi. Hubungi admin."}
	}
	for _, r := range warta.Roles {
		if u.Role == r {
			return nil
		}
	}
	return &warta.Error{Code: warta.EForbidden, Message: "Peran Anda tidak mengizinkan akses ke ruang redaksi."}
}

// Get returns an article in any status with its workflow state. An article
// u may not see, such as another agency's draft for a contributor, is
// ENotFound, as if it did not exist.
func (s *Service) Get(ctx context.Context, u *warta.User, id string) (*warta.StaffArticle, error) {
	if err := viewer(u); err != nil {
		return nil, err
	}
	sa, err := s.db.StaffArticle(ctx, id)
	if err != nil {
		return nil, err
	}
	if !warta.CanView(u, sa.Article) {
		return nil, warta.Errorf(warta.ENotFound, "Artikel tidak ditemukan.")
	}
	return sa, nil
}

// List returns articles newest-updated first, one page at a time.
// Contributors see only their agency's articles, whatever the filter says.
func (s *Service) List(ctx context.Context, u *warta.User, f warta.StaffFilter) (warta.StaffPage, error) {
	if err := viewer(u); err != nil {
		return warta.StaffPage{}, err
	}
	if u.Role == warta.RoleContributor {
		f.AgencyID = u.AgencyID
	}
	return s.db.ListStaffArticles(ctx, f)
}

// Counts returns how many articles u can see are in each status, for the
// dashboard.
func (s *Service) Counts(ctx context.Context, u *warta.User) (map[warta.ArticleStatus]int, error) {
	if err := viewer(u); err != nil {
		return nil, err
	}
	agency := ""
	if u.Role == warta.RoleContributor {
		agency = u.AgencyID
	}
	return s.db.CountStaffArticles(ctx, agency)
}

// History returns the article's workflow steps, oldest first, with the
// editors' comments: the review conversation.
func (s *Service) History(ctx context.Context, u *warta.User, id string) ([]warta.WorkflowEvent, error) {
	if _, err := s.Get(ctx, u, id); err != nil {
		return nil, err
	}
	return s.db.WorkflowEvents(ctx, id)
}

// Revisions returns the article's saved versions, oldest first.
func (s *Service) Revisions(ctx context.Context, u *warta.User, id string) ([]warta.Revision, error) {
	if _, err := s.Get(ctx, u, id); err != nil {
		return nil, err
	}
	return s.db.Revisions(ctx, id)
}

// Diff compares two saved versions of an article, line by line and, within
// a changed line, word by word. toRev 0 means the latest version; fromRev 0
// means the one before toRev (nothing, for the first).
func (s *Service) Diff(ctx context.Context, u *warta.User, id string, fromRev, toRev int) ([]DiffLine, error) {
	revs, err := s.Revisions(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if len(revs) == 0 {
		return nil, warta.Errorf(warta.ENotFound, "Artikel ini belum memiliki revisi.")
	}
	if toRev == 0 {
		toRev = revs[len(revs)-1].Number
	}
	if fromRev == 0 {
		fromRev = toRev - 1
	}
	var from, to *warta.Revision
	for i := range revs {
		switch revs[i].Number {
		case fromRev:
			from = &revs[i]
		case toRev:
			to = &revs[i]
		}
	}
	if to == nil || (from == nil && fromRev != 0) {
		return nil, &warta.Error{Code: warta.ENotFound, Message: "Revisi yang diminta tidak ada.", Field: "rev"}
	}
	if from == nil {
		from = &warta.Revision{}
	}
	return DiffRevisions(*from, *to), nil
}
