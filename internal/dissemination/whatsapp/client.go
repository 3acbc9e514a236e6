package whatsapp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/dissemination"
)

// DefaultAPIBase is the Graph API version Warta speaks; api_base overrides it.
const DefaultAPIBase = "https://graph.facebook.com/v21.0"

// Cloud API error codes Warta acts on.
const (
	// CodeReengagement: free text outside the 24-hour customer service
	// window. Send a template instead.
	CodeReengagement = 131047
	// CodeUndeliverable: the number is not on WhatsApp or cannot receive.
	CodeUndeliverable = 131026
)

// recipientCodes are errors about one recipient, not about the channel:
// a delivery records them for that person and goes on to the next.
var recipientCodes = map[int]bool{
	131021:            true, // recipient cannot be the sender
	CodeUndeliverable: true,
	CodeReengagement:  true,
	131049:            true, // not delivered to keep the ecosystem healthy
	131050:            true, // the user stopped marketing messages
}

// rateCodes are throttling errors, whatever HTTP status carries them.
var rateCodes = map[int]bool{4: true, 80007: true, 130429: true, 131048: true, 131056: true}

// Client sends messages from one WhatsApp business phone number through
// the Cloud API. The hoax clinic uses it to answer reporters.
type Client struct {
	Base          string // API base URL, without a trailing slash
	PhoneNumberID string
	AccessToken   string
	HTTP          dissemination.Sender
}

// NewClient returns a client for the channel's number (settings api_base
// and phone_number_id, secret access_token) sending through s.
func NewClient(ch *dissemination.Channel, s dissemination.Sender) *Client {
	return &Client{
		Base:          strings.TrimRight(ch.Setting("api_base", DefaultAPIBase), "/"),
		PhoneNumberID: ch.Setting("phone_number_id", ""),
		AccessToken:   ch.Secrets["access_token"],
		HTTP:          s,
	}
}

// Template is an approved message template with its body parameters, in
// order ({{1}}, {{2}} …).
type Template struct {
	Name     string
	Language string // "id"
	Body     []string
}

// APIError is an error the Cloud API answered with.
type APIError struct {
	Status  int
	Code    int    `json:"code"`
	Subcode int    `json:"error_subcode"`
	Message string `json:"message"`
	Data    struct {
		Details string `json:"details"`
	} `json:"error_data"`
}

func (e *APIError) Error() string {
	msg := e.Message
	if e.Data.Details != "" {
		msg += " (" + e.Data.Details + ")"
	}
	return fmt.Sprintf("whatsapp: HTTP %d, code %d: %s", e.Status, e.Code, msg)
}

// Recipient reports whether the error concerns only this recipient.
func (e *APIError) Recipient() bool { return recipientCodes[e.Code] }

// message is a Cloud API message object.
type message struct {
	MessagingProduct string       `json:"messaging_product"`
	RecipientType    string       `json:"recipient_type"`
	To               string       `json:"to"`
	Type             string       `json:"type"`
	Text             *textBody    `json:"text,omitempty"`
	Template         *templateMsg `json:"template,omitempty"`
}

type textBody struct {
	PreviewURL bool   `json:"preview_url"`
	Body       string `json:"body"`
}

type templateMsg struct {
	Name       string      `json:"name"`
	Language   language    `json:"language"`
	Components []component `json:"components,omitempty"`
}

type language struct {
	Code string `json:"code"`
}

type component struct {
	Type       string      `json:"type"`
	Parameters []parameter `json:"parameters"`
}

type parameter struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

// SendText sends free text to a WhatsApp number (E.164, with or without
// "+"). WhatsApp accepts it only within 24 hours of the person's last
// message; otherwise the error is an *APIError with CodeReengagement.
// It returns the message id.
func (c *Client) SendText(ctx context.Context, to, body string) (string, error) {
	return c.send(ctx, message{Type: "text", To: to, Text: &textBody{PreviewURL: strings.Contains(body, "https://"), Body: body}})
}

// SendTemplate sends an approved template, allowed at any time to people
// who opted in. It returns the message id.
func (c *Client) SendTemplate(ctx context.Context, to string, t Template) (string, error) {
	tm := &templateMsg{Name: t.Name, Language: language{Code: t.Language}}
	if len(t.Body) > 0 {
		comp := component{Type: "body"}
		for _, p := range t.Body {
			comp.Parameters = append(comp.Parameters, parameter{Type: "text", Text: templateParam(p)})
		}
		tm.Components = []component{comp}
	}
	return c.send(ctx, message{Type: "template", To: to, Template: tm})
}

// templateParam makes text acceptable as a template parameter, which may
// hold no line breaks or tabs nor more than four spaces in a row.
func templateParam(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func (c *Client) send(ctx context.Context, m message) (string, error) {
	if c.PhoneNumberID == "" {
		return "", dissemination.Permanent("ID nomor telepon WhatsApp (phone_number_id) belum diisi di pengaturan kanal.", nil)
	}
	m.MessagingProduct, m.RecipientType = "whatsapp", "individual"
	m.To = strings.TrimPrefix(m.To, "+")
	body, err := json.Marshal(m)
	if err != nil {
		return "", dissemination.Permanent("Pesan WhatsApp tidak dapat disusun.", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.Base+"/"+c.PhoneNumberID+"/messages", bytes.NewReader(body))
	if err != nil {
		return "", dissemination.Permanent("Alamat API WhatsApp (api_base) tidak valid.", err)
	}
	req.Header.Set("Content-Type", "application/json")
	var out struct {
		Messages []struct {
			ID string `json:"id"`
		} `json:"messages"`
	}
	if err := c.do(req, &out); err != nil {
		return "", err
	}
	if len(out.Messages) == 0 {
		return "", nil
	}
	return out.Messages[0].ID, nil
}

// Check reads the phone number's profile, which needs a valid token with
// access to the number and changes nothing.
func (c *Client) Check(ctx context.Context) error {
	if c.PhoneNumberID == "" {
		return dissemination.Permanent("ID nomor telepon WhatsApp (phone_number_id) belum diisi di pengaturan kanal.", nil)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.Base+"/"+c.PhoneNumberID+"?fields=display_phone_number,verified_name", nil)
	if err != nil {
		return dissemination.Permanent("Alamat API WhatsApp (api_base) tidak valid.", err)
	}
	return c.do(req, nil)
}

// do sends req with the access token and decodes a 2xx answer into out.
// Errors are *dissemination.Error wrapping an *APIError when the API
// explained itself.
func (c *Client) do(req *http.Request, out any) error {
	req.Header.Set("Authorization", "Bearer "+c.AccessToken)
	res, err := c.HTTP.Do(req)
	if err != nil {
		return dissemination.AsError(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if res.StatusCode >= 200 && res.StatusCode < 300 {
		if out != nil && len(bytes.TrimSpace(body)) > 0 {
			if err := json.Unmarshal(body, out); err != nil {
				return dissemination.Temporary("Jawaban API WhatsApp tidak dapat dibaca; dicoba lagi otomatis.", err, 0)
			}
		}
		return nil
	}
	var envelope struct {
		Error *APIError `json:"error"`
	}
	json.Unmarshal(body, &envelope)
	ae := envelope.Error
	if ae == nil {
		ae = &APIError{Message: strings.TrimSpace(string(body))}
	}
	ae.Status = res.StatusCode
	res.Body = io.NopCloser(bytes.NewReader(body))
	if res.Request == nil {
		res.Request = req
	}
	var de *dissemination.Error
	switch {
	case rateCodes[ae.Code]:
		wait := dissemination.RetryAfter(res.Header, time.Now())
		de = dissemination.Temporary("WhatsApp membatasi laju pengiriman; dicoba lagi otomatis.", nil, wait)
	case ae.Recipient():
		de = dissemination.Permanent("WhatsApp tidak dapat mengirim ke nomor ini: "+ae.Message, nil)
	case ae.Code >= 132000 && ae.Code < 133000:
		de = dissemination.Permanent("Templat WhatsApp ditolak: "+ae.Message+
			". Periksa nama, bahasa dan jumlah parameter templat (judul, tautan) di WhatsApp Manager.", nil)
	case ae.Code == 190:
		de = dissemination.Permanent("Token akses WhatsApp ditolak atau kedaluwarsa. Perbarui access_token kanal di Studio, lalu kirim ulang.", nil)
	default:
		var ok bool
		if de, ok = dissemination.CheckResponse(res, "WhatsApp").(*dissemination.Error); !ok {
			de = dissemination.Permanent("WhatsApp menolak permintaan.", nil)
		}
	}
	de.Err = ae
	return de
}

// ErrMediaTooLarge is returned (wrapped) by Media for a file over the limit.
var ErrMediaTooLarge = errors.New("whatsapp: media too large")

// Media downloads a file a person sent (an image's media id from the
// webhook): GET {api_base}/{media-id} gives a short-lived URL, fetched with
// the same access token. A file larger than max bytes is refused with
// ErrMediaTooLarge. It returns the bytes and their MIME type.
func (c *Client) Media(ctx context.Context, id string, max int64) ([]byte, string, error) {
	if id == "" || strings.ContainsAny(id, "/?#") {
		return nil, "", dissemination.Permanent("ID media WhatsApp tidak valid.", nil)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.Base+"/"+url.PathEscape(id), nil)
	if err != nil {
		return nil, "", dissemination.Permanent("Alamat API WhatsApp (api_base) tidak valid.", err)
	}
	var meta struct {
		URL      string          `json:"url"`
		MimeType string          `json:"mime_type"`
		FileSize json.RawMessage `json:"file_size"` // documented as a string, seen as a number
	}
	if err := c.do(req, &meta); err != nil {
		return nil, "", err
	}
	if size, err := strconv.ParseInt(strings.Trim(string(meta.FileSize), `"`), 10, 64); err == nil && size > max {
		return nil, "", fmt.Errorf("%w: %d bytes", ErrMediaTooLarge, size)
	}
	if u, err := url.Parse(meta.URL); err != nil || u.Scheme != "https" && u.Scheme != "http" {
		return nil, "", dissemination.Permanent("WhatsApp tidak memberikan alamat unduhan media.", err)
	}
	req, err = http.NewRequestWithContext(ctx, http.MethodGet, meta.URL, nil)
	if err != nil {
		return nil, "", dissemination.Permanent("WhatsApp tidak memberikan alamat unduhan media.", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.AccessToken)
	res, err := c.HTTP.Do(req)
	if err != nil {
		return nil, "", dissemination.AsError(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		if res.Request == nil {
			res.Request = req
		}
		return nil, "", dissemination.CheckResponse(res, "WhatsApp")
	}
	if res.ContentLength > max {
		return nil, "", fmt.Errorf("%w: %d bytes", ErrMediaTooLarge, res.ContentLength)
	}
	data, err := io.ReadAll(io.LimitReader(res.Body, max+1))
	if err != nil {
		return nil, "", dissemination.Temporary("Unduhan media WhatsApp terputus; dicoba lagi otomatis.", err, 0)
	}
	if int64(len(data)) > max {
		return nil, "", fmt.Errorf("%w: over %d bytes", ErrMediaTooLarge, max)
	}
	mime := meta.MimeType
	if mime == "" {
		mime = res.Header.Get("Content-Type")
	}
	return data, mime, nil
}
