package activitypub

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/kominfo-jatim/warta/internal/dissemination"
)

// The "activitypub" connector: the channel is the site's own actor, so it
// needs no settings or secrets. One optional setting, object_type=Article,
// sends Articles instead of Notes.

var _ dissemination.Connector = (*Actor)(nil)

// Progress values per inbox: a retry skips inboxes already done.
const (
	stepDelivered  = "delivered"
	stepGone       = "gone"
	deliverWorkers = 4
	deliverTimeout = 20 * time.Second
)

// Kind is "activitypub".
func (a *Actor) Kind() string { return "activitypub" }

// Required lists nothing: the actor's key lives in the database.
func (a *Actor) Required() (settings, secrets []string) { return nil, nil }

var tagRE = regexp.MustCompile(`<[^>]*>`)

// Render shows the Note's content as followers will see it.
func (a *Actor) Render(ch *dissemination.Channel, it *dissemination.Item) (dissemination.Rendering, error) {
	if it.Op == dissemination.OpDelete {
		return dissemination.Rendering{Text: "Artikel ditarik dari linimasa pengikut di fediverse (Delete)."}, nil
	}
	n := a.note(ch, it)
	visible := html.UnescapeString(tagRE.ReplaceAllString(strings.ReplaceAll(n.Content, "</p>", "\n\n"), ""))
	r := dissemination.Rendering{
		Text:     n.Content,
		Length:   utf8.RuneCountInString(strings.TrimSpace(visible)),
		ImageURL: it.ImageURL,
	}
	if n.Type == "Article" {
		r.Warnings = append(r.Warnings, "Mastodon menampilkan Article hanya sebagai judul dan tautan; pilih Note agar isi dan gambar tampil.")
	}
	return r, nil
}

// Deliver stores the object (so its id and the outbox answer) and posts the
// signed activity once to each follower inbox not yet done. Inboxes that
// accept are recorded in p before the next; an inbox answering 410 Gone
// loses its followers and is not tried again.
func (a *Actor) Deliver(ctx context.Context, ch *dissemination.Channel, it *dissemination.Item, s dissemination.Sender, p dissemination.Progress) (*dissemination.Remote, error) {
	act, obj := a.activity(ch, it)
	body, err := json.Marshal(act)
	if err != nil {
		return nil, dissemination.Permanent("Aktivitas ActivityPub tidak bisa disusun.", err)
	}
	objJSON, _ := json.Marshal(obj)
	id := a.objectURL(it.Article.ID)
	if err := a.saveObject(ctx, it.Article.ID, id, string(objJSON), a.published(it.Article), it.Op == dissemination.OpDelete); err != nil {
		return nil, dissemination.Temporary("Gagal menyimpan objek ActivityPub; akan dicoba lagi.", err, 0)
	}
	inboxes, err := a.inboxes(ctx)
	if err != nil {
		return nil, dissemination.Temporary("Gagal membaca daftar pengikut ActivityPub; akan dicoba lagi.", err, 0)
	}
	prog := &progress{p: p}
	results := make([]error, len(inboxes))
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(deliverWorkers, len(inboxes)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				results[i] = a.deliverTo(ctx, s, prog, inboxes[i], body)
			}
		}()
	}
	for i, inbox := range inboxes {
		if v := prog.step(inbox); v == stepDelivered || v == stepGone {
			continue
		}
		work <- i
	}
	close(work)
	wg.Wait()
	if err := summarize(inboxes, results); err != nil {
		return nil, err
	}
	return &dissemination.Remote{ID: id, URL: it.URL}, nil
}

// inboxError is one inbox's failure.
type inboxError struct {
	inbox      string
	status     int // 0 for a network failure
	retryable  bool
	retryAfter time.Duration
	err        error
}

func (e *inboxError) Error() string { return e.inbox + ": " + e.err.Error() }

// deliverTo posts body to one inbox and records the outcome.
func (a *Actor) deliverTo(ctx context.Context, s dissemination.Sender, prog *progress, inbox string, body []byte) error {
	ctx, cancel := context.WithTimeout(ctx, deliverTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, inbox, bytes.NewReader(body))
	if err != nil {
		return &inboxError{inbox: inbox, err: err}
	}
	req.Header.Set("Content-Type", ContentType)
	req.Header.Set("Accept", acceptHeader)
	req.Header.Set("User-Agent", a.userAgent())
	if err := Sign(req, a.KeyID(), a.key, body); err != nil {
		return &inboxError{inbox: inbox, err: err}
	}
	res, err := s.Do(req)
	if err != nil {
		return &inboxError{inbox: inbox, retryable: true, err: err}
	}
	detail, _ := io.ReadAll(io.LimitReader(res.Body, 2<<10))
	res.Body.Close()
	switch code := res.StatusCode; {
	case code >= 200 && code < 300:
		return prog.save(ctx, inbox, stepDelivered)
	case code == http.StatusGone:
		// The server says the inbox (its actor or whole server) is gone for
		// good: forget its followers instead of retrying forever.
		if err := a.removeInbox(ctx, inbox); err != nil {
			return &inboxError{inbox: inbox, retryable: true, err: err}
		}
		a.cfg.Logger.Info("activitypub: inbox gone, followers removed", "inbox", inbox)
		return prog.save(ctx, inbox, stepGone)
	default:
		e := &inboxError{inbox: inbox, status: code, err: fmt.Errorf("HTTP %d: %s", code, strings.TrimSpace(string(detail)))}
		// As Mastodon does: 401 (the server could not fetch our key yet),
		// 408, 429 and 5xx may pass later; other 4xx will not.
		e.retryable = code >= 500 || code == http.StatusUnauthorized || code == http.StatusRequestTimeout || code == http.StatusTooManyRequests
		e.retryAfter = dissemination.RetryAfter(res.Header, a.now())
		return e
	}
}

// summarize turns per-inbox outcomes into the delivery's result: retryable
// when any inbox may still take it, permanent when the rest refused.
func summarize(inboxes []string, results []error) error {
	var temp, refused []*inboxError
	var other error
	var wait time.Duration
	for _, err := range results {
		switch e := err.(type) {
		case nil:
		case *inboxError:
			if e.retryable {
				temp = append(temp, e)
				wait = max(wait, e.retryAfter)
			} else {
				refused = append(refused, e)
			}
		default:
			other = err // recording progress failed
		}
	}
	failed := len(temp) + len(refused)
	done := len(inboxes) - failed
	switch {
	case other != nil:
		return dissemination.Temporary("Gagal mencatat kemajuan pengiriman ActivityPub; akan dicoba lagi tanpa mengirim ganda.", other, 0)
	case len(temp) > 0:
		return dissemination.Temporary(fmt.Sprintf(
			"Terkirim ke %d dari %d server pengikut; %d server belum bisa dihubungi (mis. %s) dan akan dicoba lagi otomatis.",
			done, len(inboxes), len(temp), describe(temp[0])), joinErrors(temp, refused), wait)
	case len(refused) > 0:
		return dissemination.Permanent(fmt.Sprintf(
			"Terkirim ke %d dari %d server pengikut; %d server menolak kiriman (mis. %s). Biasanya server itu memblokir situs atau menolak isinya; kirim ulang hanya mencoba server yang gagal.",
			done, len(inboxes), len(refused), describe(refused[0])), joinErrors(temp, refused))
	}
	return nil
}

func describe(e *inboxError) string {
	host := e.inbox
	if i := strings.Index(host, "://"); i >= 0 {
		host = host[i+3:]
	}
	host, _, _ = strings.Cut(host, "/")
	if e.status == 0 {
		return host + ": jaringan"
	}
	return fmt.Sprintf("%s: HTTP %d", host, e.status)
}

func joinErrors(lists ...[]*inboxError) error {
	var msgs []string
	for _, l := range lists {
		for _, e := range l {
			msgs = append(msgs, e.Error())
		}
	}
	return fmt.Errorf("%s", strings.Join(msgs, "; "))
}

// progress serialises a delivery's Progress between workers.
type progress struct {
	mu sync.Mutex
	p  dissemination.Progress
}

func (p *progress) step(inbox string) string {
	if p.p == nil {
		return ""
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.p.Step("inbox " + inbox)
}

func (p *progress) save(ctx context.Context, inbox, value string) error {
	if p.p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.p.SaveStep(ctx, "inbox "+inbox, value)
}

// Check fetches the actor document at its public URL through s and
// compares its key, which proves the base URL reaches this site.
func (a *Actor) Check(ctx context.Context, ch *dissemination.Channel, s dissemination.Sender) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.ID(), nil)
	if err != nil {
		return dissemination.Permanent("Alamat aktor ActivityPub tidak valid; periksa base URL situs.", err)
	}
	req.Header.Set("Accept", acceptHeader)
	res, err := s.Do(req)
	if err != nil {
		return dissemination.Temporary(fmt.Sprintf("Profil ActivityPub %s tidak bisa dihubungi; periksa base URL situs dan jaringan.", a.ID()), err, 0)
	}
	defer res.Body.Close()
	var doc struct {
		PublicKey struct {
			PublicKeyPem string `json:"publicKeyPem"`
		} `json:"publicKey"`
	}
	if res.StatusCode != http.StatusOK {
		return dissemination.Permanent(fmt.Sprintf("Profil ActivityPub %s menjawab HTTP %d; periksa base URL situs dan proxy di depannya.", a.ID(), res.StatusCode), nil)
	}
	if err := json.NewDecoder(io.LimitReader(res.Body, maxDocument)).Decode(&doc); err != nil || doc.PublicKey.PublicKeyPem != a.publicPEM {
		return dissemination.Permanent(fmt.Sprintf("Alamat %s tidak menyajikan profil ActivityPub situs ini; periksa base URL situs.", a.ID()), err)
	}
	return nil
}
