package activitypub

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"strings"
)

// Routes mounts the actor's endpoints. POST /ap/inbox is called by other
// servers, never by browsers: it must be exempt from cross-origin
// protection.
func (a *Actor) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /.well-known/webfinger", a.serveWebFinger)
	mux.HandleFunc("GET /ap/actor", a.serveActor)
	mux.HandleFunc("GET /ap/outbox", a.serveOutbox)
	mux.HandleFunc("GET /ap/followers", a.serveFollowers)
	mux.HandleFunc("GET /ap/following", a.serveFollowing)
	mux.HandleFunc("GET /ap/objects/{id}", a.serveObject)
	mux.HandleFunc("POST /ap/inbox", a.serveInbox)
}

const outboxPageSize = 20

// writeJSON answers with an ActivityPub document. Documents that change
// with followers or deliveries opt out of the page cache.
func writeJSON(w http.ResponseWriter, status int, contentType string, cacheable bool, v any) {
	h := w.Header()
	h.Set("Content-Type", contentType+"; charset=utf-8")
	h.Set("Access-Control-Allow-Origin", "*")
	if cacheable {
		h.Set("Cache-Control", "public, max-age=300")
	} else {
		h.Set("Cache-Control", "no-store")
	}
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func plainError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Cache-Control", "no-store")
	http.Error(w, msg, status)
}

// serveWebFinger answers RFC 7033 lookups for acct:username@host or the
// actor's URL.
func (a *Actor) serveWebFinger(w http.ResponseWriter, r *http.Request) {
	res := r.URL.Query().Get("resource")
	if res == "" {
		plainError(w, http.StatusBadRequest, "resource parameter is required")
		return
	}
	acct := strings.TrimPrefix(strings.ToLower(res), "acct:")
	acct = strings.TrimPrefix(acct, "@")
	if acct != strings.ToLower(a.Handle()) && res != a.ID() && res != a.base {
		plainError(w, http.StatusNotFound, "no such account")
		return
	}
	writeJSON(w, http.StatusOK, "application/jrd+json", true, map[string]any{
		"subject": "acct:" + a.Handle(),
		"aliases": []string{a.ID(), a.base + "/"},
		"links": []map[string]string{
			{"rel": "self", "type": ContentType, "href": a.ID()},
			{"rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": a.base + "/"},
		},
	})
}

// serveActor answers the actor document. It is JSON for every client: the
// URL is only for servers (the profile page is the home page), and one
// representation keeps the page cache, which keys by path, correct.
func (a *Actor) serveActor(w http.ResponseWriter, r *http.Request) {
	doc := map[string]any{
		"@context": []any{asContext, "https://w3id.org/security/v1", map[string]any{
			"toot":                      "http://joinmastodon.org/ns#",
			"manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
			"discoverable":              "toot:discoverable",
			"indexable":                 "toot:indexable",
		}},
		"id":                a.ID(),
		"type":              "Service", // Mastodon shows it as automated: nobody reads replies here
		"preferredUsername": a.cfg.Username,
		"name":              a.cfg.Name,
		"summary":           "<p>" + html.EscapeString(a.cfg.Summary) + "</p>",
		"url":               a.base + "/",
		"inbox":             a.inboxURL(),
		"outbox":            a.outboxURL(),
		"followers":         a.followersURL(),
		"following":         a.followingURL(),
		"endpoints":         map[string]string{"sharedInbox": a.inboxURL()},
		"published":         stamp(a.keyCreated),
		"publicKey": map[string]string{
			"id": a.KeyID(), "owner": a.ID(), "publicKeyPem": a.publicPEM,
		},
		"manuallyApprovesFollowers": false,
		"discoverable":              true,
		"indexable":                 true,
	}
	if a.cfg.Summary == "" {
		delete(doc, "summary")
	}
	if a.cfg.IconURL != "" {
		mt := "image/png"
		if strings.HasSuffix(strings.ToLower(a.cfg.IconURL), ".jpg") || strings.HasSuffix(strings.ToLower(a.cfg.IconURL), ".jpeg") {
			mt = "image/jpeg"
		}
		doc["icon"] = map[string]string{"type": "Image", "mediaType": mt, "url": a.cfg.IconURL}
	}
	writeJSON(w, http.StatusOK, ContentType, true, doc)
}

// serveOutbox lists the Creates of live articles, newest first: the
// collection names its first page, pages link to the next by cursor.
func (a *Actor) serveOutbox(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("page") == "" {
		n, err := a.count(r.Context(), `SELECT COUNT(*) FROM activitypub_objects WHERE deleted_at IS NULL`)
		if err != nil {
			a.serverError(w, err)
			return
		}
		writeJSON(w, http.StatusOK, ContentType, false, map[string]any{
			"@context":   asContext,
			"id":         a.outboxURL(),
			"type":       "OrderedCollection",
			"totalItems": n,
			"first":      a.outboxURL() + "?page=true",
		})
		return
	}
	before := q.Get("before")
	items, err := a.outboxPage(r.Context(), before, outboxPageSize+1)
	if err == errBadCursor {
		plainError(w, http.StatusBadRequest, "bad cursor")
		return
	}
	if err != nil {
		a.serverError(w, err)
		return
	}
	id := a.outboxURL() + "?page=true"
	if before != "" {
		id += "&before=" + url.QueryEscape(before)
	}
	page := map[string]any{
		"@context": objectContext,
		"id":       id,
		"type":     "OrderedCollectionPage",
		"partOf":   a.outboxURL(),
	}
	if len(items) > outboxPageSize {
		items = items[:outboxPageSize]
		page["next"] = a.outboxURL() + "?page=true&before=" + url.QueryEscape(cursorOf(items[len(items)-1]))
	}
	acts := make([]*Activity, 0, len(items))
	for _, o := range items {
		acts = append(acts, a.createFor(o))
	}
	page["orderedItems"] = acts
	writeJSON(w, http.StatusOK, ContentType, false, page)
}

// serveFollowers gives the count only: who follows the site is the
// followers' business.
func (a *Actor) serveFollowers(w http.ResponseWriter, r *http.Request) {
	n, err := a.count(r.Context(), `SELECT COUNT(*) FROM activitypub_followers`)
	if err != nil {
		a.serverError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, ContentType, false, map[string]any{
		"@context": asContext, "id": a.followersURL(), "type": "OrderedCollection", "totalItems": n,
	})
}

// serveFollowing is empty: the site follows no one.
func (a *Actor) serveFollowing(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, ContentType, true, map[string]any{
		"@context": asContext, "id": a.followingURL(), "type": "OrderedCollection", "totalItems": 0,
		"orderedItems": []string{},
	})
}

// serveObject answers an object's id with the object as last delivered, or
// 410 with its Tombstone once unpublished.
func (a *Actor) serveObject(w http.ResponseWriter, r *http.Request) {
	o, err := a.object(r.Context(), r.PathValue("id"))
	if err != nil {
		a.serverError(w, err)
		return
	}
	if o == nil {
		plainError(w, http.StatusNotFound, "no such object")
		return
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(o.JSON), &doc); err != nil {
		a.serverError(w, err)
		return
	}
	doc["@context"] = objectContext
	status := http.StatusOK
	if o.Deleted {
		status = http.StatusGone
	}
	writeJSON(w, status, ContentType, false, doc)
}

func (a *Actor) serverError(w http.ResponseWriter, err error) {
	a.cfg.Logger.Error("activitypub", "err", err)
	plainError(w, http.StatusInternalServerError, "internal error")
}
