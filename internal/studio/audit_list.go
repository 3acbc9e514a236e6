package studio

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// auditView is the audit log with its filters.
type auditView struct {
	layout
	Form    *form
	Entries []auditRow
	Users   []warta.User
	Actions []string
	Next    string
}

// auditRow is one audit entry as the page shows it.
type auditRow struct {
	warta.AuditEntry
	ActorName string
	Details   []auditDetail // the detail's JSON object, key by key
	Link      string        // the object's studio page, when it has one
}

type auditDetail struct{ Key, Value string }

// auditActions are the actions Warta records, offered as suggestions in the
// filter.
var auditActions = []string{
	"article.create", "article.edit", "article.submit", "article.return", "article.approve", "article.schedule",
	"article.publish", "article.unpublish", "article.correct", "article.headline",
	"auth.login", "auth.login_failed", "auth.login_blocked", "auth.logout_everywhere",
	"auth.password_reset_requested", "auth.password_reset", "auth.totp_enabled", "auth.totp_disabled",
	"user.create", "user.role", "user.disable", "user.enable", "agency.create", "media.upload",
}

// auditList shows the audit log newest first, filtered by who (a user's
// email or ID, or the email tried in a failed sign-in), what, which object
// and which days, a page at a time.
func (s *Studio) auditList(w http.ResponseWriter, r *http.Request, admin *warta.User) error {
	ctx := r.Context()
	q := r.URL.Query()
	v := auditView{layout: s.newLayout(r, "Log audit"), Form: newForm(q), Actions: auditActions}
	var err error
	if v.Users, err = s.db.Users(ctx); err != nil {
		return err
	}
	f := warta.AuditFilter{Action: strings.TrimSpace(q.Get("aksi")), ObjectType: strings.TrimSpace(q.Get("objek")),
		ObjectID: strings.TrimSpace(q.Get("id")), Limit: 50}
	if actor := strings.TrimSpace(q.Get("pelaku")); actor != "" {
		f.Actor = actor
		for _, u := range v.Users {
			if strings.EqualFold(u.Email, actor) {
				f.Actor = u.ID
			}
		}
	}
	if d := q.Get("dari"); d != "" {
		if t, err := time.ParseInLocation("2006-01-02", d, warta.Jakarta); err == nil {
			f.From = t
		} else {
			v.Form.Set("dari", "Tanggal tidak valid.")
		}
	}
	if d := q.Get("sampai"); d != "" {
		if t, err := time.ParseInLocation("2006-01-02", d, warta.Jakarta); err == nil {
			f.To = t.AddDate(0, 0, 1) // the whole last day
		} else {
			v.Form.Set("sampai", "Tanggal tidak valid.")
		}
	}
	if c := q.Get("sebelum"); c != "" {
		if !warta.ValidAuditCursor(c) {
			return warta.Errorf(warta.EInvalid, "Penanda halaman tidak valid. Kembali ke halaman pertama.")
		}
		f.After = c
	}
	page, err := s.nr.Audit(ctx, admin, f)
	if err != nil {
		return err
	}
	names := map[string]string{warta.ActorSystem: "Sistem"}
	for _, u := range v.Users {
		names[u.ID] = fmt.Sprintf("%s (%s)", u.Name, u.Email)
	}
	for _, e := range page.Entries {
		row := auditRow{AuditEntry: e, ActorName: names[e.Actor], Details: auditDetails(e.Detail)}
		if row.ActorName == "" {
			row.ActorName = e.Actor
		}
		if e.ObjectType == "article" && e.ObjectID != "" {
			row.Link = "/studio/artikel/" + e.ObjectID
		}
		v.Entries = append(v.Entries, row)
	}
	if page.Next != "" {
		next := url.Values{}
		for k, vals := range q {
			if k != "sebelum" && len(vals) > 0 && vals[0] != "" {
				next.Set(k, vals[0])
			}
		}
		next.Set("sebelum", page.Next)
		v.Next = "/studio/audit?" + next.Encode()
	}
	s.render(w, r, http.StatusOK, "audit", &v)
	return nil
}

// auditDetails splits a JSON object detail into its fields, sorted; other
// details are one unnamed field.
func auditDetails(detail string) []auditDetail {
	if detail == "" {
		return nil
	}
	var obj map[string]any
	if err := json.Unmarshal([]byte(detail), &obj); err != nil {
		return []auditDetail{{Value: detail}}
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]auditDetail, 0, len(keys))
	for _, k := range keys {
		val := obj[k]
		var s string
		switch x := val.(type) {
		case string:
			s = x
		case nil:
			s = "–"
		default:
			b, _ := json.Marshal(x)
			s = string(b)
		}
		out = append(out, auditDetail{k, s})
	}
	return out
}
