package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// contestEntriesView is the moderation queue: a contest's entries in one
// status (waiting ones first of all), oldest first.
type contestEntriesView struct {
	layout
	Head     contestHead
	Status   string // the status shown, "semua" for every one
	Category string // the category shown, "" for every one
	Tabs     []statusTab
	Cats     []contest.Category
	Entries  []entryRow
}

// statusTab is one status with how many entries are in it.
type statusTab struct {
	Value, Label string
	Count        int
}

// entryRow is one entry of the queue.
type entryRow struct {
	contest.Entry
	Code     string
	Category string
}

// moderationStatuses are the queue's tabs, in the order of the work.
var moderationStatuses = []contest.EntryStatus{contest.EntryPending, contest.EntryAccepted, contest.EntryRejected, contest.EntryWithdrawn}

// contestEntryList shows the moderation queue, filtered by ?status= and
// ?kategori=.
func (s *Studio) contestEntryList(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	c, err := s.staffContest(r, u)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	v := contestEntriesView{layout: s.newLayout(r, "Moderasi – "+c.Title), Head: s.newContestHead(c, "karya"),
		Status: q.Get("status"), Cats: c.Categories}
	if _, ok := c.Category(q.Get("kategori")); ok {
		v.Category = q.Get("kategori")
	}
	known := v.Status == "semua"
	for _, st := range moderationStatuses {
		known = known || v.Status == string(st)
	}
	if !known {
		v.Status = string(contest.EntryPending)
	}
	entries, err := s.contests.Entries(r.Context(), u, contest.EntryFilter{ContestID: c.ID, CategoryID: v.Category})
	if err != nil {
		return err
	}
	counts := map[contest.EntryStatus]int{}
	names := categoryNames(c)
	for _, e := range entries {
		counts[e.Status]++
		if v.Status == "semua" || string(e.Status) == v.Status {
			v.Entries = append(v.Entries, entryRow{Entry: e, Code: e.Code(), Category: names[e.CategoryID]})
		}
	}
	for _, st := range moderationStatuses {
		v.Tabs = append(v.Tabs, statusTab{string(st), st.Label(), counts[st]})
	}
	v.Tabs = append(v.Tabs, statusTab{"semua", "Semua", len(entries)})
	s.render(w, r, http.StatusOK, "contest_entries", &v)
	return nil
}
