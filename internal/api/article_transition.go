package api

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// The workflow transitions. Those without a body accept an empty one or
// {}; whether the user may take the step and whether the article's status
// allows it is the newsroom's decision (403 and 409).

func (a *API) submitArticle(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	if err := decodeJSON(w, r, &struct{}{}, false); err != nil {
		return err
	}
	return a.stepped(w, u)(a.nr.Submit(r.Context(), u, r.PathValue("id")))
}

// returnRequest sends an article back to its writer with the reasons.
type returnRequest struct {
	Comment *string `json:"comment"`
}

func (a *API) returnArticle(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	var in returnRequest
	if err := decodeJSON(w, r, &in, false); err != nil {
		return err
	}
	comment := ""
	if in.Comment != nil {
		comment = *in.Comment
	}
	return a.stepped(w, u)(a.nr.Return(r.Context(), u, r.PathValue("id"), comment))
}

func (a *API) approveArticle(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	if err := decodeJSON(w, r, &struct{}{}, false); err != nil {
		return err
	}
	return a.stepped(w, u)(a.nr.Approve(r.Context(), u, r.PathValue("id")))
}

// scheduleRequest sets the publication time: RFC 3339 with its offset, or
// a local time to the minute in Asia/Jakarta, as typed in the studio.
type scheduleRequest struct {
	At *string `json:"at"`
}

func (a *API) scheduleArticle(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	var in scheduleRequest
	if err := decodeJSON(w, r, &in, false); err != nil {
		return err
	}
	if in.At == nil || *in.At == "" {
		return invalid("at", `Isi waktu tayang "at", mis. "2026-12-01T10:00" (WIB) atau "2026-12-01T10:00:00+07:00".`)
	}
	at, err := warta.ParseScheduleTime(*in.At)
	if err != nil {
		return renameField(err, "scheduled_at", "at")
	}
	sa, err := a.nr.Schedule(r.Context(), u, r.PathValue("id"), at)
	return a.stepped(w, u)(sa, renameField(err, "scheduled_at", "at"))
}

func (a *API) publishArticle(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	if err := decodeJSON(w, r, &struct{}{}, false); err != nil {
		return err
	}
	return a.stepped(w, u)(a.nr.Publish(r.Context(), u, r.PathValue("id")))
}

func (a *API) unpublishArticle(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	if err := decodeJSON(w, r, &struct{}{}, false); err != nil {
		return err
	}
	return a.stepped(w, u)(a.nr.Unpublish(r.Context(), u, r.PathValue("id")))
}

// stepped answers a transition with the article as it now stands.
func (a *API) stepped(w http.ResponseWriter, u *warta.User) func(*warta.StaffArticle, error) error {
	return func(sa *warta.StaffArticle, err error) error {
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, a.article(u, sa))
	}
}
