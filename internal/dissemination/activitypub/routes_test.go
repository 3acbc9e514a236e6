package activitypub_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
)

func get(t *testing.T, u string) *http.Response {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res
}

func TestWebFingerAnswersOnlyForTheSite(t *testing.T) {
	db := storetest.Open(t, store.SQLite, store.Options{})
	s := newSite(t, db)
	host := strings.TrimPrefix(s.URL, "http://")
	for q, want := range map[string]int{
		"":                                    400,
		"acct:warta@" + host:                  200,
		"acct:WARTA@" + strings.ToUpper(host): 200,
		s.ID():                                200,
		"acct:redaksi@" + host:                404,
		"acct:warta@elsewhere.example":        404,
	} {
		if res := get(t, s.URL+"/.well-known/webfinger?resource="+url.QueryEscape(q)); res.StatusCode != want {
			t.Errorf("resource=%q: HTTP %d, want %d", q, res.StatusCode, want)
		}
	}
}

// The outbox pages newest first by cursor on both databases.
func TestOutboxPages(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		m := newMastodon(t, true)
		for i := range 23 {
			art := article()
			art.ID, art.Slug = fmt.Sprintf("01JDQZ00000000000000ART%03d", i), fmt.Sprintf("berita-%d", i)
			// Two share a publication second: the id breaks the tie.
			art.PublishedAt = published.Add(time.Duration(i/2*2) * time.Minute)
			if _, err := deliver(t, s, item(s, dissemination.OpCreate, art, "v1"), &memProgress{}); err != nil {
				t.Fatal(err)
			}
		}
		var ids []string
		next := s.URL + "/ap/outbox?page=true"
		for pages := 0; next != ""; pages++ {
			if pages > 3 {
				t.Fatal("outbox pages do not end")
			}
			var page struct {
				Next         string
				OrderedItems []struct{ Object struct{ ID string } }
			}
			if err := m.getJSON(next, &page); err != nil {
				t.Fatal(err)
			}
			for _, it := range page.OrderedItems {
				ids = append(ids, it.Object.ID[strings.LastIndex(it.Object.ID, "/")+1:])
			}
			next = page.Next
		}
		if len(ids) != 23 || ids[0] != "01JDQZ00000000000000ART022" || ids[1] != "01JDQZ00000000000000ART021" ||
			ids[2] != "01JDQZ00000000000000ART020" || ids[22] != "01JDQZ00000000000000ART000" {
			t.Fatalf("outbox order: %v", ids)
		}
		seen := map[string]bool{}
		for _, id := range ids {
			if seen[id] {
				t.Fatalf("%s listed twice", id)
			}
			seen[id] = true
		}
		if res := get(t, s.URL+"/ap/outbox?page=true&before=garbage"); res.StatusCode != 400 {
			t.Fatalf("bad cursor: HTTP %d", res.StatusCode)
		}
		if res := get(t, s.URL+"/ap/objects/nope"); res.StatusCode != 404 {
			t.Fatalf("unknown object: HTTP %d", res.StatusCode)
		}
	})
}

func TestCheckFindsTheActorAtItsURL(t *testing.T) {
	db := storetest.Open(t, store.SQLite, store.Options{})
	s := newSite(t, db)
	client := &http.Client{Timeout: 5 * time.Second}
	if err := s.Check(context.Background(), channel, client); err != nil {
		t.Fatalf("Check: %v", err)
	}
	// Another site's actor (another key) at the configured URL.
	other := newSite(t, storetest.Open(t, store.SQLite, store.Options{}))
	err := other.Check(context.Background(), channel, redirect{to: s.URL, c: client})
	if de := dissemination.AsError(err); err == nil || de.Retryable || !strings.Contains(de.Message, "base URL") {
		t.Fatalf("Check against the wrong site: %v", err)
	}
}

// redirect sends every request to another origin.
type redirect struct {
	to string
	c  *http.Client
}

func (r redirect) Do(req *http.Request) (*http.Response, error) {
	u, _ := url.Parse(r.to)
	req.URL.Host, req.Host = u.Host, u.Host
	return r.c.Do(req)
}

func TestRenderShowsWhatFollowersSee(t *testing.T) {
	db := storetest.Open(t, store.SQLite, store.Options{})
	s := newSite(t, db)
	r, err := s.Render(channel, item(s, dissemination.OpCreate, article(), "v1"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Text, "<strong>") || !strings.Contains(r.Text, "Rapat pleno") || r.Length == 0 || r.Length > 300 ||
		r.ImageURL == "" || len(r.Warnings) != 0 {
		t.Fatalf("rendering: %+v", r)
	}
	asArticle := &dissemination.Channel{Kind: "activitypub", Settings: map[string]string{"object_type": "Article"}}
	if r, _ := s.Render(asArticle, item(s, dissemination.OpCreate, article(), "v1")); len(r.Warnings) != 1 {
		t.Fatalf("Article rendering has no warning: %+v", r)
	}
}
