package whatsapp

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// MaxBody bounds a notification. Meta batches at most a few messages in
// one; anything larger is refused with 413 before it is parsed.
const MaxBody = 1 << 20

// InboundMessage is a message a person sent to the business number, as
// handed to the Inbound hook (the hoax clinic).
type InboundMessage struct {
	From      string // the sender's number in E.164, "+6281…"
	ID        string // WhatsApp message id ("wamid.…"), unique
	Type      string // text, image, video, audio, document, sticker, button, interactive, location …
	Text      string // the text, a media caption or the button's label
	MediaID   string // for media: the id to download it with (Client.Media)
	MimeType  string // for media: its MIME type, "image/jpeg"
	Timestamp time.Time
}

// HandlerConfig configures the webhook.
type HandlerConfig struct {
	DB *store.DB
	// Channel returns the WhatsApp channel with its secrets decrypted, or
	// nil when none is configured.
	Channel func(ctx context.Context) (*dissemination.Channel, error)
	// HTTP sends the replies; http.DefaultClient when nil.
	HTTP dissemination.Sender
	// Inbound receives every message that is not DAFTAR or BERHENTI, with
	// a client for the channel's number (to download media), and returns
	// the text to answer with, "" for none. An error releases the message,
	// so that the webhook answers 500 and Meta's retry brings it again.
	// When nil, such messages are answered with how to subscribe.
	Inbound  func(ctx context.Context, c *Client, msg InboundMessage) (reply string, err error)
	SiteName string // "Warta Jatim"
	Now      func() time.Time
	Logger   *slog.Logger
}

// Handler is the Cloud API webhook, to be mounted at /webhooks/whatsapp
// for GET (verification) and POST (notifications).
type Handler struct {
	cfg  HandlerConfig
	subs subscribers
}

// NewHandler returns the webhook handler.
func NewHandler(cfg HandlerConfig) *Handler {
	if cfg.HTTP == nil {
		cfg.HTTP = http.DefaultClient
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.SiteName == "" {
		cfg.SiteName = "Warta"
	}
	return &Handler{cfg: cfg, subs: subscribers{cfg.DB}}
}

// ServeHTTP answers Meta's verification GET and notification POSTs.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	switch r.Method {
	case http.MethodGet:
		h.verify(w, r)
	case http.MethodPost:
		h.notify(w, r)
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

// verify echoes hub.challenge when hub.verify_token is the channel's
// verify_token: Meta's check that the callback URL is ours.
func (h *Handler) verify(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ch, err := h.cfg.Channel(r.Context())
	if err != nil {
		h.cfg.Logger.Error("whatsapp webhook: channel", "err", err)
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	want := ""
	if ch != nil {
		want = ch.Secrets["verify_token"]
	}
	if want == "" || q.Get("hub.mode") != "subscribe" ||
		subtle.ConstantTimeCompare([]byte(q.Get("hub.verify_token")), []byte(want)) != 1 {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, q.Get("hub.challenge"))
}

// notification is the part of a webhook notification Warta reads.
// value.statuses (sent, delivered, read) are deliberately not decoded.
type notification struct {
	Object string `json:"object"`
	Entry  []struct {
		Changes []struct {
			Field string `json:"field"`
			Value struct {
				Metadata struct {
					PhoneNumberID string `json:"phone_number_id"`
				} `json:"metadata"`
				Messages []wireMessage `json:"messages"`
			} `json:"value"`
		} `json:"changes"`
	} `json:"entry"`
}

type wireMessage struct {
	From      string `json:"from"`
	ID        string `json:"id"`
	Timestamp string `json:"timestamp"`
	Type      string `json:"type"`
	Text      *struct {
		Body string `json:"body"`
	} `json:"text"`
	Image    *wireMedia `json:"image"`
	Video    *wireMedia `json:"video"`
	Audio    *wireMedia `json:"audio"`
	Document *wireMedia `json:"document"`
	Sticker  *wireMedia `json:"sticker"`
	Button   *struct {
		Text string `json:"text"`
	} `json:"button"`
	Interactive *struct {
		ButtonReply *struct {
			Title string `json:"title"`
		} `json:"button_reply"`
		ListReply *struct {
			Title string `json:"title"`
		} `json:"list_reply"`
	} `json:"interactive"`
}

type wireMedia struct {
	ID       string `json:"id"`
	Caption  string `json:"caption"`
	MimeType string `json:"mime_type"`
}

// inbound converts a wire message; ok is false when it lacks a sender or id.
func (m wireMessage) inbound(now time.Time) (InboundMessage, bool) {
	phone, ok := e164(m.From)
	if !ok || m.ID == "" {
		return InboundMessage{}, false
	}
	in := InboundMessage{From: phone, ID: m.ID, Type: m.Type, Timestamp: now}
	if sec, err := strconv.ParseInt(m.Timestamp, 10, 64); err == nil && sec > 0 && time.Unix(sec, 0).Before(now) {
		in.Timestamp = time.Unix(sec, 0)
	}
	switch {
	case m.Text != nil:
		in.Text = m.Text.Body
	case m.Button != nil:
		in.Text = m.Button.Text
	case m.Interactive != nil && m.Interactive.ButtonReply != nil:
		in.Text = m.Interactive.ButtonReply.Title
	case m.Interactive != nil && m.Interactive.ListReply != nil:
		in.Text = m.Interactive.ListReply.Title
	}
	for _, md := range []*wireMedia{m.Image, m.Video, m.Audio, m.Document, m.Sticker} {
		if md != nil {
			in.MediaID, in.MimeType, in.Text = md.ID, md.MimeType, md.Caption
		}
	}
	return in, true
}

// e164 turns a WhatsApp id ("6281234567890") into "+6281234567890".
func e164(waID string) (string, bool) {
	d := strings.TrimPrefix(waID, "+")
	if len(d) < 8 || len(d) > 15 || d[0] == '0' {
		return "", false
	}
	for _, r := range d {
		if r < '0' || r > '9' {
			return "", false
		}
	}
	return "+" + d, true
}

// notify handles a notification POST. Nothing is read from the body until
// its X-Hub-Signature-256 proves it came from Meta with our app secret.
func (h *Handler) notify(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	body, ok := dissemination.ReadWebhookBody(w, r, MaxBody)
	if !ok {
		return
	}
	ch, err := h.cfg.Channel(ctx)
	if err != nil {
		h.cfg.Logger.Error("whatsapp webhook: channel", "err", err)
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	if ch == nil || !validSignature(ch.Secrets["app_secret"], r.Header.Get("X-Hub-Signature-256"), body) {
		http.Error(w, "invalid signature", http.StatusUnauthorized)
		return
	}
	var n notification
	if err := json.Unmarshal(body, &n); err != nil {
		http.Error(w, "invalid JSON", http.StatusBadRequest)
		return
	}
	ours := ch.Setting("phone_number_id", "")
	client := NewClient(ch, h.cfg.HTTP)
	for _, e := range n.Entry {
		for _, c := range e.Changes {
			if c.Field != "messages" || ours != "" && c.Value.Metadata.PhoneNumberID != ours {
				continue
			}
			for _, wm := range c.Value.Messages {
				m, ok := wm.inbound(h.cfg.Now())
				if !ok {
					continue
				}
				if err := h.receive(ctx, client, m); err != nil {
					h.cfg.Logger.Error("whatsapp webhook: message", "id", m.ID, "err", err)
					http.Error(w, "temporarily unavailable", http.StatusInternalServerError)
					return
				}
			}
		}
	}
	w.WriteHeader(http.StatusOK)
}

// validSignature checks header "sha256=<hex>" against the HMAC-SHA256 of
// body keyed with secret, in constant time. An empty secret never matches.
func validSignature(secret, header string, body []byte) bool {
	hexSig, ok := strings.CutPrefix(header, "sha256=")
	if secret == "" || !ok {
		return false
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hmac.Equal(got, mac.Sum(nil))
}

// receive handles one message once, however often Meta delivers it. When
// storage fails the message is released so Meta's retry handles it again.
func (h *Handler) receive(ctx context.Context, client *Client, m InboundMessage) error {
	fresh, err := h.subs.claim(ctx, m.ID, h.cfg.Now())
	if err != nil || !fresh {
		return err
	}
	if err := h.handle(ctx, client, m); err != nil {
		h.subs.unclaim(context.WithoutCancel(ctx), m.ID)
		return err
	}
	return nil
}

func (h *Handler) handle(ctx context.Context, client *Client, m InboundMessage) error {
	var cmd *command
	if m.Type == "text" {
		regions, err := h.cfg.DB.Regions(ctx)
		if err != nil {
			return fmt.Errorf("whatsapp: regions: %w", err)
		}
		cmd = parseCommand(m.Text, regions)
	}
	switch {
	case cmd != nil && cmd.stop:
		was, err := h.subs.unsubscribe(ctx, m.From, m.Timestamp)
		if err != nil {
			return err
		}
		h.reply(ctx, client, m.From, stopReply(h.cfg.SiteName, was))
	case cmd != nil:
		scope := scopeText(cmd.regions)
		consent := fmt.Sprintf("Mendaftar lewat WhatsApp dengan mengirim pesan %q: setuju menerima kabar resmi pemilu dan pilkada dari %s untuk %s. "+
			"Data yang disimpan: nomor WhatsApp dan pilihan wilayah, sampai berhenti berlangganan dengan mengirim BERHENTI.",
			strings.TrimSpace(m.Text), h.cfg.SiteName, scope)
		var slugs []string
		for _, r := range cmd.regions {
			slugs = append(slugs, r.Slug)
		}
		was, err := h.subs.subscribe(ctx, m.From, slugs, consent, m.Timestamp)
		if err != nil {
			return err
		}
		h.reply(ctx, client, m.From, subscribeReply(h.cfg.SiteName, scope, was))
	default:
		if err := h.subs.touch(ctx, m.From, m.Timestamp); err != nil {
			return err
		}
		if h.cfg.Inbound == nil {
			h.reply(ctx, client, m.From, helpReply(h.cfg.SiteName))
			return nil
		}
		text, err := h.cfg.Inbound(ctx, client, m)
		if err != nil {
			return fmt.Errorf("whatsapp: inbound %s: %w", m.ID, err)
		}
		if text != "" {
			h.reply(ctx, client, m.From, text)
		}
	}
	return nil
}

// reply answers inside the 24-hour window the person's message just
// opened. A failed reply is logged, not retried: the subscription itself
// is stored.
func (h *Handler) reply(ctx context.Context, client *Client, to, text string) {
	if client.AccessToken == "" {
		h.cfg.Logger.Info("whatsapp webhook: no access_token, reply not sent")
		return
	}
	if _, err := client.SendText(ctx, to, text); err != nil {
		h.cfg.Logger.Warn("whatsapp webhook: reply", "err", err)
	}
}

func scopeText(regions []warta.Region) string {
	if len(regions) == 0 {
		return "seluruh Jawa Timur"
	}
	names := make([]string, len(regions))
	for i, r := range regions {
		names[i] = r.Name
	}
	return strings.Join(names, ", ")
}

func subscribeReply(site, scope string, updated bool) string {
	first := fmt.Sprintf("Terima kasih, nomor Anda terdaftar untuk menerima kabar resmi pemilu dan pilkada dari %s untuk %s.", site, scope)
	if updated {
		first = fmt.Sprintf("Pilihan wilayah Anda diperbarui: %s.", scope)
	}
	return first + "\n\nKami hanya menyimpan nomor WhatsApp dan pilihan wilayah Anda, hanya untuk mengirim kabar ini, " +
		"sampai Anda berhenti berlangganan. Kirim BERHENTI kapan saja untuk berhenti; pilihan Anda langsung kami hapus."
}

func stopReply(site string, was bool) string {
	if !was {
		return fmt.Sprintf("Nomor Anda tidak sedang berlangganan kabar %s. Kirim DAFTAR untuk berlangganan.", site)
	}
	return fmt.Sprintf("Anda telah berhenti berlangganan kabar %s dan pilihan wilayah Anda kami hapus. Kirim DAFTAR untuk berlangganan lagi.", site)
}

func helpReply(site string) string {
	return fmt.Sprintf("Ini layanan kabar resmi pemilu dan pilkada %s. Kirim DAFTAR untuk berlangganan kabar seluruh Jawa Timur, "+
		"atau DAFTAR diikuti nama kabupaten/kota, misalnya DAFTAR SURABAYA SIDOARJO. Kirim BERHENTI untuk berhenti.", site)
}
