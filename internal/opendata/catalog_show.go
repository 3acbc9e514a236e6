package opendata

import (
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// catalogView is the /data page.
type catalogView struct {
	Q        string
	Entries  []catalogEntry
	Total    int
	DCAT     string
	CKANList string
	CKANFind string
	SiteName string
}

type catalogEntry struct {
	D        *Dataset
	Modified time.Time
}

// catalogShow renders the catalog, searched by ?q= over titles,
// descriptions and keywords (the catalog is small: every word must occur).
func (s *Service) catalogShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	all, err := s.Datasets(ctx)
	if err != nil {
		return err
	}
	q := strings.Join(strings.Fields(strings.ToValidUTF8(r.URL.Query().Get("q"), "")), " ")
	if utf8.RuneCountInString(q) > 100 {
		q = string([]rune(q)[:100])
	}
	v := catalogView{Q: q, Total: len(all), SiteName: s.siteName,
		DCAT: s.abs("/data/catalog.jsonld"), CKANList: s.abs("/api/3/action/package_list"),
		CKANFind: s.abs("/api/3/action/package_search?q=pemilu")}
	for _, d := range all {
		if matches(d, q) {
			v.Entries = append(v.Entries, catalogEntry{D: d, Modified: s.modified(ctx, d)})
		}
	}
	body, err := s.body("catalog", v)
	if err != nil {
		return err
	}
	s.framePublic(w, r, http.StatusOK, "Data terbuka", body)
	return nil
}

// matches reports whether every word of q occurs in the dataset's slug,
// title, description or keywords, ignoring case. An empty q matches all.
func matches(d *Dataset, q string) bool {
	if q == "" || q == "*:*" {
		return true
	}
	hay := strings.ToLower(d.Slug + " " + d.Title + " " + d.Description + " " + strings.Join(d.Keywords, " ") + " " + d.Publisher.Name)
	for _, word := range strings.Fields(strings.ToLower(q)) {
		if !strings.Contains(hay, word) {
			return false
		}
	}
	return true
}
