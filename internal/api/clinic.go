package api

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/clientip"
	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// The hoax clinic (klinik hoaks), public: anyone may send a report and
// search the published verdicts, without a token, as on the web form.
// The clinic service limits reports per address.

// Clinic is what the API needs of the hoax clinic; *clinic.Service is one.
type Clinic interface {
	Submit(ctx context.Context, in clinic.Submission) (*clinic.Receipt, error)
	// SubmitIdempotent is Submit with the client's Idempotency-Key.
	SubmitIdempotent(ctx context.Context, client, key string, in clinic.Submission) (*clinic.Receipt, error)
	Search(ctx context.Context, q string, limit int) ([]clinic.ScoredVerdict, error)
}

// A report's body may carry a screenshot of up to 5 MB as base64, which
// is a third larger, besides its text.
const (
	maxReportImage = 5 << 20
	maxReportBody  = 8 << 20
)

// kindKeyReused is an Idempotency-Key sent again with another report.
var kindKeyReused = problemKind{"idempotency-key-reused", http.StatusUnprocessableEntity, "Idempotency-Key sudah dipakai"}

// idempotencyKeyParam describes the Idempotency-Key header.
var idempotencyKeyParam = param{in: "header", name: "Idempotency-Key",
	description: "Opsional. Kunci unik dari klien untuk satu laporan (misalnya UUID), agar laporan yang dikirim ulang " +
		"setelah jawaban hilang tidak tercatat dua kali. Dalam 24 jam, kunci yang sama dengan isi yang sama menghasilkan " +
		"jawaban pertama (kode tiket dan status yang sama) tanpa menyimpan apa pun lagi, dan tidak dihitung dalam batas " +
		"laporan per jam; kunci yang sama dengan isi berbeda ditolak dengan 422. Kunci berlaku per klien (per token, atau " +
		"per alamat jaringan tanpa token) dan hanya disimpan sebagai hash.",
	schema: obj{"type": "string", "minLength": 1, "maxLength": 255}}

// Limits of a search.
const (
	defaultSearchLimit = 10
	maxSearchLimit     = 50
)

func (a *API) clinicRoutes() []route {
	return []route{
		{method: "POST", path: "/api/v1/clinic/reports", op: "createClinicReport", handle: a.createClinicReport, public: true,
			summary: "Melaporkan kabar yang mencurigakan",
			description: "Tanpa token. Kirim teks pesan, tautan dan/atau tangkapan layar (image_base64, paling besar 5 MB sebelum base64). " +
				"Laporan langsung dicocokkan dengan hasil cek fakta: bila cocok (decision auto), verdict berisi putusannya; bila tidak, " +
				"pemeriksa fakta menjawab paling lambat 1×24 jam dan statusnya dapat dipantau di ticket_url. Kontak bersifat opsional dan " +
				"hanya disimpan dengan consent true; referral_consent adalah persetujuan terpisah untuk diteruskan ke Bawaslu. " +
				"Jumlah laporan dari satu alamat dibatasi (429). Kirim header Idempotency-Key agar laporan aman dikirim ulang.",
			query: []param{idempotencyKeyParam},
			body:  "ClinicReport", bodyRequired: true, status: http.StatusCreated, result: "ClinicReceipt",
			location: "Alamat halaman status tiket.",
			errors: []int{http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType,
				http.StatusUnprocessableEntity, http.StatusTooManyRequests, http.StatusServiceUnavailable}},
		{method: "GET", path: "/api/v1/clinic/search", op: "searchClinicVerdicts", handle: a.searchClinic, public: true,
			summary: "Mencari hasil cek fakta",
			description: "Tanpa token. Hasil cek fakta yang paling cocok dengan q, yang terbaik lebih dulu, dengan pencocokan yang sama " +
				"seperti laporan klinik hoaks. score antara 0 dan 1.",
			query: []param{
				{name: "q", description: "Teks klaim yang dicari.", schema: obj{"type": "string", "maxLength": 5000}, required: true},
				{name: "limit", description: "Jumlah hasil paling banyak.",
					schema: obj{"type": "integer", "minimum": 1, "maximum": maxSearchLimit, "default": defaultSearchLimit}},
			},
			status: http.StatusOK, result: "ClinicSearchResults", errors: []int{http.StatusBadRequest, http.StatusServiceUnavailable}},
	}
}

func (a *API) clinic() (Clinic, error) {
	if a.cl == nil {
		return nil, &httpError{kindUnavailable, "Klinik hoaks tidak berjalan di server ini."}
	}
	return a.cl, nil
}

// clinicReportRequest is the body of POST /api/v1/clinic/reports.
type clinicReportRequest struct {
	Text            *string          `json:"text"`
	URL             *string          `json:"url"`
	ImageBase64     *string          `json:"image_base64"`
	Contact         *json.RawMessage `json:"contact"`
	Consent         *bool            `json:"consent"`
	ReferralConsent *bool            `json:"referral_consent"`
}

// clinicContactRequest is a report's contact.
type clinicContactRequest struct {
	Kind        string `json:"kind"`
	Address     string `json:"address"`
	Name        string `json:"name"`
	HomeAddress string `json:"home_address"`
}

type clinicVerdictJSON struct {
	Label string `json:"label"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

type clinicReceiptJSON struct {
	Ticket    string              `json:"ticket"`
	Decision  string              `json:"decision"`
	Score     float64             `json:"score"`
	Verdict   *clinicVerdictJSON  `json:"verdict"`
	Related   []clinicRelatedJSON `json:"related"`
	Reply     string              `json:"reply"`
	TicketURL string              `json:"ticket_url"`
}

// clinicRelatedJSON is an official article offered with a receipt.
type clinicRelatedJSON struct {
	Title     string     `json:"title"`
	URL       string     `json:"url"`
	Published *time.Time `json:"published"`
	Score     float64    `json:"score"`
}

func (a *API) createClinicReport(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	cl, err := a.clinic()
	if err != nil {
		return err
	}
	var req clinicReportRequest
	if err := decodeJSONLimit(w, r, &req, true, maxReportBody); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &httpError{kindTooLarge, "Badan permintaan melebihi 8 MB. Tangkapan layar paling besar 5 MB; perkecil gambarnya, lalu kirim lagi."}
		}
		return err
	}
	in := clinic.Submission{Channel: clinic.ChannelAPI, Text: deref(req.Text), URL: deref(req.URL), IP: clientip.Of(r),
		Consent: req.Consent != nil && *req.Consent, ReferralConsent: req.ReferralConsent != nil && *req.ReferralConsent}
	if s := strings.TrimSpace(deref(req.ImageBase64)); s != "" {
		if in.Image, err = decodeImage(s); err != nil {
			return err
		}
	}
	if req.Contact != nil && !bytes.Equal(bytes.TrimSpace(*req.Contact), []byte("null")) {
		var c clinicContactRequest
		dec := json.NewDecoder(bytes.NewReader(*req.Contact))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			return invalid("contact", `Isian "contact" harus berupa objek {"kind": "whatsapp", "telegram" atau "email", "address": "…", "name": "…", "home_address": "…"}.`)
		}
		in.Contact = &clinic.ContactInput{Kind: c.Kind, Address: c.Address, Name: c.Name, HomeAddress: c.HomeAddress}
	}
	client := "ip:" + in.IP
	if u != nil {
		client = "user:" + u.ID
	}
	rec, err := cl.SubmitIdempotent(r.Context(), client, r.Header.Get("Idempotency-Key"), in)
	if errors.Is(err, clinic.ErrIdempotencyKeyReused) {
		return &httpError{kindKeyReused, warta.ErrorMessage(err)}
	} else if err != nil {
		return err
	}
	out := clinicReceiptJSON{Ticket: rec.Ticket, Decision: rec.Decision, Score: round4(rec.Score), Reply: rec.Reply,
		TicketURL: a.baseURL + "/klinik/tiket/" + rec.Ticket, Related: make([]clinicRelatedJSON, 0, len(rec.Related))}
	for _, ra := range rec.Related {
		out.Related = append(out.Related, clinicRelatedJSON{Title: ra.Title, URL: a.absURL(ra.URL),
			Published: wibOrNull(ra.PublishedAt), Score: round4(ra.Score)})
	}
	if v := rec.Verdict; v != nil {
		out.Verdict = &clinicVerdictJSON{Label: v.Label, Title: v.Title, URL: a.absURL(v.URL)}
	}
	w.Header().Set("Location", out.TicketURL)
	if rec.Repeat {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	// A resend answers as the first answer did.
	return writeJSON(w, http.StatusCreated, out)
}

// decodeImage reads image_base64, standard or URL-safe, with or without
// padding, or as a data: URL.
func decodeImage(s string) ([]byte, error) {
	if rest, ok := strings.CutPrefix(s, "data:"); ok {
		if _, data, ok := strings.Cut(rest, ","); ok {
			s = data
		}
	}
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == ' ' {
			return -1
		}
		return r
	}, s)
	var b []byte
	var err error
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err = enc.DecodeString(s); err == nil {
			break
		}
	}
	if err != nil {
		return nil, invalid("image_base64", "Isian \"image_base64\" bukan base64 yang valid. Kirim isi berkas gambar yang dienkode base64.")
	}
	if len(b) > maxReportImage {
		return nil, invalid("image_base64", "Tangkapan layar terlalu besar (%s); paling besar 5 MB.", byteSize(int64(len(b))))
	}
	return b, nil
}

// absURL makes a site path absolute; absolute URLs pass through.
func (a *API) absURL(u string) string {
	if u == "" || strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
		return u
	}
	return a.baseURL + "/" + strings.TrimPrefix(u, "/")
}

type clinicSearchJSON struct {
	Results []clinicResultJSON `json:"results"`
}

type clinicResultJSON struct {
	ID        string     `json:"id"`
	Label     string     `json:"label"`
	Title     string     `json:"title"`
	URL       string     `json:"url"`
	Score     float64    `json:"score"`
	Reason    string     `json:"reason"`
	Published *time.Time `json:"published"`
}

func (a *API) searchClinic(w http.ResponseWriter, r *http.Request, _ *warta.User) error {
	cl, err := a.clinic()
	if err != nil {
		return err
	}
	q := r.URL.Query()
	text := strings.TrimSpace(q.Get("q"))
	if text == "" {
		return invalid("q", "Isi parameter q dengan teks klaim yang dicari, mis. ?q=video+kpu+hapus+suara.")
	}
	limit := defaultSearchLimit
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxSearchLimit {
			return invalid("limit", "Parameter limit harus bilangan bulat 1 sampai %d.", maxSearchLimit)
		}
		limit = n
	}
	found, err := cl.Search(r.Context(), text, limit)
	if err != nil {
		return err
	}
	out := clinicSearchJSON{Results: make([]clinicResultJSON, 0, len(found))}
	for _, sv := range found {
		v := sv.Verdict
		out.Results = append(out.Results, clinicResultJSON{ID: v.ID, Label: v.Label, Title: v.Title, URL: a.absURL(v.URL),
			Score: round4(sv.Score), Reason: sv.Reason, Published: wibOrNull(v.PublishedAt)})
	}
	return writeJSON(w, http.StatusOK, out)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func clinicSchemas() obj {
	return obj{
		"ClinicReport": request("Laporan kabar yang mencurigakan; isi paling sedikit salah satu dari text, url dan image_base64.", nil, obj{
			"text":         obj{"type": "string", "maxLength": 5000, "description": "Isi pesan apa adanya."},
			"url":          obj{"type": "string", "format": "uri", "description": "Tautan berita, video atau unggahan (http/https)."},
			"image_base64": str("Tangkapan layar JPEG, PNG, GIF atau WebP dalam base64 (boleh data: URL), paling besar 5 MB. Metadatanya dihapus."),
			"contact": obj{"description": "Kontak untuk jawaban, opsional; hanya disimpan bila consent true.", "oneOf": []obj{
				request("Kontak pelapor.", []string{"kind", "address"}, obj{
					"kind":         obj{"type": "string", "enum": []string{"whatsapp", "telegram", "email"}},
					"address":      str("Nomor WhatsApp, ID chat Telegram atau alamat email."),
					"name":         str("Nama, opsional; diperlukan untuk laporan ke Bawaslu."),
					"home_address": str("Alamat rumah, opsional; diperlukan untuk laporan ke Bawaslu."),
				}), {"type": "null"}}},
			"consent":          boolean("Persetujuan penyimpanan kontak untuk menjawab laporan ini; wajib true bila contact diisi."),
			"referral_consent": boolean("Persetujuan terpisah agar laporan, nama dan alamat diteruskan ke Bawaslu."),
		}),
		"ClinicReceipt": response("Tanda terima laporan.", obj{
			"ticket":     str(`Kode tiket, mis. "KH-2026-000123".`),
			"decision":   obj{"type": "string", "enum": []string{clinic.DecisionAuto, clinic.DecisionSuggest, clinic.DecisionNew}, "description": "auto: langsung dijawab dengan putusan; suggest: pemeriksa fakta mengonfirmasi saran; new: klaim baru diperiksa."},
			"score":      obj{"type": "number", "minimum": 0, "maximum": 1, "description": "Skor kecocokan terbaik; 0 bila tidak ada."},
			"verdict":    nullableRef("ClinicVerdict", "Putusan yang cocok bila decision auto; null selain itu."),
			"related":    arrayOf(ref("ClinicRelatedArticle"), "Paling banyak dua artikel resmi yang cocok dengan laporan, yang paling cocok lebih dulu, untuk dibaca sambil menunggu; kosong bila laporan langsung dijawab dengan putusan."),
			"reply":      str("Jawaban yang dikirim (atau akan dikirim) kepada pelapor."),
			"ticket_url": str("Halaman status tiket."),
		}),
		"ClinicRelatedArticle": response("Artikel resmi yang terkait dengan laporan (bukan artikel Cek Fakta).", obj{
			"title":     str("Judul artikel."),
			"url":       str("Alamat artikel di portal."),
			"published": nullableDateTime("Waktu terbit (WIB); null bila tidak diketahui."),
			"score":     obj{"type": "number", "minimum": 0, "maximum": 1, "description": "Skor kecocokan."},
		}),
		"ClinicVerdict": response("Putusan cek fakta.", obj{
			"label": str(`Label, mis. "HOAKS".`), "title": str("Judul tanpa label."), "url": str("Alamat artikel cek faktanya."),
		}),
		"ClinicSearchResults": response("Hasil pencarian cek fakta.", obj{
			"results": arrayOf(ref("ClinicSearchResult"), "Yang paling cocok lebih dulu."),
		}),
		"ClinicSearchResult": response("Satu hasil cek fakta.", obj{
			"id": str("ID putusan."), "label": str(`Label, mis. "HOAKS".`), "title": str("Judul tanpa label."),
			"url":       str("Alamat artikel cek faktanya."),
			"score":     obj{"type": "number", "minimum": 0, "maximum": 1, "description": "Skor kecocokan."},
			"reason":    str("Dasar kecocokan, mis. url, text."),
			"published": nullableDateTime("Waktu terbit; null bila tidak diketahui."),
		}),
	}
}
