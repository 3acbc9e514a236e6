package newsroom_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/newsroom"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// env is a newsroom with two agencies and one user of each role. Everyone
// but the Bawaslu contributor nominally belongs to KPU, so "another agency"
// is Bawaslu for all of them.
type env struct {
	db       *store.DB
	s        *newsroom.Service
	kpu, bws warta.Agency
	users    map[string]*warta.User // by role name; "contributor" is KPU's
	n        int
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{db: db, users: map[string]*warta.User{}}
	e.kpu = warta.Agency{Slug: "kpu-jatim", Name: "KPU Provinsi Jawa Timur", ShortName: "KPU Jatim"}
	e.bws = warta.Agency{Slug: "bawaslu-jatim", Name: "Bawaslu Provinsi Jawa Timur", ShortName: "Bawaslu Jatim"}
	for _, ag := range []*warta.Agency{&e.kpu, &e.bws} {
		if err := db.CreateAgency(ctx, ag); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range warta.Roles {
		e.users[string(r)] = &warta.User{ID: "U-" + string(r), Name: string(r), Role: r, AgencyID: e.kpu.ID}
	}
	e.users["contributor-bawaslu"] = &warta.User{ID: "U-contributor-bawaslu", Role: warta.RoleContributor, AgencyID: e.bws.ID}
	var err error
	e.s, err = newsroom.New(newsroom.Config{DB: db, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// seed stores an article of the agency directly in the given status.
func (e *env) seed(t *testing.T, agencyID string, st warta.ArticleStatus) *warta.Article {
	t.Helper()
	e.n++
	a := &warta.Article{Title: fmt.Sprintf("Rapat pleno rekapitulasi nomor %d", e.n), Body: "Rapat berjalan lancar.\nSaksi hadir.",
		AgencyID: agencyID, Status: st}
	if st == warta.StatusPublished || st == warta.StatusUnpublished {
		a.PublishedAt = time.Now().Add(-time.Hour).Truncate(time.Second)
	}
	if err := e.db.CreateArticle(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

// do takes action a on the article as u, the way the studio would.
func (e *env) do(ctx context.Context, u *warta.User, a warta.Action, id string) error {
	var err error
	switch a {
	case warta.ActionEdit:
		var sa *warta.StaffArticle
		if sa, err = e.db.StaffArticle(ctx, id); err == nil {
			art := *sa.Article
			art.Body += "\nTambahan keterangan."
			err = e.s.Update(ctx, u, &art, "melengkapi")
		}
	case warta.ActionSubmit:
		_, err = e.s.Submit(ctx, u, id)
	case warta.ActionReturn:
		_, err = e.s.Return(ctx, u, id, "Sebutkan sumber angka partisipasi.")
	case warta.ActionApprove:
		_, err = e.s.Approve(ctx, u, id)
	case warta.ActionSchedule:
		_, err = e.s.Schedule(ctx, u, id, time.Now().Add(24*time.Hour))
	case warta.ActionPublish:
		_, err = e.s.Publish(ctx, u, id)
	case warta.ActionUnpublish:
		_, err = e.s.Unpublish(ctx, u, id)
	case warta.ActionCorrect:
		_, err = e.s.Correct(ctx, u, id, "Jumlah TPS semula tertulis 120.000.")
	case warta.ActionHeadline:
		_, err = e.s.SetHeadline(ctx, u, id, true, 1)
	default:
		err = fmt.Errorf("no such action %q", a)
	}
	return err
}

func (e *env) status(t *testing.T, id string) warta.ArticleStatus {
	t.Helper()
	sa, err := e.db.StaffArticle(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return sa.Status
}
