package studio

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// deliveryListView is the deliveries across articles with their filters.
type deliveryListView struct {
	layout
	Form     *form // the filters as given
	Statuses []statusOption
	Channels []dissemination.ChannelInfo
	Table    deliveryTable
	Next     string // the next, older page
}

// statusOption is one status in the filter.
type statusOption struct{ Value, Label string }

// deliveriesPerPage is how many deliveries a page of the list shows.
const deliveriesPerPage = 50

// deliveryList shows deliveries newest first, filtered by status and
// channel, a page at a time (keyset: ?sebelum= the last ID shown), with a
// button to send each failed one again.
func (s *Studio) deliveryList(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	ctx := r.Context()
	if err := mayDisseminate(u); err != nil {
		return err
	}
	eng, err := s.engine()
	if err != nil {
		return err
	}
	q := r.URL.Query()
	v := deliveryListView{layout: s.newLayout(r, "Diseminasi"), Form: newForm(q)}
	for _, st := range dissemination.Statuses {
		v.Statuses = append(v.Statuses, statusOption{string(st), deliveryStatusLabel(st)})
	}
	if v.Channels, err = eng.Channels(ctx); err != nil {
		return err
	}
	f := dissemination.Filter{Status: dissemination.Status(q.Get("status")), ChannelID: q.Get("kanal"),
		Before: strings.TrimSpace(q.Get("sebelum")), Limit: deliveriesPerPage + 1}
	if f.Status != "" && !slices.Contains(dissemination.Statuses, f.Status) {
		v.Form.Set("status", "Pilih status dari daftar.")
		f.Status = ""
	}
	ds, err := eng.Deliveries(ctx, f)
	if err != nil {
		return err
	}
	if len(ds) > deliveriesPerPage {
		ds = ds[:deliveriesPerPage]
		next := url.Values{"sebelum": {ds[len(ds)-1].ID}}
		for _, k := range []string{"status", "kanal"} {
			if q.Get(k) != "" {
				next.Set(k, q.Get(k))
			}
		}
		v.Next = "/studio/diseminasi?" + next.Encode()
	}
	titles := map[string]string{}
	for _, d := range ds {
		if _, ok := titles[d.ArticleID]; ok {
			continue
		}
		titles[d.ArticleID] = "(artikel tidak ditemukan)"
		if a, err := s.db.ArticleByID(ctx, d.ArticleID); err == nil {
			titles[d.ArticleID] = a.Title
		}
	}
	// The retry buttons come back to this page, without its notice.
	back, keep := r.URL.Path, url.Values{}
	for k, vs := range q {
		if k != "pesan" {
			keep[k] = vs
		}
	}
	if len(keep) > 0 {
		back += "?" + keep.Encode()
	}
	v.Table = newDeliveryTable(ds, titles, u, back, true)
	s.render(w, r, http.StatusOK, "delivery_list", &v)
	return nil
}
