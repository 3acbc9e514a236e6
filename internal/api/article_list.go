package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Page sizes of article lists.
const (
	defaultLimit = 20
	maxLimit     = 100
)

// statuses lists every article status, in workflow order.
var statuses = []warta.ArticleStatus{warta.StatusDraft, warta.StatusSubmitted, warta.StatusReturned,
	warta.StatusApproved, warta.StatusScheduled, warta.StatusPublished, warta.StatusUnpublished}

// listArticles answers with one page of the newsroom's articles, newest
// updated first. Every invalid parameter is reported, each under its name.
func (a *API) listArticles(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	q := r.URL.Query()
	f := warta.StaffFilter{Limit: defaultLimit}
	var errs []FieldError
	if s := q.Get("status"); s != "" {
		f.Status = warta.ArticleStatus(s)
		known := false
		names := make([]string, len(statuses))
		for i, st := range statuses {
			known = known || st == f.Status
			names[i] = string(st)
		}
		if !known {
			errs = append(errs, FieldError{Field: "status", Detail: fmt.Sprintf("Status %q tidak dikenal. Pilih salah satu: %s.", s, strings.Join(names, ", "))})
		}
	}
	if s := q.Get("agency"); s != "" {
		ag, err := a.db.AgencyBySlug(r.Context(), s)
		switch warta.ErrorCode(err) {
		case "":
			f.AgencyID = ag.ID
		case warta.ENotFound:
			errs = append(errs, FieldError{Field: "agency", Detail: fmt.Sprintf("Instansi %q tidak dikenal. Tulis slug instansi, mis. \"kpu-jatim\".", s)})
		default:
			return err
		}
	}
	if s := q.Get("after"); s != "" {
		c, err := warta.ParseStaffCursor(s)
		if err != nil {
			errs = append(errs, FieldError{Field: "after", Detail: "Penanda halaman tidak valid. Pakai nilai next dari halaman sebelumnya, atau mulai lagi tanpa after."})
		}
		f.After = c
	}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxLimit {
			errs = append(errs, FieldError{Field: "limit", Detail: fmt.Sprintf("limit harus bilangan bulat 1 sampai %d.", maxLimit)})
		}
		f.Limit = n
	}
	if len(errs) > 0 {
		return &inputError{fields: errs}
	}
	page, err := a.nr.List(r.Context(), u, f)
	if err != nil {
		return err
	}
	out := articleList{Articles: make([]articleJSON, len(page.Articles))}
	for i, sa := range page.Articles {
		out.Articles[i] = a.article(u, sa)
	}
	if page.Next != nil {
		next := page.Next.String()
		q.Set("after", next)
		nextURL := r.URL.Path + "?" + q.Encode()
		out.Next, out.NextURL = &next, &nextURL
	}
	return writeJSON(w, http.StatusOK, out)
}
