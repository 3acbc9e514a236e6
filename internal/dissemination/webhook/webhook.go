// Package webhook tells partner sites about published articles with signed
// HTTP POSTs (channel kind "webhook").
//
// # The scheme, for partners
//
// Warta POSTs a JSON document to the partner's URL whenever an article is
// published, updated (corrected) or unpublished:
//
//	POST /your/endpoint HTTP/1.1
//	Content-Type: application/json
//	Warta-Event: article.published
//	Warta-Timestamp: 1707890400
//	Warta-Signature: v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd
//	Idempotency-Key: warta-01HQ…-01HP…-3-create
//
//	{"event":"article.published","id":"01HP…","url":"https://…/berita/2024/02/14/…",
//	 "title":"…","dek":"…","published_at":"2024-02-14T07:00:00Z","updated_at":"…",
//	 "agency":{"slug":"kpu-jatim","name":"KPU Provinsi Jawa Timur"},
//	 "regions":[{"code":"35.78","slug":"kota-surabaya","name":"Kota Surabaya"}],
//	 "stages":[{"slug":"pemilu-2024-kampanye","name":"Kampanye","election":"Pemilu 2024"}],
//	 "tags":[{"slug":"debat","name":"Debat"}]}
//
// event is article.published, article.updated or article.unpublished (or
// "ping" when an admin tests the channel). Times are RFC 3339 in UTC.
//
// Warta-Signature is "v1=" followed by the lowercase hex HMAC-SHA256, keyed
// with the shared signing secret, of the Warta-Timestamp value, a full stop
// and the raw request body, byte for byte:
//
//	HMAC-SHA256(secret, "1707890400" + "." + body)
//
// To verify: recompute it over the raw body before parsing any JSON, compare
// in constant time, and refuse timestamps more than a few minutes from your
// clock, which stops an intercepted request from being replayed later.
// Verify in this package does exactly that and has no dependencies beyond
// the standard library, so it can be copied. A header may carry several
// comma-separated v1= values while a secret is being rotated; one matching
// is enough.
//
// Answer any 2xx status once the event is stored. Other answers are retried
// with backoff (429 and 5xx, honouring Retry-After) or reported to the
// editors (other 4xx; 410 Gone means the endpoint was retired). A retry
// carries the same Idempotency-Key, so use it to drop duplicates.
package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/kominfo-jatim/warta/internal/dissemination"
)

// Events sent to partners.
const (
	EventPublished   = "article.published"
	EventUpdated     = "article.updated"
	EventUnpublished = "article.unpublished"
	EventPing        = "ping"
)

// Headers of a webhook request.
const (
	HeaderTimestamp = "Warta-Timestamp"
	HeaderSignature = "Warta-Signature"
	HeaderEvent     = "Warta-Event"
)

// Payload is the JSON body of a webhook request.
type Payload struct {
	Event       string    `json:"event"`
	ID          string    `json:"id,omitempty"`
	URL         string    `json:"url,omitempty"`
	Title       string    `json:"title,omitempty"`
	Dek         string    `json:"dek,omitempty"`
	PublishedAt time.Time `json:"published_at,omitzero"`
	UpdatedAt   time.Time `json:"updated_at,omitzero"`
	Agency      *Agency   `json:"agency,omitempty"`
	Regions     []Region  `json:"regions,omitempty"`
	Stages      []Stage   `json:"stages,omitempty"`
	Tags        []Tag     `json:"tags,omitempty"`
}

// Agency is the article's source agency.
type Agency struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// Region is a region the article concerns, by its Kemendagri code.
type Region struct {
	Code string `json:"code"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// Stage is an election stage the article concerns.
type Stage struct {
	Slug     string `json:"slug"`
	Name     string `json:"name"`
	Election string `json:"election"`
}

// Tag is a keyword of the article.
type Tag struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// Connector delivers articles to one partner endpoint.
type Connector struct {
	// Now is the clock for Warta-Timestamp; time.Now when nil.
	Now func() time.Time
}

// New returns the webhook connector.
func New() *Connector { return &Connector{} }

// Kind implements dissemination.Connector.
func (c *Connector) Kind() string { return "webhook" }

// Required implements dissemination.Connector: the partner's url, and the
// signing secret shared with the partner.
func (c *Connector) Required() (settings, secrets []string) {
	return []string{"url"}, []string{"signing_secret"}
}

func (c *Connector) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// event names the op for partners.
func event(op dissemination.Op) string {
	switch op {
	case dissemination.OpUpdate:
		return EventUpdated
	case dissemination.OpDelete:
		return EventUnpublished
	}
	return EventPublished
}

// NewPayload describes the item as partners receive it.
func NewPayload(it *dissemination.Item) Payload {
	a := it.Article
	p := Payload{Event: event(it.Op), ID: a.ID, URL: it.URL, Title: a.Title, Dek: a.Dek,
		PublishedAt: a.PublishedAt.UTC(), UpdatedAt: a.UpdatedAt.UTC()}
	if a.Agency.Slug != "" {
		p.Agency = &Agency{Slug: a.Agency.Slug, Name: a.Agency.Name}
	}
	for _, r := range a.Regions {
		p.Regions = append(p.Regions, Region{Code: r.Code, Slug: r.Slug, Name: r.Name})
	}
	for _, s := range a.Stages {
		p.Stages = append(p.Stages, Stage{Slug: s.Slug, Name: s.Name, Election: s.ElectionName})
	}
	for _, t := range a.Tags {
		p.Tags = append(p.Tags, Tag(t))
	}
	return p
}

// Render implements dissemination.Connector: the JSON body.
func (c *Connector) Render(ch *dissemination.Channel, it *dissemination.Item) (dissemination.Rendering, error) {
	body, err := json.MarshalIndent(NewPayload(it), "", "  ")
	if err != nil {
		return dissemination.Rendering{}, fmt.Errorf("webhook: render: %w", err)
	}
	return dissemination.Rendering{Text: string(body), Length: len(body)}, nil
}

// Deliver implements dissemination.Connector: one signed POST.
func (c *Connector) Deliver(ctx context.Context, ch *dissemination.Channel, it *dissemination.Item, s dissemination.Sender, p dissemination.Progress) (*dissemination.Remote, error) {
	body, err := json.Marshal(NewPayload(it))
	if err != nil {
		return nil, dissemination.Permanent("Isi webhook tidak dapat disusun.", err)
	}
	key := it.IdempotencyKey(ch)
	if err := c.post(ctx, ch, s, event(it.Op), body, key); err != nil {
		return nil, err
	}
	return &dissemination.Remote{ID: key}, nil
}

// Check implements dissemination.Connector with a signed "ping" event,
// which partners answer with 2xx and otherwise ignore.
func (c *Connector) Check(ctx context.Context, ch *dissemination.Channel, s dissemination.Sender) error {
	body, _ := json.Marshal(Payload{Event: EventPing})
	return c.post(ctx, ch, s, EventPing, body, fmt.Sprintf("warta-%s-ping-%d", ch.ID, c.now().Unix()))
}

// post sends body signed with the channel's secret.
func (c *Connector) post(ctx context.Context, ch *dissemination.Channel, s dissemination.Sender, ev string, body []byte, key string) error {
	url := ch.Setting("url", "")
	if url == "" {
		return dissemination.Permanent("Alamat (url) webhook mitra belum diisi di pengaturan kanal.", nil)
	}
	secret := ch.Secrets["signing_secret"]
	if secret == "" {
		return dissemination.Permanent("Rahasia penandatangan (signing_secret) webhook belum diisi.", nil)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return dissemination.Permanent("Alamat (url) webhook mitra tidak valid.", err)
	}
	ts := strconv.FormatInt(c.now().Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Warta-Webhook/1")
	req.Header.Set(HeaderEvent, ev)
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderSignature, "v1="+Sign(secret, ts, body))
	req.Header.Set("Idempotency-Key", key)
	res, err := s.Do(req)
	if err != nil {
		return dissemination.AsError(err)
	}
	switch res.StatusCode {
	case http.StatusRequestTimeout, http.StatusTooEarly:
		res.Body.Close()
		return dissemination.Temporary(fmt.Sprintf("Situs mitra belum siap menerima (HTTP %d); dicoba lagi otomatis.", res.StatusCode), nil,
			dissemination.RetryAfter(res.Header, c.now()))
	case http.StatusGone:
		res.Body.Close()
		return dissemination.Permanent("Situs mitra menyatakan alamat webhook ini sudah tidak dipakai (HTTP 410). Perbarui atau nonaktifkan kanal.", nil)
	}
	if err := dissemination.CheckResponse(res, "Webhook mitra"); err != nil {
		return err
	}
	io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	res.Body.Close()
	return nil
}

// Sign returns the lowercase hex HMAC-SHA256 of timestamp + "." + body
// keyed with secret: the value after "v1=" in Warta-Signature.
func Sign(secret, timestamp string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(timestamp))
	m.Write([]byte{'.'})
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}
