package newsroom_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

const (
	draft       = warta.StatusDraft
	submitted   = warta.StatusSubmitted
	returned    = warta.StatusReturned
	approved    = warta.StatusApproved
	scheduled   = warta.StatusScheduled
	published   = warta.StatusPublished
	unpublished = warta.StatusUnpublished
)

var allStatuses = []warta.ArticleStatus{draft, submitted, returned, approved, scheduled, published, unpublished}

// articleActions are the actions taken on an existing article.
var articleActions = []warta.Action{warta.ActionEdit, warta.ActionSubmit, warta.ActionReturn, warta.ActionApprove,
	warta.ActionSchedule, warta.ActionPublish, warta.ActionUnpublish, warta.ActionCorrect, warta.ActionHeadline}

// TestRoleActionMatrix takes every action as every role on an article of
// the user's own agency and of another, starting from a status where the
// action is valid, so that only permission decides.
func TestRoleActionMatrix(t *testing.T) {
	validFrom := map[warta.Action]warta.ArticleStatus{
		warta.ActionEdit: draft, warta.ActionSubmit: draft, warta.ActionReturn: submitted, warta.ActionApprove: submitted,
		warta.ActionSchedule: approved, warta.ActionPublish: approved, warta.ActionUnpublish: published,
		warta.ActionCorrect: published, warta.ActionHeadline: published,
	}
	all := "edit submit return approve schedule publish unpublish correct headline"
	// allowed lists, per role, what it may do on its own agency's articles
	// and on another agency's.
	allowed := map[string][2]string{
		"admin":       {all, all},
		"editor":      {all, all},
		"contributor": {"edit submit", ""},
		"factchecker": {"", ""},
		"judge":       {"", ""},
	}
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		for role, want := range allowed {
			u := e.users[role]
			for side, agency := range []string{e.kpu.ID, e.bws.ID} {
				for _, a := range articleActions {
					art := e.seed(t, agency, validFrom[a])
					err := e.do(ctx, u, a, art.ID)
					ok := strings.Contains(" "+want[side]+" ", " "+string(a)+" ")
					where := [2]string{"own agency", "other agency"}[side]
					if ok && err != nil {
						t.Errorf("%s %s on %s article: refused: %v", role, a, where, err)
					}
					if !ok && warta.ErrorCode(err) != warta.EForbidden {
						t.Errorf("%s %s on %s article: got %v, want forbidden", role, a, where, err)
					}
					if !ok && e.status(t, art.ID) != validFrom[a] {
						t.Errorf("%s %s on %s article: refused but status changed", role, a, where)
					}
				}
			}
			// Creating: contributors always write for their own agency.
			art := &warta.Article{Title: "Draf dari " + role, Body: "Isi.", AgencyID: e.bws.ID}
			err := e.s.Create(ctx, u, art)
			switch role {
			case "admin", "editor":
				if err != nil || art.AgencyID != e.bws.ID || art.Status != draft {
					t.Errorf("%s create: %v, agency %s, status %s", role, err, art.AgencyID, art.Status)
				}
			case "contributor":
				if err != nil || art.AgencyID != e.kpu.ID {
					t.Errorf("contributor create: %v, agency %s, want own agency", err, art.AgencyID)
				}
			default:
				if warta.ErrorCode(err) != warta.EForbidden {
					t.Errorf("%s create: %v, want forbidden", role, err)
				}
			}
		}
		if err := e.s.Create(ctx, nil, &warta.Article{Title: "x", AgencyID: e.kpu.ID}); warta.ErrorCode(err) != warta.EUnauthorized {
			t.Errorf("anonymous create: %v", err)
		}
		disabled := *e.users["editor"]
		disabled.Disabled = true
		if _, err := e.s.Publish(ctx, &disabled, e.seed(t, e.kpu.ID, approved).ID); warta.ErrorCode(err) != warta.EForbidden {
			t.Errorf("disabled editor publish: %v", err)
		}
	})
}

// TestTransitions takes every action as an editor from every status, and
// checks the contributor's limits on its own agency's articles.
func TestTransitions(t *testing.T) {
	// valid lists the statuses each action may start from, and after the
	// status it leads to ("" = unchanged).
	valid := map[warta.Action]struct {
		from  []warta.ArticleStatus
		after warta.ArticleStatus
	}{
		warta.ActionEdit:      {allStatuses, ""},
		warta.ActionHeadline:  {allStatuses, ""},
		warta.ActionSubmit:    {[]warta.ArticleStatus{draft, returned}, submitted},
		warta.ActionReturn:    {[]warta.ArticleStatus{submitted}, returned},
		warta.ActionApprove:   {[]warta.ArticleStatus{submitted, scheduled}, approved},
		warta.ActionSchedule:  {[]warta.ArticleStatus{draft, returned, submitted, approved, scheduled}, scheduled},
		warta.ActionPublish:   {[]warta.ArticleStatus{draft, returned, submitted, approved, scheduled, unpublished}, published},
		warta.ActionUnpublish: {[]warta.ArticleStatus{published}, unpublished},
		warta.ActionCorrect:   {[]warta.ArticleStatus{published}, published},
	}
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		editor := e.users["editor"]
		for _, a := range articleActions {
			v := valid[a]
			for _, from := range allStatuses {
				art := e.seed(t, e.kpu.ID, from)
				err := e.do(ctx, editor, a, art.ID)
				ok := false
				for _, s := range v.from {
					ok = ok || s == from
				}
				got := e.status(t, art.ID)
				switch {
				case ok && err != nil:
					t.Errorf("editor %s from %s: %v", a, from, err)
				case ok && v.after != "" && got != v.after:
					t.Errorf("editor %s from %s: status %s, want %s", a, from, got, v.after)
				case ok && v.after == "" && got != from:
					t.Errorf("editor %s from %s: status changed to %s", a, from, got)
				case !ok && warta.ErrorCode(err) != warta.EConflict:
					t.Errorf("editor %s from %s: got %v, want conflict", a, from, err)
				case !ok && !strings.Contains(warta.ErrorMessage(err), from.Label()):
					t.Errorf("editor %s from %s: message %q does not name the status", a, from, warta.ErrorMessage(err))
				case !ok && got != from:
					t.Errorf("editor %s from %s: refused but status is %s", a, from, got)
				}
			}
		}
		// Contributors edit only drafts and returned articles; they may
		// try to submit anything of theirs, which the status decides.
		contributor := e.users["contributor"]
		for _, from := range allStatuses {
			mine := from == draft || from == returned
			err := e.do(ctx, contributor, warta.ActionEdit, e.seed(t, e.kpu.ID, from).ID)
			if mine && err != nil || !mine && warta.ErrorCode(err) != warta.EForbidden {
				t.Errorf("contributor edit of %s article: %v", from, err)
			}
			err = e.do(ctx, contributor, warta.ActionSubmit, e.seed(t, e.kpu.ID, from).ID)
			if mine && err != nil || !mine && warta.ErrorCode(err) != warta.EConflict {
				t.Errorf("contributor submit of %s article: %v", from, err)
			}
		}
	})
}
