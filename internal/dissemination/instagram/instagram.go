// Package instagram publishes articles to an Instagram professional
// account through the Graph API's two-step content publishing:
// POST /{ig-user-id}/media creates a container from a public JPEG (the
// 1080×1350 share card) and the caption, GET /{container-id}?fields=
// status_code waits for FINISHED, and POST /{ig-user-id}/media_publish
// publishes it.
//
// Never twice: the container id is saved (Progress) before polling, so a
// retry after a crash reuses it instead of creating another; the
// published media id is saved before returning, so a retry returns it
// without publishing again; and a container already PUBLISHED is never
// published again. The account's content_publishing_limit is read before
// publishing; when the quota is used up the delivery waits.
//
// The API can neither edit a caption nor delete a post: corrections and
// unpublications are skipped with a note for the editor (the error wraps
// errors.ErrUnsupported).
package instagram

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/dissemination/graph"
	"github.com/kominfo-jatim/warta/internal/dissemination/textfit"
)

// Caption limits from Instagram.
const (
	CaptionLimit = 2200
	MaxHashtags  = 30
)

// Progress keys.
const (
	StepContainer = "instagram.container"
	StepMedia     = "instagram.media"
)

// Connector is the Instagram channel kind.
type Connector struct {
	// PollInterval is the wait between container status checks, and
	// PollAttempts how many checks one attempt makes before handing the
	// delivery back to the engine to retry later (same container).
	PollInterval time.Duration
	PollAttempts int
	// QuotaRetry is how long to wait when the publishing quota is used up.
	// Instagram's window is a rolling 24 hours and the API does not say
	// when the oldest post leaves it, so the check is simply repeated.
	QuotaRetry time.Duration
}

var _ dissemination.Connector = (*Connector)(nil)

// New returns the Instagram connector.
func New() *Connector {
	return &Connector{PollInterval: 3 * time.Second, PollAttempts: 10, QuotaRetry: time.Hour}
}

// Kind implements dissemination.Connector.
func (*Connector) Kind() string { return "instagram" }

// Required implements dissemination.Connector: the Instagram professional
// account id and a token with instagram_content_publish.
func (*Connector) Required() (settings, secrets []string) {
	return []string{"ig_user_id"}, []string{"access_token"}
}

// Render implements dissemination.Connector: caption up to 2200
// characters and 30 hashtags; the image is the share card.
func (*Connector) Render(ch *dissemination.Channel, it *dissemination.Item) (dissemination.Rendering, error) {
	max := MaxHashtags
	if n, err := strconv.Atoi(ch.Setting("max_hashtags", "")); err == nil && n >= 0 && n < max {
		max = n
	}
	all := textfit.Hashtags(it.Article, 0)
	tags := all
	if len(tags) > max {
		tags = tags[:max]
	}
	p := textfit.Parts{
		Title: it.Article.Title,
		Body:  textfit.Summary(it.Article),
		URL:   it.URL,
		Tags:  tags,
	}
	res := textfit.Fit(p, CaptionLimit, compose)
	r := dissemination.Rendering{
		Text: res.Text, Length: res.Length, Limit: CaptionLimit,
		ImageURL: image(it),
		Warnings: res.Warnings(CaptionLimit, "karakter keterangan Instagram"),
	}
	switch {
	case len(all) > max && max == MaxHashtags:
		r.Warnings = append(r.Warnings, fmt.Sprintf("Hanya %d tagar pertama yang dipakai; Instagram menerima paling banyak %d.", max, MaxHashtags))
	case len(all) > max:
		r.Warnings = append(r.Warnings, fmt.Sprintf("Hanya %d tagar pertama yang dipakai (pengaturan max_hashtags kanal).", max))
	}
	if r.ImageURL == "" {
		r.Warnings = append(r.Warnings, "Instagram memerlukan gambar; kartu berbagi belum tersedia.")
	}
	return r, nil
}

// compose writes the caption. Links are not clickable in captions, but
// the address still tells readers where the full story is.
func compose(p textfit.Parts) (string, int) {
	link := ""
	if p.URL != "" {
		link = "Selengkapnya: " + p.URL
	}
	s := textfit.Join(p.Title, p.Body, link, p.Tags)
	return s, textfit.Runes(s)
}

func image(it *dissemination.Item) string {
	if it.ImageURL != "" {
		return it.ImageURL
	}
	return it.CardURL
}

// Deliver implements dissemination.Connector.
func (c *Connector) Deliver(ctx context.Context, ch *dissemination.Channel, it *dissemination.Item, s dissemination.Sender, p dissemination.Progress) (*dissemination.Remote, error) {
	switch it.Op {
	case dissemination.OpCreate:
		return c.publish(ctx, ch, it, graph.New(ch, s, "Instagram"), p)
	case dissemination.OpUpdate:
		return nil, dissemination.Permanent("Instagram tidak mendukung penyuntingan keterangan lewat API; koreksi tidak dikirim ke Instagram. Sunting keterangan secara manual di aplikasi Instagram bila perlu.", fmt.Errorf("instagram: edit caption: %w", errors.ErrUnsupported))
	case dissemination.OpDelete:
		return nil, dissemination.Permanent("Instagram tidak mendukung penghapusan kiriman lewat API. Hapus kiriman secara manual di aplikasi Instagram.", fmt.Errorf("instagram: delete media: %w", errors.ErrUnsupported))
	}
	return nil, dissemination.Permanent(fmt.Sprintf("Operasi %q tidak dikenal untuk Instagram.", it.Op), nil)
}

func (c *Connector) publish(ctx context.Context, ch *dissemination.Channel, it *dissemination.Item, api *graph.Client, p dissemination.Progress) (*dissemination.Remote, error) {
	if id := p.Step(StepMedia); id != "" {
		r := &dissemination.Remote{ID: id}
		if !strings.HasPrefix(id, "container:") {
			r.URL = c.permalink(ctx, api, id)
		}
		return r, nil
	}
	user := url.PathEscape(ch.Settings["ig_user_id"])
	if err := c.checkQuota(ctx, api, user); err != nil {
		return nil, err
	}

	container := p.Step(StepContainer)
	if container == "" {
		r, _ := c.Render(ch, it)
		if r.ImageURL == "" {
			return nil, dissemination.Permanent("Instagram memerlukan gambar, tetapi artikel ini tidak punya kartu berbagi. Periksa alamat situs (base URL) di konfigurasi.", nil)
		}
		var out struct {
			ID string `json:"id"`
		}
		form := url.Values{"image_url": {r.ImageURL}, "caption": {r.Text}}
		if err := api.Post(ctx, user+"/media", form, &out); err != nil {
			return nil, mediaError(err, r.ImageURL)
		}
		if out.ID == "" {
			return nil, dissemination.Temporary("Instagram tidak mengembalikan id kontainer; dicoba lagi.", nil, 0)
		}
		container = out.ID
		// Before anything else: a retry must find this container.
		if err := p.SaveStep(ctx, StepContainer, container); err != nil {
			return nil, dissemination.Temporary("Kemajuan pengiriman Instagram tidak dapat disimpan; dicoba lagi.", err, 0)
		}
	}

	published, err := c.wait(ctx, api, container, p)
	if err != nil {
		return nil, err
	}
	if published {
		// An earlier attempt published it and stopped before recording the
		// media id. The container is the only handle left; never publish twice.
		id := "container:" + container
		_ = p.SaveStep(ctx, StepMedia, id)
		return &dissemination.Remote{ID: id}, nil
	}

	var out struct {
		ID string `json:"id"`
	}
	if err := api.Post(ctx, user+"/media_publish", url.Values{"creation_id": {container}}, &out); err != nil {
		if ge, ok := graph.AsError(err); ok && ge.Code == 9 && ge.Subcode == 2207042 {
			return nil, c.quotaError(err)
		}
		return nil, err
	}
	if err := p.SaveStep(ctx, StepMedia, out.ID); err != nil {
		// Published but not recorded: the retry will see PUBLISHED.
		return nil, dissemination.Temporary("Kiriman Instagram terbit, tetapi catatannya gagal disimpan; dicoba lagi tanpa mengirim ulang.", err, 0)
	}
	return &dissemination.Remote{ID: out.ID, URL: c.permalink(ctx, api, out.ID)}, nil
}

// wait polls the container until it is ready to publish. It reports
// published when the container was already published.
func (c *Connector) wait(ctx context.Context, api *graph.Client, container string, p dissemination.Progress) (published bool, err error) {
	attempts := max(c.PollAttempts, 1)
	for i := 0; i < attempts; i++ {
		var st struct {
			StatusCode string `json:"status_code"`
			Status     string `json:"status"`
		}
		if err := api.Get(ctx, url.PathEscape(container), url.Values{"fields": {"status_code,status"}}, &st); err != nil {
			return false, err
		}
		switch st.StatusCode {
		case "FINISHED":
			return false, nil
		case "PUBLISHED":
			return true, nil
		case "ERROR":
			// The container is spent; the next attempt makes a fresh one.
			_ = p.SaveStep(ctx, StepContainer, "")
			return false, dissemination.Permanent("Instagram gagal memproses gambar ("+st.Status+"). Pastikan kartu berbagi dapat diakses publik sebagai JPEG, lalu kirim ulang.", fmt.Errorf("instagram: container %s: ERROR %s", container, st.Status))
		case "EXPIRED":
			_ = p.SaveStep(ctx, StepContainer, "")
			return false, dissemination.Temporary("Kontainer Instagram kedaluwarsa sebelum terbit; dibuat ulang otomatis.", fmt.Errorf("instagram: container %s expired", container), 0)
		}
		if i < attempts-1 {
			select {
			case <-ctx.Done():
				return false, dissemination.Temporary("Pengiriman Instagram terhenti; dilanjutkan otomatis.", ctx.Err(), 0)
			case <-time.After(c.PollInterval):
			}
		}
	}
	return false, dissemination.Temporary("Instagram masih memproses gambar; dicoba lagi otomatis dengan kontainer yang sama.", fmt.Errorf("instagram: container %s still in progress", container), 0)
}

// checkQuota reads content_publishing_limit and waits when it is used up.
func (c *Connector) checkQuota(ctx context.Context, api *graph.Client, user string) error {
	var out struct {
		Data []struct {
			QuotaUsage int `json:"quota_usage"`
			Config     struct {
				QuotaTotal    int `json:"quota_total"`
				QuotaDuration int `json:"quota_duration"`
			} `json:"config"`
		} `json:"data"`
	}
	if err := api.Get(ctx, user+"/content_publishing_limit", url.Values{"fields": {"quota_usage,config"}}, &out); err != nil {
		return err
	}
	if len(out.Data) == 0 || out.Data[0].Config.QuotaTotal == 0 {
		return nil
	}
	d := out.Data[0]
	if d.QuotaUsage < d.Config.QuotaTotal {
		return nil
	}
	return c.quotaError(fmt.Errorf("instagram: %d of %d posts used in %ds", d.QuotaUsage, d.Config.QuotaTotal, d.Config.QuotaDuration))
}

func (c *Connector) quotaError(err error) error {
	wait := c.QuotaRetry
	if wait <= 0 {
		wait = time.Hour
	}
	return dissemination.Temporary(fmt.Sprintf("Kuota unggahan Instagram (per 24 jam) sudah habis; dicoba lagi otomatis dalam %s.", humanDuration(wait)), err, wait)
}

// mediaError explains the commonest container failure: Instagram could not
// download the image.
func mediaError(err error, image string) error {
	if ge, ok := graph.AsError(err); ok && (ge.Code == 9004 || ge.Subcode == 2207052) {
		return dissemination.Permanent("Instagram tidak dapat mengambil gambar dari "+image+". Pastikan alamat situs dapat diakses publik dan kartu berbagi berupa JPEG.", err)
	}
	return err
}

// permalink asks for the post's public address; a failure only leaves the
// address out.
func (c *Connector) permalink(ctx context.Context, api *graph.Client, media string) string {
	var out struct {
		Permalink string `json:"permalink"`
	}
	if api.Get(ctx, url.PathEscape(media), url.Values{"fields": {"permalink"}}, &out) != nil {
		return ""
	}
	return out.Permalink
}

func humanDuration(d time.Duration) string {
	if d >= time.Hour && d%time.Hour == 0 {
		return fmt.Sprintf("%d jam", d/time.Hour)
	}
	return fmt.Sprintf("%d menit", (d+time.Minute-1)/time.Minute)
}

// Check implements dissemination.Connector: GET /{ig-user-id}?fields=username.
func (*Connector) Check(ctx context.Context, ch *dissemination.Channel, s dissemination.Sender) error {
	var out struct {
		Username string `json:"username"`
	}
	return graph.New(ch, s, "Instagram").Get(ctx, url.PathEscape(ch.Settings["ig_user_id"]), url.Values{"fields": {"username"}}, &out)
}

// DryRunResponse answers a dry run's requests as the Graph API would, so
// that the request log shows the whole two-step publication (the engine's
// generic stand-in has no content_publishing_limit).
func (*Connector) DryRunResponse(req *http.Request) *http.Response {
	body := `{"id":"dry-run-media","permalink":""}`
	switch p := req.URL.Path; {
	case strings.HasSuffix(p, "/content_publishing_limit"):
		body = `{"data":[{"quota_usage":0,"config":{"quota_total":50,"quota_duration":86400}}]}`
	case strings.HasSuffix(p, "/media") && req.Method == http.MethodPost:
		body = `{"id":"dry-run-container"}`
	case strings.HasSuffix(p, "/dry-run-container"):
		body = `{"id":"dry-run-container","status_code":"FINISHED"}`
	}
	return &http.Response{
		Status: "200 OK", StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}
}
