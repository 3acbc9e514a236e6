package dissemination_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/dissemination/uji"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// TestPublishDeliversOncePerChannel publishes an article with two default
// channels, one not chosen and one disabled: each default channel gets one
// post with the title and the article's link, the editor sees each
// delivery delivered with the post's id and link, and recording the same
// version again sends nothing more.
func TestPublishDeliversOncePerChannel(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.channel("uji-satu", true)
		b := e.channel("uji-dua", true)
		e.channel("uji-tidak-dipilih", false)
		off := e.channel("uji-mati", true)
		off.Enabled = false
		if err := e.eng.UpdateChannel(ctx, off); err != nil {
			t.Fatal(err)
		}
		art := e.publish()
		ds := e.settled(art.ID, 2)
		posts := e.api.Posts()
		if len(posts) != 2 {
			t.Fatalf("%d posts, want 2: %+v", len(posts), posts)
		}
		sa, err := e.db.StaffArticle(ctx, art.ID)
		if err != nil {
			t.Fatal(err)
		}
		url := "https://warta.example" + sa.Path()
		got := map[string]bool{}
		for _, d := range ds {
			got[d.Channel.ID] = true
			if d.Status != dissemination.StatusDelivered || d.Op != dissemination.OpCreate || d.Attempts != 1 {
				t.Errorf("delivery: %s", describe([]dissemination.Delivery{d}))
			}
			if !strings.HasPrefix(d.Remote.ID, "p") || d.Remote.URL != "https://uji.example/@warta/"+d.Remote.ID {
				t.Errorf("remote %+v", d.Remote)
			}
			if d.Rendering == nil || !strings.Contains(d.Rendering.Text, art.Title) || !strings.HasSuffix(d.Rendering.Text, url) ||
				d.Rendering.Limit != uji.Limit {
				t.Errorf("rendering %+v", d.Rendering)
			}
			if d.DeliveredAt.IsZero() || d.Version != dissemination.Version(sa.Article) {
				t.Errorf("delivered at %v, version %q", d.DeliveredAt, d.Version)
			}
		}
		if !got[a.ID] || !got[b.ID] {
			t.Errorf("delivered to %v, want %s and %s", got, a.Name, b.Name)
		}
		for _, p := range posts {
			if p.Post.URL != url || !strings.Contains(p.Post.Text, art.Title) {
				t.Errorf("post %+v", p.Post)
			}
		}

		// The same version recorded again: no new delivery, no new post.
		tx, err := e.db.SQL().BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.eng.ArticleChanged(ctx, tx, warta.StatusApproved, sa.Article); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(1500 * time.Millisecond)
		if ds := e.deliveries(art.ID); len(ds) != 2 {
			t.Errorf("after recording the version twice: %s", describe(ds))
		}
		if n := len(e.api.Posts()); n != 2 {
			t.Errorf("%d posts after recording the version twice", n)
		}

		// Metrics count both deliveries and their latency.
		reg := prometheus.NewRegistry()
		reg.MustRegister(e.eng.Collectors()...)
		families, err := reg.Gather()
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]float64{}
		for _, f := range families {
			for _, m := range f.Metric {
				switch {
				case m.Counter != nil:
					seen[f.GetName()] += m.Counter.GetValue()
				case m.Histogram != nil:
					seen[f.GetName()] += float64(m.Histogram.GetSampleCount())
				}
			}
		}
		if seen["warta_deliveries_total"] != 2 || seen["warta_publish_to_delivered_seconds"] != 2 {
			t.Errorf("metrics %v", seen)
		}
	})
}

// TestRetryAfterIsHonoured answers the first attempt with 429 and
// Retry-After: 2: the editor sees why it waits, and the second attempt
// comes no sooner than asked.
func TestRetryAfterIsHonoured(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ch := e.channel("uji", false)
		e.api.Fail(uji.Failure{Status: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"2"}}, Body: `{"error":"slow down"}`})
		art := e.publish(ch)
		deadline := time.Now().Add(10 * time.Second)
		for len(e.requests("POST", "/posts")) < 1 && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		var waiting dissemination.Delivery
		for time.Now().Before(deadline) {
			if ds := e.deliveries(art.ID); len(ds) == 1 && ds[0].LastError != "" {
				waiting = ds[0]
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		if waiting.Status != dissemination.StatusQueued || !strings.Contains(waiting.LastError, "membatasi laju") {
			t.Errorf("while waiting: %s", describe([]dissemination.Delivery{waiting}))
		}
		ds := e.settled(art.ID, 1)
		reqs := e.requests("POST", "/posts")
		if len(reqs) != 2 || ds[0].Status != dissemination.StatusDelivered || ds[0].Attempts != 2 || ds[0].LastError != "" {
			t.Fatalf("%d requests; %s", len(reqs), describe(ds))
		}
		if gap := reqs[1].At.Sub(reqs[0].At); gap < 2*time.Second {
			t.Errorf("retried after %v, Retry-After said 2 s", gap)
		}
		if reqs[0].Header.Get("Idempotency-Key") == "" || reqs[0].Header.Get("Idempotency-Key") != reqs[1].Header.Get("Idempotency-Key") {
			t.Errorf("idempotency keys %q, %q", reqs[0].Header.Get("Idempotency-Key"), reqs[1].Header.Get("Idempotency-Key"))
		}
	})
}

// TestServerErrorsRetryWithBackoff answers 500 twice: the third attempt
// delivers, each wait longer than the base backoff allows for.
func TestServerErrorsRetryWithBackoff(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ch := e.channel("uji", false)
		e.api.Fail(uji.Failure{Status: 500, Body: "oops"}, uji.Failure{Status: 502, Body: "bad gateway"})
		art := e.publish(ch)
		ds := e.settled(art.ID, 1)
		reqs := e.requests("POST", "/posts")
		if len(reqs) != 3 || ds[0].Status != dissemination.StatusDelivered || ds[0].Attempts != 3 {
			t.Fatalf("%d requests; %s", len(reqs), describe(ds))
		}
		// RetryBase is 300 ms with ±20% jitter: at least 240 ms, then 480 ms.
		if g1, g2 := reqs[1].At.Sub(reqs[0].At), reqs[2].At.Sub(reqs[1].At); g1 < 240*time.Millisecond || g2 < 480*time.Millisecond {
			t.Errorf("waits %v then %v; want ≥ 240 ms then ≥ 480 ms", g1, g2)
		}
		if len(e.api.Posts()) != 1 {
			t.Errorf("posts %+v", e.api.Posts())
		}
	})
}

// TestPermanentErrorStops answers 401: the delivery fails at once with a
// message telling the editor to renew the token, and nothing is retried
// until the editor asks; then it goes out.
func TestPermanentErrorStops(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ch := e.channel("uji", false)
		e.api.Fail(uji.Failure{Status: http.StatusUnauthorized, Body: `{"error":"The access token is invalid"}`})
		art := e.publish(ch)
		ds := e.settled(art.ID, 1)
		d := ds[0]
		if d.Status != dissemination.StatusFailed || d.Attempts != 1 || !strings.Contains(d.LastError, "Token Kanal uji ditolak atau kedaluwarsa") {
			t.Fatalf("%s", describe(ds))
		}
		time.Sleep(2 * time.Second) // more than the backoff would wait
		if n := len(e.requests("POST", "/posts")); n != 1 {
			t.Fatalf("%d requests after a permanent error", n)
		}
		if _, err := e.eng.Retry(context.Background(), d.ID); err != nil {
			t.Fatal(err)
		}
		ds = e.settled(art.ID, 1)
		if ds[0].Status != dissemination.StatusDelivered || ds[0].LastError != "" || len(e.api.Posts()) != 1 {
			t.Errorf("after retry: %s", describe(ds))
		}
		if _, err := e.eng.Retry(context.Background(), d.ID); warta.ErrorCode(err) != warta.EConflict {
			t.Errorf("retrying a delivered delivery: %v", err)
		}
	})
}

// TestCorrectionAndUnpublishFollow corrects a live article, which edits
// its posts, and unpublishes it, which deletes them, each acting on the
// post the first delivery made.
func TestCorrectionAndUnpublishFollow(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ch := e.channel("uji", false)
		other := e.channel("uji-lain", false)
		art := e.publish(ch)
		create := e.settled(art.ID, 1)[0]
		time.Sleep(time.Second) // a new version is a new second
		e.do(warta.ActionCorrect, art.ID)
		ds := e.settled(art.ID, 2)
		update := ds[1]
		if update.Op != dissemination.OpUpdate || update.Status != dissemination.StatusDelivered || update.Remote != create.Remote ||
			update.Version == create.Version || update.Channel.ID != ch.ID {
			t.Fatalf("after the correction: %s", describe(ds))
		}
		if reqs := e.requests("PUT", "/posts/"+create.Remote.ID); len(reqs) != 1 {
			t.Errorf("%d edits of the post", len(reqs))
		}
		time.Sleep(time.Second)
		e.do(warta.ActionUnpublish, art.ID)
		ds = e.settled(art.ID, 3)
		del := ds[2]
		if del.Op != dissemination.OpDelete || del.Status != dissemination.StatusDelivered || del.Remote != create.Remote {
			t.Fatalf("after unpublishing: %s", describe(ds))
		}
		posts := e.api.Posts()
		if len(posts) != 1 || !posts[0].Deleted || posts[0].Edits != 1 {
			t.Errorf("posts %+v", posts)
		}
		for _, d := range ds {
			if d.Channel.ID == other.ID {
				t.Errorf("delivered to a channel not chosen: %s", describe(ds))
			}
		}
	})
}

// TestDryRunRecordsRequests configures a channel without its token: the
// delivery records the exact request it would have sent, with the secret
// hidden, and nothing reaches the server.
func TestDryRunRecordsRequests(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ch := e.channel("uji-kering", false, "notoken")
		info, err := e.eng.Channel(context.Background(), ch.ID)
		if err != nil || !info.DryRun || len(info.Missing) != 1 || info.Missing[0] != "token" {
			t.Fatalf("channel info %+v, %v", info, err)
		}
		art := e.publish(ch)
		ds := e.settled(art.ID, 1)
		d := ds[0]
		if d.Status != dissemination.StatusDryRun || len(d.Requests) != 1 {
			t.Fatalf("%s; requests %+v", describe(ds), d.Requests)
		}
		r := d.Requests[0]
		if r.Method != "POST" || r.URL != e.apiURL+"/posts" || r.Header["Authorization"] != dissemination.Redacted ||
			r.Header["Content-Type"] != "application/json" || r.Header["Idempotency-Key"] == "" ||
			!strings.Contains(r.Body, art.Title) || strings.Contains(r.Body, dissemination.DryRunSecret) {
			t.Errorf("recorded %+v", r)
		}
		if n := len(e.api.Requests()); n != 0 {
			t.Errorf("%d requests reached the server in a dry run", n)
		}
	})
}

// TestRateLimitIsHonoured sends three articles to a channel allowing 60
// posts a minute: they go out a second apart.
func TestRateLimitIsHonoured(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ch := e.channel("uji-pelan", false, "rate_per_minute=60")
		var arts []*warta.Article
		for range 3 {
			arts = append(arts, e.publish(ch))
		}
		for _, a := range arts {
			e.settled(a.ID, 1)
		}
		reqs := e.requests("POST", "/posts")
		if len(reqs) != 3 {
			t.Fatalf("%d requests", len(reqs))
		}
		for i := 1; i < len(reqs); i++ {
			if gap := reqs[i].At.Sub(reqs[i-1].At); gap < 900*time.Millisecond {
				t.Errorf("post %d came %v after the one before; the limit allows one a second", i+1, gap)
			}
		}
	})
}

// TestTwoStepResumes fails the second step of a two-step post: the retry
// publishes the draft the first attempt made instead of making another.
func TestTwoStepResumes(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ch := e.channel("uji-dua-langkah", false, "two_step=1")
		art := e.draft()
		if err := e.eng.SetArticleChannels(context.Background(), art.ID, []string{ch.ID}); err != nil {
			t.Fatal(err)
		}
		// The draft succeeds; its publication meets a 503 once.
		arrived, release := e.api.Hold(nil)
		e.do(warta.ActionPublish, art.ID)
		<-arrived // POST /drafts
		e.api.Fail(uji.Failure{Status: http.StatusServiceUnavailable, Body: "maintenance"})
		release()
		ds := e.settled(art.ID, 1)
		if ds[0].Status != dissemination.StatusDelivered || ds[0].Attempts != 2 || ds[0].Steps["draft"] == "" {
			t.Fatalf("%s; steps %v", describe(ds), ds[0].Steps)
		}
		if n := len(e.requests("POST", "/drafts")); n != 1 {
			t.Errorf("%d drafts made", n)
		}
		if n := len(e.requests("POST", "/drafts/"+ds[0].Steps["draft"]+"/publish")); n != 2 {
			t.Errorf("%d publications of the draft", n)
		}
		if posts := e.api.Posts(); len(posts) != 1 || ds[0].Remote.ID != posts[0].ID {
			t.Errorf("posts %+v, remote %+v", posts, ds[0].Remote)
		}
	})
}

// TestScheduledPublicationDelivers schedules an article: when the
// newsroom's job publishes it, its deliveries are queued with it.
func TestScheduledPublicationDelivers(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.channel("uji", true)
		art := e.draft()
		at := time.Now().Add(2 * time.Second)
		if _, err := e.nr.Schedule(context.Background(), e.editor, art.ID, at); err != nil {
			t.Fatal(err)
		}
		ds := e.settled(art.ID, 1)
		if ds[0].Status != dissemination.StatusDelivered || ds[0].CreatedAt.Before(at.Truncate(time.Second)) {
			t.Errorf("%s, queued at %v for %v", describe(ds), ds[0].CreatedAt, at)
		}
	})
}

// TestChannelsKeepSecretsSealed stores a token: the database holds it
// sealed, listings name it without its value, an update keeps what it does
// not mention, and a removed channel frees its name.
func TestChannelsKeepSecretsSealed(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		ch := e.channel("uji", false, "secret:extra=nilai-tambahan")
		var raw string
		if err := e.db.SQL().QueryRowContext(ctx, e.db.Rebind("SELECT secrets FROM channels WHERE id = ?"), ch.ID).Scan(&raw); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(raw, token) || strings.Contains(raw, "nilai-tambahan") || !strings.Contains(raw, `"token"`) {
			t.Errorf("stored secrets %s", raw)
		}
		list, err := e.eng.Channels(ctx)
		if err != nil || len(list) != 1 || list[0].Secrets != nil || strings.Join(list[0].SecretKeys, ",") != "extra,token" || list[0].DryRun {
			t.Fatalf("channels %+v, %v", list, err)
		}
		upd := list[0].Channel
		upd.Secrets = map[string]string{"extra": ""}
		if err := e.eng.UpdateChannel(ctx, &upd); err != nil {
			t.Fatal(err)
		}
		info, _ := e.eng.Channel(ctx, "uji")
		if strings.Join(info.SecretKeys, ",") != "token" {
			t.Errorf("after removing extra: %v", info.SecretKeys)
		}
		if err := e.eng.TestChannel(ctx, "uji"); err != nil {
			t.Errorf("test channel: %v", err)
		}
		if err := e.eng.AddChannel(ctx, &dissemination.Channel{Kind: uji.Kind, Name: "uji", Settings: map[string]string{"api_base": e.apiURL}}); warta.ErrorCode(err) != warta.EConflict {
			t.Errorf("second channel with the same name: %v", err)
		}
		if err := e.eng.AddChannel(ctx, &dissemination.Channel{Kind: "merpati", Name: "pos"}); warta.ErrorCode(err) != warta.EInvalid {
			t.Errorf("unknown kind: %v", err)
		}
		if err := e.eng.RemoveChannel(ctx, "uji"); err != nil {
			t.Fatal(err)
		}
		if list, _ := e.eng.Channels(ctx); len(list) != 0 {
			t.Errorf("after removal: %+v", list)
		}
		e.channel("uji", false) // the name is free again
	})
}

// TestNoSecretKeyNoCredentials refuses to store credentials it cannot
// seal, and still takes a channel without them, to run dry.
func TestNoSecretKeyNoCredentials(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		reg := dissemination.Registry{}
		reg.Register(uji.New())
		eng, err := dissemination.New(dissemination.Config{DB: db, Registry: reg, Logger: quiet()})
		if err != nil {
			t.Fatal(err)
		}
		ch := &dissemination.Channel{Kind: uji.Kind, Name: "uji", Settings: map[string]string{"api_base": "http://127.0.0.1:9"},
			Secrets: map[string]string{"token": token}}
		if err := eng.AddChannel(context.Background(), ch); warta.ErrorCode(err) != warta.EInvalid || !strings.Contains(warta.ErrorMessage(err), "WARTA_SECRET_KEY") {
			t.Errorf("credentials without a secret key: %v", err)
		}
		ch.Secrets = nil
		if err := eng.AddChannel(context.Background(), ch); err != nil {
			t.Errorf("channel without credentials: %v", err)
		}
	})
}

// TestPreviewShowsEveryChannel renders an unpublished article for each
// enabled channel, marking the chosen ones, and sends nothing.
func TestPreviewShowsEveryChannel(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.channel("uji-a", true)
		e.channel("uji-b", false)
		art := e.draft()
		ps, err := e.eng.Preview(ctx, art.ID)
		if err != nil || len(ps) != 2 {
			t.Fatalf("preview %+v, %v", ps, err)
		}
		for _, p := range ps {
			if p.Selected != (p.Channel.ID == a.ID) || !strings.Contains(p.Rendering.Text, art.Title) || p.Error != "" {
				t.Errorf("preview %+v", p)
			}
		}
		if len(e.api.Requests()) != 0 {
			t.Error("preview sent requests")
		}
	})
}

// TestUnpublishWhileSending unpublishes an article while its post is
// still on its way: the deletion waits for the post, then removes it.
func TestUnpublishWhileSending(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ch := e.channel("uji", false)
		arrived, release := e.api.Hold(func(r uji.Request) bool { return r.Method == "POST" })
		art := e.publish(ch)
		<-arrived
		time.Sleep(time.Second) // a new version is a new second
		e.do(warta.ActionUnpublish, art.ID)
		time.Sleep(300 * time.Millisecond)
		if n := len(e.requests("DELETE", "")); n != 0 {
			t.Fatalf("deleted before the post was made")
		}
		release()
		ds := e.settled(art.ID, 2)
		if ds[0].Status != dissemination.StatusDelivered || ds[1].Op != dissemination.OpDelete ||
			ds[1].Status != dissemination.StatusDelivered || ds[1].Remote != ds[0].Remote {
			t.Fatalf("%s", describe(ds))
		}
		if posts := e.api.Posts(); len(posts) != 1 || !posts[0].Deleted {
			t.Errorf("posts %+v", posts)
		}
	})
}

// TestChoiceOfChannels: an agency's defaults override the channels' own,
// and the editor's choice for an article overrides both.
func TestChoiceOfChannels(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		general := e.channel("uji-umum", true)
		kpuOnly := e.channel("uji-kpu", false)
		art := e.draft()
		selected := func() map[string]bool {
			t.Helper()
			ps, err := e.eng.Preview(ctx, art.ID)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]bool{}
			for _, p := range ps {
				out[p.Channel.Name] = p.Selected
			}
			return out
		}
		if s := selected(); !s["uji-umum"] || s["uji-kpu"] {
			t.Errorf("channel defaults: %v", s)
		}
		if err := e.eng.SetAgencyChannels(ctx, e.kpu.ID, []string{kpuOnly.ID}); err != nil {
			t.Fatal(err)
		}
		if s := selected(); s["uji-umum"] || !s["uji-kpu"] {
			t.Errorf("agency defaults: %v", s)
		}
		if err := e.eng.SetArticleChannels(ctx, art.ID, []string{general.ID, kpuOnly.ID}); err != nil {
			t.Fatal(err)
		}
		if s := selected(); !s["uji-umum"] || !s["uji-kpu"] {
			t.Errorf("the article's own choice: %v", s)
		}
		if err := e.eng.SetArticleChannels(ctx, art.ID, []string{"01HZZZZZZZZZZZZZZZZZZZZZZZ"}); warta.ErrorCode(err) != warta.EInvalid {
			t.Errorf("unknown channel: %v", err)
		}
		e.do(warta.ActionPublish, art.ID)
		if ds := e.settled(art.ID, 2); len(e.api.Posts()) != 2 {
			t.Errorf("%s", describe(ds))
		}
	})
}

// TestItemImages sends the largest lead-image variant at most 1280 wide,
// or the share card to a channel that asks for it.
func TestItemImages(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		e.channel("uji-foto", true)
		e.channel("uji-kartu", true, "image=card")
		img := &warta.Media{Key: "2024/02/tps.jpg", MIME: "image/jpeg", Width: 2400, Height: 1600, Alt: "TPS", Variants: []int{320, 640, 1280, 1600}}
		if err := e.db.CreateMedia(ctx, img); err != nil {
			t.Fatal(err)
		}
		a := &warta.Article{Title: "Pemungutan suara di TPS 12", Body: "Isi.", AgencyID: e.kpu.ID, LeadImage: img}
		if err := e.nr.Create(ctx, e.editor, a); err != nil {
			t.Fatal(err)
		}
		ps, err := e.eng.Preview(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{
			"uji-foto":  "https://warta.example/media/w1280/2024/02/tps.jpg",
			"uji-kartu": "https://warta.example" + dissemination.CardPath(a.ID),
		}
		for _, p := range ps {
			if p.Rendering.ImageURL != want[p.Channel.Name] {
				t.Errorf("%s: image %q, want %q", p.Channel.Name, p.Rendering.ImageURL, want[p.Channel.Name])
			}
		}
	})
}
