package activitypub_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/dissemination/activitypub"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// site is Warta's actor served over HTTP.
type site struct {
	*activitypub.Actor
	URL string
}

func newSite(t *testing.T, db *store.DB) *site {
	t.Helper()
	var mux http.ServeMux
	srv := httptest.NewServer(&mux)
	t.Cleanup(srv.Close)
	a, err := activitypub.New(context.Background(), activitypub.Config{
		DB: db, BaseURL: srv.URL, Name: "Warta Jatim", Summary: "Berita pemilu Jawa Timur",
		Client: &http.Client{Timeout: 5 * time.Second}, // the test servers are on loopback
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	a.Routes(&mux)
	return &site{Actor: a, URL: srv.URL}
}

// memProgress is the engine's Progress kept in memory across attempts.
type memProgress struct {
	mu    sync.Mutex
	steps map[string]string
}

func (p *memProgress) Step(key string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.steps[key]
}

func (p *memProgress) SaveStep(_ context.Context, key, value string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.steps == nil {
		p.steps = map[string]string{}
	}
	p.steps[key] = value
	return nil
}

var published = time.Date(2024, 11, 27, 9, 30, 0, 0, time.UTC)

func article() *warta.Article {
	return &warta.Article{
		ID: "01JDQZ0000000000000000ART1", Slug: "kpu-jatim-tetapkan-hasil", Title: "KPU Jatim Tetapkan Hasil <Rekapitulasi>",
		Dek:       "Rapat pleno berlangsung hingga malam.",
		Tags:      []warta.Tag{{Slug: "pilkada-2024", Name: "Pilkada 2024"}},
		Regions:   []warta.Region{{Code: "35.78", Name: "Kota Surabaya", Slug: "kota-surabaya", Kind: "kota"}},
		LeadImage: &warta.Media{Alt: "Petugas menghitung suara", Width: 1200, Height: 800},
		Status:    warta.StatusPublished, PublishedAt: published, UpdatedAt: published,
	}
}

func item(s *site, op dissemination.Op, art *warta.Article, version string) *dissemination.Item {
	return &dissemination.Item{
		Op: op, Article: art, URL: s.URL + art.Path(), ImageURL: s.URL + "/media/2024/11/foto.jpg",
		Version: version, Site: dissemination.Site{Name: "Warta Jatim", BaseURL: s.URL},
	}
}

var channel = &dissemination.Channel{ID: "ch1", Kind: "activitypub", Name: "Fediverse", Enabled: true}

func deliver(t *testing.T, s *site, it *dissemination.Item, p dissemination.Progress) (*dissemination.Remote, error) {
	t.Helper()
	return s.Deliver(context.Background(), channel, it, &http.Client{Timeout: 5 * time.Second}, p)
}

func follow(m *mastodon, s *site, user string) map[string]any {
	return map[string]any{
		"@context": "https://www.w3.org/ns/activitystreams",
		"id":       m.actorURL(user) + "#follows/1", "type": "Follow",
		"actor": m.actorURL(user), "object": s.ID(),
	}
}

func followers(t *testing.T, s *site) int {
	t.Helper()
	fs, err := s.Followers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(fs)
}

// collectionTotal fetches a collection as a remote server would.
func collectionTotal(t *testing.T, m *mastodon, u string) int {
	t.Helper()
	var c struct {
		Type       string `json:"type"`
		TotalItems int    `json:"totalItems"`
	}
	if err := m.getJSON(u, &c); err != nil {
		t.Fatal(err)
	}
	if c.Type != "OrderedCollection" {
		t.Fatalf("%s is a %q", u, c.Type)
	}
	return c.TotalItems
}

// The journey of a Mastodon user: find the site, follow it, get the
// Accept, receive an article, its correction and its removal, unfollow.
func TestMastodonFollowsAndReceivesArticles(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		m := newMastodon(t, true, "alice", "bob")

		host := strings.TrimPrefix(s.URL, "http://")
		actorURL, err := m.webfinger(s.URL, "warta@"+host)
		if err != nil || actorURL != s.ID() {
			t.Fatalf("webfinger: %q, %v", actorURL, err)
		}
		var actor struct {
			Type, PreferredUsername, Name, Inbox, Outbox, Followers string
			Endpoints                                               struct{ SharedInbox string }
			PublicKey                                               struct{ ID, Owner, PublicKeyPem string }
		}
		if err := m.getJSON(actorURL, &actor); err != nil {
			t.Fatal(err)
		}
		if actor.Type != "Service" || actor.PreferredUsername != "warta" || actor.Name != "Warta Jatim" ||
			actor.PublicKey.ID != actorURL+"#main-key" || actor.PublicKey.Owner != actorURL ||
			!strings.Contains(actor.PublicKey.PublicKeyPem, "BEGIN PUBLIC KEY") || actor.Endpoints.SharedInbox == "" {
			t.Fatalf("actor document: %+v", actor)
		}

		// Alice follows: the site verifies her signature and accepts,
		// signed so that her server can verify it.
		if res := m.post(actor.Inbox, "alice", follow(m, s, "alice"), signOpts{}); res.StatusCode != http.StatusAccepted {
			t.Fatalf("Follow: HTTP %d", res.StatusCode)
		}
		got := m.waitFor(1)
		accept := got[0]
		if accept.Err != nil {
			t.Fatalf("Accept does not verify as Mastodon checks it: %v", accept.Err)
		}
		obj, _ := accept.Activity["object"].(map[string]any)
		if accept.Path != "/users/alice/inbox" || accept.Activity["type"] != "Accept" || accept.Activity["actor"] != s.ID() ||
			obj["id"] != m.actorURL("alice")+"#follows/1" || obj["type"] != "Follow" {
			t.Fatalf("Accept: %s %v", accept.Path, accept.Activity)
		}
		// Bob on the same server follows too.
		if res := m.post(actor.Inbox, "bob", follow(m, s, "bob"), signOpts{}); res.StatusCode != http.StatusAccepted {
			t.Fatalf("Follow: HTTP %d", res.StatusCode)
		}
		m.waitFor(2)
		if n := collectionTotal(t, m, actor.Followers); n != 2 {
			t.Fatalf("followers totalItems = %d, want 2", n)
		}

		// A new article reaches the server's shared inbox once for both.
		art := article()
		it := item(s, dissemination.OpCreate, art, "v1")
		remote, err := deliver(t, s, it, &memProgress{})
		if err != nil {
			t.Fatal(err)
		}
		if remote.ID != s.URL+"/ap/objects/"+art.ID || remote.URL != it.URL {
			t.Fatalf("remote = %+v", remote)
		}
		got = m.waitFor(3)
		if len(got) != 3 {
			t.Fatalf("got %d POSTs, want one delivery to the shared inbox", len(got)-2)
		}
		create := got[2]
		if create.Err != nil || create.Path != "/inbox" || create.Activity["type"] != "Create" {
			t.Fatalf("Create: %s %v %v", create.Path, create.Err, create.Activity["type"])
		}
		note, _ := create.Activity["object"].(map[string]any)
		checkNote(t, s, it, note)

		var outbox struct {
			TotalItems int    `json:"totalItems"`
			First      string `json:"first"`
		}
		if err := m.getJSON(actor.Outbox, &outbox); err != nil || outbox.TotalItems != 1 {
			t.Fatalf("outbox: %+v %v", outbox, err)
		}
		var page struct {
			Type         string
			OrderedItems []struct {
				Type   string
				Object struct{ ID string }
			}
		}
		if err := m.getJSON(outbox.First, &page); err != nil || page.Type != "OrderedCollectionPage" ||
			len(page.OrderedItems) != 1 || page.OrderedItems[0].Type != "Create" || page.OrderedItems[0].Object.ID != note["id"] {
			t.Fatalf("outbox page: %+v %v", page, err)
		}
		var fetched map[string]any
		if err := m.getJSON(note["id"].(string), &fetched); err != nil || fetched["content"] != note["content"] {
			t.Fatalf("object at its id: %v %v", fetched, err)
		}

		// A correction is an Update of the same object, with updated set.
		art.Title, art.UpdatedAt = "KPU Jatim Tetapkan Hasil Rekapitulasi Suara", published.Add(2*time.Hour)
		if _, err := deliver(t, s, item(s, dissemination.OpUpdate, art, "v2"), &memProgress{}); err != nil {
			t.Fatal(err)
		}
		update := m.waitFor(4)[3]
		up, _ := update.Activity["object"].(map[string]any)
		if update.Err != nil || update.Activity["type"] != "Update" || up["id"] != note["id"] ||
			up["updated"] != "2024-11-27T11:30:00Z" || !strings.Contains(up["content"].(string), "Rekapitulasi Suara") {
			t.Fatalf("Update: %v %v", update.Err, update.Activity)
		}

		// Unpublishing deletes it: a Tombstone, and 410 at its id.
		if _, err := deliver(t, s, item(s, dissemination.OpDelete, art, "v3"), &memProgress{}); err != nil {
			t.Fatal(err)
		}
		del := m.waitFor(5)[4]
		tomb, _ := del.Activity["object"].(map[string]any)
		if del.Err != nil || del.Activity["type"] != "Delete" || tomb["type"] != "Tombstone" || tomb["id"] != note["id"] {
			t.Fatalf("Delete: %v %v", del.Err, del.Activity)
		}
		if err := m.getJSON(note["id"].(string), &fetched); err == nil || !strings.Contains(err.Error(), "410") {
			t.Fatalf("deleted object: %v", err)
		}
		if err := m.getJSON(actor.Outbox, &outbox); err != nil || outbox.TotalItems != 0 {
			t.Fatalf("outbox after delete: %+v %v", outbox, err)
		}

		// Both unfollow, one with the Follow embedded, one by its id.
		undo := map[string]any{"id": m.actorURL("alice") + "#undo/1", "type": "Undo", "actor": m.actorURL("alice"),
			"object": follow(m, s, "alice")}
		if res := m.post(actor.Inbox, "alice", undo, signOpts{}); res.StatusCode != http.StatusAccepted {
			t.Fatalf("Undo: HTTP %d", res.StatusCode)
		}
		undo = map[string]any{"id": m.actorURL("bob") + "#undo/1", "type": "Undo", "actor": m.actorURL("bob"),
			"object": m.actorURL("bob") + "#follows/1"}
		if res := m.post(actor.Inbox, "bob", undo, signOpts{}); res.StatusCode != http.StatusAccepted {
			t.Fatalf("Undo: HTTP %d", res.StatusCode)
		}
		if n := collectionTotal(t, m, actor.Followers); n != 0 {
			t.Fatalf("followers after Undo = %d", n)
		}
		if _, err := deliver(t, s, item(s, dissemination.OpCreate, article(), "v4"), &memProgress{}); err != nil {
			t.Fatal(err)
		}
		if n := len(m.received()); n != 5 {
			t.Fatalf("%d POSTs after everyone left, want 5", n)
		}
	})
}

// checkNote asserts the Note as Mastodon will read it.
func checkNote(t *testing.T, s *site, it *dissemination.Item, note map[string]any) {
	t.Helper()
	content, _ := note["content"].(string)
	if note["type"] != "Note" || note["id"] != s.URL+"/ap/objects/"+it.Article.ID || note["url"] != it.URL ||
		note["attributedTo"] != s.ID() || note["published"] != "2024-11-27T09:30:00Z" || note["summary"] != nil {
		t.Fatalf("note: %v", note)
	}
	for _, want := range []string{"KPU Jatim Tetapkan Hasil &lt;Rekapitulasi&gt;", "Rapat pleno berlangsung", `href="` + it.URL + `"`,
		`<a href="` + s.URL + `/tag/pilkada-2024" class="mention hashtag" rel="tag">#<span>Pilkada2024</span></a>`, "#<span>Surabaya</span>"} {
		if !strings.Contains(content, want) {
			t.Errorf("content lacks %q:\n%s", want, content)
		}
	}
	if to, _ := note["to"].([]any); len(to) != 1 || to[0] != "https://www.w3.org/ns/activitystreams#Public" {
		t.Errorf("to = %v", note["to"])
	}
	if cc, _ := note["cc"].([]any); len(cc) != 1 || cc[0] != s.URL+"/ap/followers" {
		t.Errorf("cc = %v", note["cc"])
	}
	b, _ := json.Marshal(note["tag"])
	if !strings.Contains(string(b), `{"href":"`+s.URL+`/tag/pilkada-2024","name":"#Pilkada2024","type":"Hashtag"}`) {
		t.Errorf("tag = %s", b)
	}
	b, _ = json.Marshal(note["attachment"])
	if string(b) != `[{"height":800,"mediaType":"image/jpeg","name":"Petugas menghitung suara","type":"Document","url":"`+it.ImageURL+`","width":1200}]` {
		t.Errorf("attachment = %s", b)
	}
}

// Requests the site must refuse store nothing and send no Accept.
func TestInboxRefusesWhatItCannotVerify(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		m := newMastodon(t, true, "alice", "bob")
		inbox := s.URL + "/ap/inbox"
		for _, c := range []struct {
			name     string
			user     string
			activity any
			opts     signOpts
			want     int
		}{
			{"unsigned", "alice", follow(m, s, "alice"), signOpts{noSignature: true}, 401},
			{"signed with another key", "alice", follow(m, s, "alice"), signOpts{key: testKey(2)}, 401},
			{"body changed after signing", "alice", follow(m, s, "alice"), signOpts{tamperBody: true}, 401},
			{"Date 13 hours old", "alice", follow(m, s, "alice"), signOpts{date: time.Now().Add(-13 * time.Hour)}, 401},
			{"Date 2 hours ahead", "alice", follow(m, s, "alice"), signOpts{date: time.Now().Add(2 * time.Hour)}, 401},
			{"digest not signed", "alice", follow(m, s, "alice"), signOpts{headers: "(request-target) host date"}, 401},
			{"host not signed", "alice", follow(m, s, "alice"), signOpts{headers: "(request-target) date digest"}, 401},
			{"signer is not the actor", "bob", follow(m, s, "alice"), signOpts{}, 401},
			{"broken JSON", "alice", []byte(`{"type": "Follow", "actor": `), signOpts{}, 400},
			{"oversized", "alice", []byte(`{"type":"Follow","x":"` + strings.Repeat("a", 300<<10) + `"}`), signOpts{}, 413},
		} {
			if res := m.post(inbox, c.user, c.activity, c.opts); res.StatusCode != c.want {
				t.Errorf("%s: HTTP %d, want %d", c.name, res.StatusCode, c.want)
			}
		}
		// A Follow signed 11 hours ago still counts, as in Mastodon.
		if res := m.post(inbox, "alice", follow(m, s, "alice"), signOpts{date: time.Now().Add(-11 * time.Hour)}); res.StatusCode != 202 {
			t.Fatalf("11-hour-old Date: HTTP %d", res.StatusCode)
		}
		m.waitFor(1)
		time.Sleep(50 * time.Millisecond)
		if n := followers(t, s); n != 1 {
			t.Fatalf("%d followers, want only the valid one", n)
		}
		if n := len(m.received()); n != 1 {
			t.Fatalf("%d POSTs to the follower, want one Accept", n)
		}
	})
}

// Delivery retries never repeat an inbox that accepted; an inbox that is
// gone loses its followers; a refusal stops with a message for the editor.
func TestDeliveryRetriesOnlyWhatFailed(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		ok := newMastodon(t, true, "ana")
		flaky := newMastodon(t, false, "budi") // no shared inbox: personal inbox
		gone := newMastodon(t, true, "citra")
		inbox := s.URL + "/ap/inbox"
		for _, f := range []struct {
			m    *mastodon
			user string
		}{{ok, "ana"}, {flaky, "budi"}, {gone, "citra"}} {
			if res := f.m.post(inbox, f.user, follow(f.m, s, f.user), signOpts{}); res.StatusCode != 202 {
				t.Fatalf("Follow by %s: HTTP %d", f.user, res.StatusCode)
			}
			f.m.waitFor(1) // the Accept
		}

		flaky.answer(http.StatusServiceUnavailable)
		gone.answer(http.StatusGone)
		p := &memProgress{}
		it := item(s, dissemination.OpCreate, article(), "v1")
		_, err := deliver(t, s, it, p)
		de := dissemination.AsError(err)
		if err == nil || !de.Retryable || !strings.Contains(de.Message, "Terkirim ke 2 dari 3 server pengikut") {
			t.Fatalf("first attempt: %v", err)
		}
		if n := followers(t, s); n != 2 {
			t.Fatalf("%d followers after 410, want 2", n)
		}

		if _, err := deliver(t, s, it, p); err != nil {
			t.Fatalf("retry: %v", err)
		}
		for _, c := range []struct {
			m    *mastodon
			want int
		}{{ok, 2}, {flaky, 3}, {gone, 2}} {
			got := c.m.received()
			if len(got) != c.want {
				t.Errorf("%s got %d POSTs, want %d", c.m.srv.URL, len(got), c.want)
			}
			for _, r := range got {
				if r.Err != nil {
					t.Errorf("%s: %v", r.Path, r.Err)
				}
			}
		}
		if got := flaky.received(); got[len(got)-1].Path != "/users/budi/inbox" {
			t.Errorf("delivered to %s, want the personal inbox", got[len(got)-1].Path)
		}

		// A refusal other than 410 is permanent and says what happened.
		ok.answer(http.StatusForbidden)
		_, err = deliver(t, s, item(s, dissemination.OpUpdate, article(), "v2"), &memProgress{})
		de = dissemination.AsError(err)
		if err == nil || de.Retryable || !strings.Contains(de.Message, "menolak") || !strings.Contains(de.Message, "HTTP 403") {
			t.Fatalf("refused: %v", err)
		}
	})
}

// A deleted account announces its Delete; it removes the follower both
// while the site still has the key cached and when the actor's document
// already answers 410 Gone, so the signature cannot be checked.
func TestDeletedAccountStopsFollowing(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		m := newMastodon(t, true, "dodi", "eka")
		for _, u := range []string{"dodi", "eka"} {
			if res := m.post(s.URL+"/ap/inbox", u, follow(m, s, u), signOpts{}); res.StatusCode != 202 {
				t.Fatalf("Follow: HTTP %d", res.StatusCode)
			}
		}
		m.waitFor(2)
		deleteSelf := func(u string) map[string]any {
			return map[string]any{"id": m.actorURL(u) + "#delete", "type": "Delete", "actor": m.actorURL(u), "object": m.actorURL(u)}
		}
		// A gone actor cannot take someone else with it.
		m.mu.Lock()
		m.keys["mallory"], m.gone["mallory"] = testKey(2), true
		m.mu.Unlock()
		if res := m.post(s.URL+"/ap/inbox", "mallory", deleteSelf("eka"), signOpts{}); res.StatusCode != 202 {
			t.Fatalf("Delete of another actor: HTTP %d", res.StatusCode)
		}
		if n := followers(t, s); n != 2 {
			t.Fatalf("a gone key removed someone else: %d followers", n)
		}
		m.mu.Lock()
		m.gone["dodi"], m.gone["eka"] = true, true
		m.mu.Unlock()
		if res := m.post(s.URL+"/ap/inbox", "dodi", deleteSelf("dodi"), signOpts{}); res.StatusCode != 202 {
			t.Fatalf("Delete with cached key: HTTP %d", res.StatusCode)
		}
		// Another node of the same site has no cached key.
		other := newSite(t, db)
		if res := m.post(other.URL+"/ap/inbox", "eka", deleteSelf("eka"), signOpts{}); res.StatusCode != 202 {
			t.Fatalf("Delete of a gone actor: HTTP %d", res.StatusCode)
		}
		if n := followers(t, s); n != 0 {
			t.Fatalf("followers = %d, want 0", n)
		}
	})
}

func TestKeyIsMadeOnceAndSealed(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		seal := func(b []byte) (string, error) { return "sealed:" + string(b), nil }
		open := func(s string) ([]byte, error) {
			if !strings.HasPrefix(s, "sealed:") {
				return nil, errors.New("not sealed")
			}
			return []byte(strings.TrimPrefix(s, "sealed:")), nil
		}
		cfg := activitypub.Config{DB: db, BaseURL: "https://warta.example", Seal: seal, Open: open}
		a1, err := activitypub.New(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		a2, err := activitypub.New(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		if a1.PublicKeyPEM() != a2.PublicKeyPEM() {
			t.Fatal("a second start made a new key")
		}
		var stored string
		if err := db.SQL().QueryRow(`SELECT private_pem FROM activitypub_keys`).Scan(&stored); err != nil || !strings.HasPrefix(stored, "sealed:") {
			t.Fatalf("stored key not sealed: %.20q %v", stored, err)
		}
		cfg.Open = nil
		if _, err := activitypub.New(context.Background(), cfg); err == nil {
			t.Fatal("started without the secret key that sealed the private key")
		}
	})
}
