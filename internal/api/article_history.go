package api

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// listRevisions answers with the article's saved versions, oldest first.
func (a *API) listRevisions(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	revs, err := a.nr.Revisions(r.Context(), u, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := revisionList{Revisions: make([]revisionJSON, len(revs))}
	for i, rev := range revs {
		out.Revisions[i] = toRevision(rev)
	}
	return writeJSON(w, http.StatusOK, out)
}

// listHistory answers with the article's workflow steps, oldest first.
func (a *API) listHistory(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	events, err := a.nr.History(r.Context(), u, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := eventList{Events: make([]eventJSON, len(events))}
	for i, e := range events {
		out.Events[i] = toEvent(e)
	}
	return writeJSON(w, http.StatusOK, out)
}
