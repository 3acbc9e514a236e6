package api

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// Deliveries is what the API needs of the dissemination engine
// (*dissemination.Engine).
type Deliveries interface {
	Deliveries(ctx context.Context, f dissemination.Filter) ([]dissemination.Delivery, error)
	Delivery(ctx context.Context, id string) (*dissemination.Delivery, error)
	Retry(ctx context.Context, id string) (*dissemination.Delivery, error)
}

// kindUnavailable answers on a node built without the engine.
var kindUnavailable = problemKind{"unavailable", http.StatusServiceUnavailable, "Layanan tidak tersedia"}

func (a *API) deliveryRoutes() []route {
	return []route{
		{method: "GET", path: "/api/v1/articles/{id}/deliveries", op: "listDeliveries", handle: a.listDeliveries,
			summary: "Pengiriman artikel ke kanal",
			description: "Setiap pengiriman artikel ke kanal diseminasi (Telegram, Instagram, X, Mastodon, webhook …), yang terbaru lebih dulu: " +
				"satu per versi artikel, kanal dan operasi (create saat terbit, update saat koreksi, delete saat ditarik), dengan statusnya, " +
				"jumlah percobaan, tautan kiriman di kanal, kesalahan terakhir dan apa yang dikirim.",
			query:  []param{{name: "status", description: "Hanya pengiriman berstatus ini.", schema: deliveryStatusSchema()}},
			status: http.StatusOK, result: "DeliveryList",
			errors: []int{http.StatusBadRequest, http.StatusForbidden, http.StatusNotFound, http.StatusServiceUnavailable}},
		{method: "POST", path: "/api/v1/deliveries/{id}/retry", op: "retryDelivery", handle: a.retryDelivery,
			summary: "Mengirim ulang",
			description: "Mengantrekan lagi pengiriman yang gagal, atau yang hanya diuji kering, setelah penyebabnya diperbaiki (mis. token kanal diperbarui). " +
				"Hanya redaktur dan admin. Pengiriman yang sudah terkirim tidak pernah dikirim dua kali (409).",
			status: http.StatusOK, result: "Delivery",
			errors: []int{http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusRequestEntityTooLarge,
				http.StatusUnsupportedMediaType, http.StatusServiceUnavailable}},
	}
}

func (a *API) engine() (Deliveries, error) {
	if a.dl == nil {
		return nil, &httpError{kindUnavailable, "Diseminasi tidak berjalan di server ini."}
	}
	return a.dl, nil
}

func (a *API) listDeliveries(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	dl, err := a.engine()
	if err != nil {
		return err
	}
	f := dissemination.Filter{ArticleID: r.PathValue("id"), Limit: 500}
	if s := r.URL.Query().Get("status"); s != "" {
		f.Status = dissemination.Status(s)
		if !knownDeliveryStatus(f.Status) {
			return invalid("status", "Status %q tidak dikenal. Pilih salah satu: %s.", s, strings.Join(deliveryStatusNames(), ", "))
		}
	}
	sa, err := a.nr.Get(r.Context(), u, f.ArticleID)
	if err != nil {
		return err
	}
	ds, err := dl.Deliveries(r.Context(), f)
	if err != nil {
		return err
	}
	canRetry := warta.Can(u, warta.ActionPublish, sa.Article)
	out := deliveryList{Deliveries: make([]deliveryJSON, len(ds))}
	for i := range ds {
		out.Deliveries[i] = toDelivery(&ds[i], canRetry)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) retryDelivery(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	if err := decodeJSON(w, r, &struct{}{}, false); err != nil {
		return err
	}
	dl, err := a.engine()
	if err != nil {
		return err
	}
	d, err := dl.Delivery(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	sa, err := a.nr.Get(r.Context(), u, d.ArticleID)
	if warta.ErrorCode(err) == warta.ENotFound {
		return warta.Errorf(warta.ENotFound, "Pengiriman tidak ditemukan.")
	} else if err != nil {
		return err
	}
	if !warta.Can(u, warta.ActionPublish, sa.Article) {
		return warta.Errorf(warta.EForbidden, "Hanya redaktur dan admin yang dapat mengirim ulang ke kanal.")
	}
	if d, err = dl.Retry(r.Context(), d.ID); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toDelivery(d, true))
}

// deliveryJSON is one delivery of an article to a channel.
type deliveryJSON struct {
	ID            string                `json:"id"`
	ArticleID     string                `json:"article_id"`
	Channel       deliveryChannelJSON   `json:"channel"`
	Op            string                `json:"op"`
	Version       string                `json:"version"`
	Status        string                `json:"status"`
	StatusLabel   string                `json:"status_label"`
	Attempts      int                   `json:"attempts"`
	RemoteID      *string               `json:"remote_id"`
	RemoteURL     *string               `json:"remote_url"`
	LastError     *string               `json:"last_error"`
	Rendering     *renderingJSON        `json:"rendering"`
	Requests      []recordedRequestJSON `json:"requests"`
	CanRetry      bool                  `json:"can_retry"`
	NextAttemptAt *time.Time            `json:"next_attempt_at"`
	CreatedAt     time.Time             `json:"created_at"`
	UpdatedAt     time.Time             `json:"updated_at"`
	DeliveredAt   *time.Time            `json:"delivered_at"`
}

type deliveryChannelJSON struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
	Name string `json:"name"`
}

type renderingJSON struct {
	Text     string   `json:"text"`
	Length   int      `json:"length"`
	Limit    int      `json:"limit"`
	ImageURL *string  `json:"image_url"`
	Warnings []string `json:"warnings"`
}

type recordedRequestJSON struct {
	Method string            `json:"method"`
	URL    string            `json:"url"`
	Header map[string]string `json:"header"`
	Body   string            `json:"body"`
}

type deliveryList struct {
	Deliveries []deliveryJSON `json:"deliveries"`
}

// toDelivery renders d; canRetry says whether the caller may retry
// deliveries of its article.
func toDelivery(d *dissemination.Delivery, canRetry bool) deliveryJSON {
	out := deliveryJSON{
		ID: d.ID, ArticleID: d.ArticleID, Channel: deliveryChannelJSON{ID: d.Channel.ID, Kind: d.Channel.Kind, Name: d.Channel.Name},
		Op: string(d.Op), Version: d.Version, Status: string(d.Status), StatusLabel: d.Status.Label(), Attempts: d.Attempts,
		RemoteID: orNull(d.Remote.ID), RemoteURL: orNull(d.Remote.URL), LastError: orNull(d.LastError),
		Requests: []recordedRequestJSON{}, CanRetry: canRetry && (d.Status == dissemination.StatusFailed || d.Status == dissemination.StatusDryRun),
		CreatedAt: wib(d.CreatedAt), UpdatedAt: wib(d.UpdatedAt), DeliveredAt: wibOrNull(d.DeliveredAt),
	}
	if d.Status == dissemination.StatusQueued {
		out.NextAttemptAt = wibOrNull(d.NextAttemptAt)
	}
	if rd := d.Rendering; rd != nil {
		out.Rendering = &renderingJSON{Text: rd.Text, Length: rd.Length, Limit: rd.Limit, ImageURL: orNull(rd.ImageURL), Warnings: rd.Warnings}
		if out.Rendering.Warnings == nil {
			out.Rendering.Warnings = []string{}
		}
	}
	for _, q := range d.Requests {
		out.Requests = append(out.Requests, recordedRequestJSON(q))
	}
	return out
}

func knownDeliveryStatus(s dissemination.Status) bool {
	for _, st := range dissemination.Statuses {
		if st == s {
			return true
		}
	}
	return false
}

func deliveryStatusNames() []string {
	out := make([]string, len(dissemination.Statuses))
	for i, s := range dissemination.Statuses {
		out[i] = string(s)
	}
	return out
}

func deliveryStatusSchema() obj {
	return obj{"type": "string", "enum": deliveryStatusNames(), "description": "queued: menunggu giliran atau percobaan berikutnya; " +
		"sending: sedang dikirim; delivered: terkirim; failed: gagal (lihat last_error); dry_run: kanal tanpa kredensial, hanya dicatat " +
		"(lihat requests); skipped: tidak ada yang perlu dikirim."}
}

// deliverySchemas are the OpenAPI schemas of deliveryJSON and its parts.
func deliverySchemas() obj {
	return obj{
		"Delivery": response("Satu pengiriman artikel ke satu kanal.", obj{
			"id":              str("ID (ULID)."),
			"article_id":      str("ID artikel."),
			"channel":         ref("DeliveryChannel"),
			"op":              obj{"type": "string", "enum": []string{"create", "update", "delete"}, "description": "create saat terbit, update saat koreksi atau perubahan, delete saat ditarik."},
			"version":         str("Versi artikel yang dikirim (waktu perubahannya, detik unix)."),
			"status":          deliveryStatusSchema(),
			"status_label":    str(`Status dalam Bahasa Indonesia, mis. "terkirim".`),
			"attempts":        integer("Jumlah percobaan sejauh ini."),
			"remote_id":       nullableStr("ID kiriman di kanal; null sebelum terkirim."),
			"remote_url":      nullableStr("Tautan kiriman di kanal, bila kanal memberikannya."),
			"last_error":      nullableStr("Kesalahan terakhir dan apa yang perlu diperbaiki; null bila tidak ada."),
			"rendering":       nullableRef("Rendering", "Apa yang dikirim (atau akan dikirim); null sebelum percobaan pertama."),
			"requests":        arrayOf(ref("RecordedRequest"), "Untuk uji kering: permintaan yang akan dikirim, tanpa rahasia. Kosong bila bukan uji kering."),
			"can_retry":       boolean("Anda boleh mengirim ulang pengiriman ini sekarang (POST /api/v1/deliveries/{id}/retry)."),
			"next_attempt_at": nullableDateTime("Selama menunggu: waktu percobaan berikutnya."),
			"created_at":      dateTime("Waktu diantrekan, yaitu waktu perubahan artikel."),
			"updated_at":      dateTime("Waktu perubahan terakhir."),
			"delivered_at":    nullableDateTime("Waktu terkirim; null bila belum."),
		}),
		"DeliveryChannel": response("Kanal tujuan.", obj{
			"id": str("ID kanal."), "kind": str(`Jenis kanal, mis. "telegram".`), "name": str("Nama kanal."),
		}),
		"Rendering": response("Teks kiriman sebagaimana dikirim ke kanal.", obj{
			"text":      str("Teks persis yang dikirim."),
			"length":    integer("Panjang menurut hitungan kanal (X menghitung tautan 23)."),
			"limit":     integer("Batas panjang kanal; 0 bila tidak ada."),
			"image_url": nullableStr("Gambar yang dikirim, bila ada."),
			"warnings":  arrayOf(obj{"type": "string"}, "Peringatan, mis. teks dipotong."),
		}),
		"RecordedRequest": response("Satu permintaan HTTP yang akan dikirim uji kering.", obj{
			"method": str("Metode HTTP."),
			"url":    str("Alamat lengkap; rahasia diganti " + dissemination.Redacted + "."),
			"header": obj{"type": "object", "additionalProperties": obj{"type": "string"}, "description": "Header; Authorization disamarkan."},
			"body":   str("Badan permintaan."),
		}),
		"DeliveryList": response("Pengiriman artikel.", obj{"deliveries": arrayOf(ref("Delivery"), "Yang terbaru lebih dulu.")}),
	}
}
