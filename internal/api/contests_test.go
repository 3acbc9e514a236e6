package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/api"
	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/mail"
	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// contestMail keeps the contest service's mail for the test to follow.
type contestMail struct {
	mu   sync.Mutex
	text map[string]string
}

func (m *contestMail) Send(_ context.Context, msg mail.Message) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.text[msg.To] = msg.Text
	return nil
}

var contestToken = regexp.MustCompile(`token=([A-Za-z0-9_-]+)`)

// TestContestsAPI reads contests through the API as they go from
// submissions to results: the list, a phase filter, one contest with its
// categories and rubric, and results that stay null until the
// announcement time.
func TestContestsAPI(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		e.call("editor", "GET", "/api/v1/contests", nil).want(t, http.StatusServiceUnavailable, "without the contest service")

		wib := func(m time.Month, d, h int) time.Time { return time.Date(2024, m, d, h, 0, 0, 0, warta.Jakarta) }
		var mu sync.Mutex
		now := wib(7, 10, 9)
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		set := func(t time.Time) { mu.Lock(); now = t; mu.Unlock() }
		box := &contestMail{text: map[string]string{}}
		cs, err := contest.New(contest.Config{DB: db, Files: media.New(t.TempDir()), Mailer: box, BaseURL: "https://warta.example",
			Now: clock, Logger: quiet()})
		if err != nil {
			t.Fatal(err)
		}
		e.api = api.New(api.Config{Newsroom: nil, Auth: e.auth, DB: db, Logger: quiet(), BaseURL: "https://warta.example", Contests: cs})
		e.mux = http.NewServeMux()
		e.api.Routes(e.mux)
		e.h = e.auth.Middleware(e.auth.CrossOrigin(e.mux))

		editor, judge := e.users["editor"], e.users["judge"]
		mk := func(title string, published bool) *contest.Contest {
			c := &contest.Contest{Title: title, Theme: "Pemilu damai", AgencyID: e.kpu.ID, MinAge: 17, Published: published,
				Regions: []warta.Region{{Slug: "kota-surabaya"}},
				Timeline: contest.Timeline{RegistrationOpen: wib(7, 1, 8), SubmissionDeadline: wib(8, 1, 0), JudgingStart: wib(8, 2, 8),
					JudgingEnd: wib(8, 15, 17), AnnouncementAt: wib(8, 17, 10)},
				Categories: []contest.Category{{Name: "Poster", Kind: contest.KindFile, Accept: []string{contest.TypePNG}, MaxBytes: 1 << 20},
					{Name: "Video", Kind: contest.KindLink, Platforms: []string{contest.PlatformYouTube}}},
				Prizes: []contest.Prize{{Place: 1, Reward: "Rp5.000.000"}}}
			if err := cs.SaveContest(ctx, editor, c); err != nil {
				t.Fatal(err)
			}
			if err := cs.SetRubric(ctx, editor, c.ID, "", []contest.Criterion{{Name: "Pesan", Weight: 60}, {Name: "Teknis", Weight: 40}}); err != nil {
				t.Fatal(err)
			}
			return c
		}
		c := mk("Lomba Poster Pemilu", true)
		mk("Lomba Rahasia", false)

		// One participant, one accepted poster, one judge.
		if _, err := cs.Register(ctx, contest.Registration{Name: "Ayu Lestari", Email: "ayu@peserta.example", BirthDate: "2003-05-05",
			Region: "kota-surabaya", Password: "kata-sandi-peserta-uji"}); err != nil {
			t.Fatal(err)
		}
		p, err := cs.VerifyEmail(ctx, contestToken.FindStringSubmatch(box.text["ayu@peserta.example"])[1])
		if err != nil {
			t.Fatal(err)
		}
		if err := cs.Join(ctx, p, c.ID); err != nil {
			t.Fatal(err)
		}
		var img bytes.Buffer
		png.Encode(&img, image.NewGray(image.Rect(0, 0, 8, 8)))
		entry, err := cs.Submit(ctx, p, c.ID, contest.EntryInput{Category: "poster", Title: "Suaramu Menentukan", File: &img})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := cs.AcceptEntry(ctx, editor, entry.ID); err != nil {
			t.Fatal(err)
		}
		if err := cs.SavePanel(ctx, editor, &contest.Panel{ContestID: c.ID, Name: "Panel", JudgeIDs: []string{judge.ID}}); err != nil {
			t.Fatal(err)
		}
		set(wib(8, 3, 9))
		rubric, _ := cs.Rubric(ctx, c.ID, "")
		if err := cs.ScoreEntry(ctx, judge, entry.ID, map[string]int{rubric[0].ID: 90, rubric[1].ID: 80}); err != nil {
			t.Fatal(err)
		}

		// The list: published contests for a contributor, all for an editor.
		type summary struct {
			ID, Slug, URL, Phase string
			Published            bool
		}
		var list struct{ Contests []summary }
		e.call("contributor", "GET", "/api/v1/contests", nil).want(t, http.StatusOK, "list").decode(t, &list)
		if len(list.Contests) != 1 || list.Contests[0].Slug != "lomba-poster-pemilu" || list.Contests[0].Phase != "judging" ||
			list.Contests[0].URL != "https://warta.example/lomba/lomba-poster-pemilu" {
			t.Errorf("contributor's list %+v", list)
		}
		e.call("reader", "GET", "/api/v1/contests", nil).want(t, http.StatusOK, "editor's list").decode(t, &list)
		if len(list.Contests) != 2 {
			t.Errorf("editor's list %+v", list)
		}
		e.call("contributor", "GET", "/api/v1/contests?phase=submission", nil).want(t, http.StatusOK, "filtered").decode(t, &list)
		if len(list.Contests) != 0 {
			t.Errorf("contests in submission: %+v", list)
		}
		r := e.call("contributor", "GET", "/api/v1/contests?phase=lomba", nil).want(t, http.StatusBadRequest, "unknown phase")
		if pr := r.problem(t); len(pr.Errors) != 1 || pr.Errors[0].Field != "phase" {
			t.Errorf("unknown phase: %+v", pr)
		}
		e.call("anonymous", "GET", "/api/v1/contests", nil).want(t, http.StatusUnauthorized, "anonymous")

		// One contest: results stay null until 17 August 10:00 WIB.
		type standing struct {
			Rank   int
			Final  float64
			Rubric float64
			Judges int
			Prize  *struct{ Title, Reward string }
			Entry  struct {
				ID, Title, Code string
				ParticipantName string `json:"participant_name"`
			}
		}
		type full struct {
			ID, Phase string
			Timeline  struct {
				SubmissionDeadline string  `json:"submission_deadline"`
				VoteStart          *string `json:"vote_start"`
			}
			Categories []struct {
				Slug, Kind string
				Accept     []string
				Criteria   []struct {
					Name   string
					Weight int
				}
			}
			Organizer struct{ Slug string }
			Regions   []struct{ Name string }
			Results   *[]struct {
				Category  string
				Standings []standing
			}
		}
		var got full
		set(wib(8, 17, 10).Add(-time.Second))
		e.call("contributor", "GET", "/api/v1/contests/lomba-poster-pemilu", nil).want(t, http.StatusOK, "by slug").decode(t, &got)
		if got.ID != c.ID || got.Results != nil || got.Timeline.SubmissionDeadline != "2024-08-01T00:00:00+07:00" || got.Timeline.VoteStart != nil ||
			len(got.Categories) != 2 || got.Categories[0].Accept[0] != "image/png" || len(got.Categories[1].Criteria) != 2 ||
			got.Categories[1].Criteria[0].Weight != 60 || got.Organizer.Slug != "kpu-jatim" || got.Regions[0].Name != "Kota Surabaya" {
			t.Errorf("before the announcement: %+v", got)
		}
		e.call("editor", "GET", "/api/v1/contests/"+c.ID, nil).want(t, http.StatusOK, "editor by ID").decode(t, &got)
		if got.Results != nil {
			t.Error("the API shows an editor results before the announcement")
		}
		set(wib(8, 17, 10).Add(time.Second))
		e.call("contributor", "GET", "/api/v1/contests/"+c.ID, nil).want(t, http.StatusOK, "after the announcement").decode(t, &got)
		// (60·90 + 40·80) / 100 = 86
		if got.Phase != "announced" || got.Results == nil || len(*got.Results) != 2 {
			t.Fatalf("after the announcement: %+v", got)
		}
		st := (*got.Results)[0].Standings
		if (*got.Results)[0].Category != "poster" || len(st) != 1 || st[0].Rank != 1 || st[0].Final != 86 || st[0].Judges != 1 ||
			st[0].Prize == nil || st[0].Prize.Title != "Juara 1" || st[0].Entry.ParticipantName != "Ayu Lestari" || !strings.HasPrefix(st[0].Entry.Code, "K-") {
			t.Errorf("poster standings %+v", st)
		}
		e.call("contributor", "GET", "/api/v1/contests/lomba-rahasia", nil).want(t, http.StatusNotFound, "unpublished for a contributor")
		e.call("editor", "GET", "/api/v1/contests/lomba-rahasia", nil).want(t, http.StatusOK, "unpublished for an editor")
		e.call("editor", "GET", "/api/v1/contests/tidak-ada", nil).want(t, http.StatusNotFound, "unknown")
		e.call("editor", "POST", "/api/v1/contests", nil).want(t, http.StatusMethodNotAllowed, "POST")

		// The responses have exactly the documented fields.
		var doc struct {
			Components struct {
				Schemas map[string]struct {
					Properties map[string]json.RawMessage `json:"properties"`
				} `json:"schemas"`
			} `json:"components"`
		}
		e.call("anonymous", "GET", "/api/openapi.json", nil).want(t, http.StatusOK, "document").decode(t, &doc)
		check := func(name string, v any) {
			t.Helper()
			m, ok := v.(map[string]any)
			if !ok {
				t.Errorf("%s: %T is not an object", name, v)
				return
			}
			if got, props := slices.Sorted(maps.Keys(m)), slices.Sorted(maps.Keys(doc.Components.Schemas[name].Properties)); !slices.Equal(got, props) {
				t.Errorf("schema %s lists %v; the API writes %v", name, props, got)
			}
		}
		obj := e.call("contributor", "GET", "/api/v1/contests/"+c.ID, nil).object(t)
		check("Contest", obj)
		check("ContestTimeline", obj["timeline"])
		check("ContestCategory", first(obj["categories"]))
		check("Criterion", first(first(obj["categories"]).(map[string]any)["criteria"]))
		check("Prize", first(obj["prizes"]))
		results := first(obj["results"]).(map[string]any)
		check("CategoryResults", results)
		check("Standing", first(results["standings"]))
		check("StandingEntry", first(results["standings"]).(map[string]any)["entry"])
		lst := e.call("contributor", "GET", "/api/v1/contests", nil).object(t)
		check("ContestList", lst)
		check("ContestSummary", first(lst["contests"]))
	})
}
