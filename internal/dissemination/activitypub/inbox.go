package activitypub

import (
	"bytes"
	"context"
	"crypto"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// The inbox takes Follow, Undo{Follow} and an actor's own Delete; anything
// else is acknowledged with 202 and dropped. Every request must carry a
// valid HTTP Signature by the activity's actor, or it is refused with 401
// and nothing is stored.

// incoming is the part of an activity the inbox reads. Actor and Object
// are an id or an embedded object.
type incoming struct {
	ID     string          `json:"id"`
	Type   string          `json:"type"`
	Actor  json.RawMessage `json:"actor"`
	Object json.RawMessage `json:"object"`
}

// idOf reads an id given as a string or as an object with an id.
func idOf(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var o struct {
		ID string `json:"id"`
	}
	json.Unmarshal(raw, &o)
	return o.ID
}

func (a *Actor) serveInbox(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, a.cfg.MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			plainError(w, http.StatusRequestEntityTooLarge, "activity too large")
			return
		}
		plainError(w, http.StatusBadRequest, "could not read the body")
		return
	}
	signer, keyID, err := a.verifyInbox(r, body)
	if errors.Is(err, errActorGone) {
		// A deleted account announces its own Delete; its key is gone, but
		// its own server answering 410 at the actor's URL (the keyId
		// without its fragment) is proof enough.
		var act incoming
		owner, _, _ := strings.Cut(keyID, "#")
		if json.Unmarshal(body, &act) == nil && act.Type == "Delete" && owner != "" &&
			idOf(act.Actor) == owner && idOf(act.Object) == owner {
			if _, err := a.removeFollower(r.Context(), idOf(act.Actor), ""); err != nil {
				a.serverError(w, err)
				return
			}
		}
		w.WriteHeader(http.StatusAccepted)
		return
	}
	if err != nil {
		a.cfg.Logger.Info("activitypub: inbox refused", "err", err, "remote", r.RemoteAddr)
		// Say which check failed, but not what fetching the key ran into.
		msg := "signature verification failed"
		for _, e := range []error{ErrUnsigned, ErrHeaders, ErrDate, ErrDigest} {
			if errors.Is(err, e) {
				msg += ": " + e.Error()
			}
		}
		plainError(w, http.StatusUnauthorized, msg)
		return
	}
	var act incoming
	if err := json.Unmarshal(body, &act); err != nil {
		plainError(w, http.StatusBadRequest, "body is not a JSON activity")
		return
	}
	if idOf(act.Actor) != signer.ID {
		plainError(w, http.StatusUnauthorized, "activity actor is not the signer")
		return
	}
	ctx := r.Context()
	switch act.Type {
	case "Follow":
		if idOf(act.Object) != a.ID() {
			break // following someone else: not ours to accept
		}
		if act.ID == "" {
			plainError(w, http.StatusBadRequest, "Follow without an id")
			return
		}
		f := &Follower{ActorID: signer.ID, Inbox: signer.Inbox, SharedInbox: signer.SharedInbox, FollowID: act.ID, CreatedAt: a.now()}
		if err := a.saveFollower(ctx, f); err != nil {
			a.serverError(w, err)
			return
		}
		a.cfg.Logger.Info("activitypub: new follower", "actor", signer.ID)
		a.acceptLater(signer, act.ID)
	case "Undo":
		var inner incoming
		embedded := json.Unmarshal(act.Object, &inner) == nil && inner.Type != ""
		var remove bool
		followID := ""
		switch {
		case embedded:
			// The Follow itself, by the signer, of this actor.
			remove = inner.Type == "Follow" && idOf(inner.Object) == a.ID() &&
				(len(inner.Actor) == 0 || idOf(inner.Actor) == signer.ID)
		default:
			// Only the Follow's id: it must be the follow on record.
			followID = idOf(act.Object)
			remove = followID != ""
		}
		if remove {
			if _, err := a.removeFollower(ctx, signer.ID, followID); err != nil {
				a.serverError(w, err)
				return
			}
		}
	case "Delete":
		if idOf(act.Object) == signer.ID {
			if _, err := a.removeFollower(ctx, signer.ID, ""); err != nil {
				a.serverError(w, err)
				return
			}
		}
	}
	w.WriteHeader(http.StatusAccepted)
}

// verifyInbox checks the request's signature against the signer's key,
// fetched once and cached. A cached key more than a minute old that fails
// is fetched again, in case the signer rotated it; the minute keeps forged
// requests from making the site fetch on every POST.
func (a *Actor) verifyInbox(r *http.Request, body []byte) (signer *remoteActor, keyID string, err error) {
	var age time.Duration
	fetch := func(fresh bool) KeyFunc {
		return func(keyID string) (crypto.PublicKey, error) {
			ra, d, err := a.signer(r.Context(), keyID, fresh)
			if err != nil {
				return nil, err
			}
			signer, age = ra, d
			return ra.Key, nil
		}
	}
	keyID, err = verifyAt(r, body, fetch(false), a.now())
	if errors.Is(err, ErrSignature) && age > time.Minute {
		keyID, err = verifyAt(r, body, fetch(true), a.now())
	}
	if err != nil {
		return nil, keyID, err
	}
	return signer, keyID, nil
}

// acceptLater sends the Accept{Follow} after the inbox has answered, with
// a few tries: Mastodon shows the follow as pending until it arrives, and
// a follower who never gets one can simply follow again.
func (a *Actor) acceptLater(follower *remoteActor, followID string) {
	accept := &Activity{
		Context: asContext,
		ID:      a.ID() + "#accepts/" + warta.NewID(),
		Type:    "Accept",
		Actor:   a.ID(),
		Object: map[string]string{
			"id": followID, "type": "Follow", "actor": follower.ID, "object": a.ID(),
		},
	}
	body, _ := json.Marshal(accept)
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		delay := time.Second
		for try := 1; ; try++ {
			err := a.postSigned(a.bg, follower.Inbox, body)
			if err == nil {
				return
			}
			if try == 3 {
				a.cfg.Logger.Warn("activitypub: Accept not delivered", "follower", follower.ID, "err", err)
				return
			}
			select {
			case <-a.bg.Done():
				return
			case <-time.After(delay):
				delay *= 4
			}
		}
	}()
}

// postSigned POSTs a signed activity with the actor's own client.
func (a *Actor) postSigned(ctx context.Context, inbox string, body []byte) error {
	ctx, cancel := context.WithTimeout(ctx, deliverTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, inbox, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", ContentType)
	req.Header.Set("User-Agent", a.userAgent())
	if err := Sign(req, a.KeyID(), a.key, body); err != nil {
		return err
	}
	res, err := a.cfg.Client.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, io.LimitReader(res.Body, 4<<10))
	res.Body.Close()
	if res.StatusCode >= 300 {
		return errors.New(res.Status)
	}
	return nil
}
