package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

var allStatuses = []warta.ArticleStatus{warta.StatusDraft, warta.StatusSubmitted, warta.StatusReturned,
	warta.StatusApproved, warta.StatusScheduled, warta.StatusPublished, warta.StatusUnpublished}

// transitions are the workflow endpoints with a valid body and the
// status each leads to.
var transitions = []struct {
	name string
	body any
	to   warta.ArticleStatus
}{
	{"submit", nil, warta.StatusSubmitted},
	{"return", map[string]string{"comment": "Sebutkan sumber angka partisipasi."}, warta.StatusReturned},
	{"approve", nil, warta.StatusApproved},
	{"schedule", map[string]string{"at": time.Now().Add(48 * time.Hour).In(warta.Jakarta).Format("2006-01-02T15:04")}, warta.StatusScheduled},
	{"publish", map[string]string{}, warta.StatusPublished},
	{"unpublish", nil, warta.StatusUnpublished},
}

// TestRoleTransitionMatrix takes every transition as every kind of caller
// on a KPU article in a status the transition starts from, so that only
// permission decides: 200, 403 or 401.
func TestRoleTransitionMatrix(t *testing.T) {
	from := map[string]warta.ArticleStatus{"submit": warta.StatusDraft, "return": warta.StatusSubmitted,
		"approve": warta.StatusSubmitted, "schedule": warta.StatusApproved, "publish": warta.StatusApproved,
		"unpublish": warta.StatusPublished}
	all := "submit return approve schedule publish unpublish"
	// allowed is what each caller may do to a KPU article; the rest is 403,
	// or 401 without a token.
	allowed := map[string]string{
		"admin":               all,
		"editor":              all,
		"contributor":         "submit", // KPU's own
		"contributor-bawaslu": "",       // another agency
		"factchecker":         "",
		"judge":               "",
		"reader":              "", // an editor's read-only token
		"anonymous":           "",
	}
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		for who, may := range allowed {
			for _, tr := range transitions {
				id := e.seed(e.kpu.ID, from[tr.name])
				r := e.call(who, "POST", "/api/v1/articles/"+id+"/"+tr.name, tr.body)
				want := http.StatusForbidden
				switch {
				case strings.Contains(" "+may+" ", " "+tr.name+" "):
					want = http.StatusOK
				case who == "anonymous":
					want = http.StatusUnauthorized
				}
				if r.code != want {
					t.Errorf("%s %s from %s: %d, want %d\n%s", who, tr.name, from[tr.name], r.code, want, r.body)
					continue
				}
				got := e.status(id)
				if want == http.StatusOK && (got != tr.to || r.article(t).Status != string(tr.to)) {
					t.Errorf("%s %s: status %s, response %s, want %s", who, tr.name, got, r.article(t).Status, tr.to)
				}
				if want != http.StatusOK && got != from[tr.name] {
					t.Errorf("%s %s refused with %d but status changed to %s", who, tr.name, r.code, got)
				}
				if want == http.StatusUnauthorized && !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("%s %s: 401 without WWW-Authenticate: Bearer", who, tr.name)
				}
			}
		}
	})
}

// TestTransitionStatusMatrix takes every transition as an editor from every
// status: 200 where the workflow allows it, otherwise 409 naming the
// status the article is in.
func TestTransitionStatusMatrix(t *testing.T) {
	validFrom := map[string][]warta.ArticleStatus{
		"submit":    {warta.StatusDraft, warta.StatusReturned},
		"return":    {warta.StatusSubmitted},
		"approve":   {warta.StatusSubmitted, warta.StatusScheduled},
		"schedule":  {warta.StatusDraft, warta.StatusReturned, warta.StatusSubmitted, warta.StatusApproved, warta.StatusScheduled},
		"publish":   {warta.StatusDraft, warta.StatusReturned, warta.StatusSubmitted, warta.StatusApproved, warta.StatusScheduled, warta.StatusUnpublished},
		"unpublish": {warta.StatusPublished},
	}
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		for _, tr := range transitions {
			for _, st := range allStatuses {
				id := e.seed(e.kpu.ID, st)
				r := e.call("editor", "POST", "/api/v1/articles/"+id+"/"+tr.name, tr.body)
				ok := false
				for _, v := range validFrom[tr.name] {
					ok = ok || v == st
				}
				switch {
				case ok && r.code != http.StatusOK:
					t.Errorf("editor %s from %s: %d\n%s", tr.name, st, r.code, r.body)
				case ok && e.status(id) != tr.to:
					t.Errorf("editor %s from %s: status %s, want %s", tr.name, st, e.status(id), tr.to)
				case !ok && r.code != http.StatusConflict:
					t.Errorf("editor %s from %s: %d, want 409\n%s", tr.name, st, r.code, r.body)
				case !ok && !strings.Contains(r.problem(t).Detail, st.Label()):
					t.Errorf("editor %s from %s: detail %q does not name the status", tr.name, st, r.problem(t).Detail)
				case !ok && e.status(id) != st:
					t.Errorf("editor %s from %s: refused but status is %s", tr.name, st, e.status(id))
				}
			}
		}
		// A contributor may try to submit its agency's article in any
		// status; the status decides.
		id := e.seed(e.kpu.ID, warta.StatusPublished)
		e.call("contributor", "POST", "/api/v1/articles/"+id+"/submit", nil).want(t, http.StatusConflict, "contributor submits a published article")
		// An article that does not exist is 404 for every transition.
		for _, tr := range transitions {
			e.call("editor", "POST", "/api/v1/articles/01HZZZZZZZZZZZZZZZZZZZZZZZ/"+tr.name, tr.body).want(t, http.StatusNotFound, tr.name+" of a missing article")
		}
	})
}
