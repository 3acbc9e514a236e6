// Package api is Warta's JSON API under /api/v1: the newsroom's articles
// and their workflow, for the election bodies' own systems and for anyone
// scripting the newsroom. It acts with the permissions of the user behind
// the bearer token (or session) that the auth middleware found, exactly as
// the studio does, and describes itself in an OpenAPI 3.1 document at
// /api/openapi.json built from the same route table that serves it.
//
// Errors are RFC 9457 problem details (WriteProblem) with the Indonesian
// message a person can act on and, for invalid input, the fields at fault.
package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"github.com/kominfo-jatim/warta/internal/auth"
	"github.com/kominfo-jatim/warta/internal/clientip"
	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/newsroom"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// Config is what the API needs.
type Config struct {
	Newsroom *newsroom.Service
	Auth     *auth.Service
	DB       *store.DB // agencies, regions, stages and media, to resolve the slugs and IDs clients send
	Logger   *slog.Logger
	BaseURL  string // the site's public URL, for articles' public links
	// Deliveries is the dissemination engine, for articles' deliveries;
	// without it those endpoints answer 503.
	Deliveries Deliveries
	// Contests runs content competitions; without it those endpoints
	// answer 503.
	Contests *contest.Service
	// Clinic is the hoax clinic, for its public report and search
	// endpoints; without it those answer 503.
	Clinic Clinic
}

// API serves the JSON API.
type API struct {
	nr      *newsroom.Service
	auth    *auth.Service
	db      *store.DB
	log     *slog.Logger
	baseURL string
	dl      Deliveries
	cs      *contest.Service
	cl      Clinic

	table []route
	probe *http.ServeMux // the table's patterns alone, to tell 404 from 405
	doc   []byte         // the OpenAPI document, built once
}

// New returns the API for cfg.
func New(cfg Config) *API {
	a := &API{nr: cfg.Newsroom, auth: cfg.Auth, db: cfg.DB, log: cfg.Logger, baseURL: strings.TrimRight(cfg.BaseURL, "/"),
		dl: cfg.Deliveries, cs: cfg.Contests, cl: cfg.Clinic}
	if a.log == nil {
		a.log = slog.Default()
	}
	a.table = a.routes()
	a.probe = http.NewServeMux()
	for _, rt := range a.table {
		a.probe.Handle(rt.pattern(), http.NotFoundHandler())
	}
	doc, err := json.MarshalIndent(a.openAPI(), "", "  ")
	if err != nil {
		panic("api: OpenAPI document: " + err.Error()) // the document is static data
	}
	a.doc = doc
	return a
}

// handlerFunc handles a request of a signed-in user. It writes the
// response on success; an error it returns is written as a problem.
type handlerFunc func(w http.ResponseWriter, r *http.Request, u *warta.User) error

// route is one endpoint: its pattern, its handler and what the OpenAPI
// document says about it. Routes registers the table and openAPI describes
// it, so the two cannot drift apart.
type route struct {
	method, path string
	op           string // OpenAPI operationId
	summary      string
	description  string
	handle       handlerFunc
	query        []param // query (and header) parameters; path parameters follow from the path
	body         string  // request body schema in components.schemas; "" for none
	bodyRequired bool
	status       int    // success status
	result       string // response schema in components.schemas
	errors       []int  // error statuses besides 401 and 500, which every route may answer
	// public routes need no token or session; they answer no 401.
	public bool
	// location describes the Location header of a 201 answer.
	location string
}

func (rt route) pattern() string { return rt.method + " " + rt.path }

// routes is the API's route table.
func (a *API) routes() []route {
	readErrs := []int{http.StatusForbidden, http.StatusNotFound}
	transition := []int{http.StatusBadRequest, http.StatusForbidden, http.StatusNotFound, http.StatusConflict,
		http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType}
	return append([]route{
		{method: "GET", path: "/api/v1/me", op: "getMe", handle: a.showMe,
			summary:     "Akun yang sedang dipakai",
			description: "Pemilik token (atau sesi) yang mengirim permintaan, perannya, instansinya dan cakupan tokennya.",
			status:      http.StatusOK, result: "Me"},
		{method: "GET", path: "/api/v1/articles", op: "listArticles", handle: a.listArticles,
			summary: "Daftar artikel ruang redaksi",
			description: "Artikel dalam status apa pun, yang terakhir diperbarui lebih dulu, per halaman (keyset). " +
				"Kontributor hanya melihat artikel instansinya sendiri, apa pun filternya.",
			query: []param{
				{name: "status", description: "Hanya artikel berstatus ini.", schema: statusSchema()},
				{name: "agency", description: "Hanya artikel instansi dengan slug ini, mis. kpu-jatim.", schema: obj{"type": "string"}},
				{name: "after", description: "Penanda halaman: nilai next dari halaman sebelumnya.", schema: obj{"type": "string"}},
				{name: "limit", description: "Jumlah artikel per halaman.", schema: obj{"type": "integer", "minimum": 1, "maximum": maxLimit, "default": defaultLimit}},
			},
			status: http.StatusOK, result: "ArticleList", errors: []int{http.StatusBadRequest, http.StatusForbidden}},
		{method: "POST", path: "/api/v1/articles", op: "createArticle", handle: a.createArticle,
			summary: "Membuat draf",
			description: "Membuat artikel berstatus draft dengan teksnya sebagai revisi 1. Draf kontributor selalu milik instansinya; " +
				"hanya redaktur dan admin yang dapat menetapkan headline.",
			body: "ArticleCreate", bodyRequired: true,
			status: http.StatusCreated, result: "Article", location: "Alamat API artikel baru.",
			errors: []int{http.StatusBadRequest, http.StatusForbidden, http.StatusConflict, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType}},
		{method: "GET", path: "/api/v1/articles/{id}", op: "getArticle", handle: a.showArticle,
			summary:     "Satu artikel",
			description: "Artikel dalam status apa pun, dengan keadaan alur kerjanya dan tindakan yang boleh Anda lakukan sekarang.",
			status:      http.StatusOK, result: "Article", errors: readErrs},
		{method: "PATCH", path: "/api/v1/articles/{id}", op: "updateArticle", handle: a.updateArticle,
			summary: "Mengubah artikel",
			description: "Hanya isian yang dikirim yang berubah. Perubahan judul, dek atau isi, dan setiap perubahan artikel yang sudah terbit, " +
				"disimpan sebagai revisi baru dengan catatan note. correction menambahkan catatan koreksi publik pada artikel yang sudah terbit.",
			body: "ArticlePatch", bodyRequired: true,
			status: http.StatusOK, result: "Article", errors: transition},
		a.step("submit", "submitArticle", "Mengirim untuk ditinjau", "Dari draft atau returned ke submitted.", "", a.submitArticle, transition),
		a.step("return", "returnArticle", "Mengembalikan ke penulis",
			"Dari submitted ke returned, dengan alasan (comment) yang wajib diisi agar penulis tahu apa yang harus diperbaiki.", "ReturnRequest", a.returnArticle, transition),
		a.step("approve", "approveArticle", "Menyetujui",
			"Dari submitted ke approved. Menyetujui artikel terjadwal membatalkan jadwalnya.", "", a.approveArticle, transition),
		a.step("schedule", "scheduleArticle", "Menjadwalkan penayangan",
			"Ke scheduled: artikel terbit otomatis pada waktu at, yang harus di masa depan. Menjadwalkan artikel terjadwal memindahkan waktunya.",
			"ScheduleRequest", a.scheduleArticle, transition),
		a.step("publish", "publishArticle", "Menerbitkan sekarang",
			"Ke published. Terbit ulang setelah ditarik mempertahankan tanggal dan alamat terbit pertama.", "", a.publishArticle, transition),
		a.step("unpublish", "unpublishArticle", "Menarik dari publikasi",
			"Dari published ke unpublished. Alamatnya tetap, dan menjawab tidak ditemukan sampai artikel terbit lagi.", "", a.unpublishArticle, transition),
		{method: "GET", path: "/api/v1/articles/{id}/revisions", op: "listRevisions", handle: a.listRevisions,
			summary: "Revisi artikel", description: "Versi teks artikel yang tersimpan, yang tertua lebih dulu.",
			status: http.StatusOK, result: "RevisionList", errors: readErrs},
		{method: "GET", path: "/api/v1/articles/{id}/history", op: "listHistory", handle: a.listHistory,
			summary:     "Riwayat alur kerja",
			description: "Setiap langkah alur kerja artikel, yang tertua lebih dulu, dengan komentar redaktur.",
			status:      http.StatusOK, result: "EventList", errors: readErrs},
	}, slices.Concat(a.deliveryRoutes(), a.contestRoutes(), a.clinicRoutes())...)
}

// step is the route of a workflow transition.
func (a *API) step(action, op, summary, description, body string, h handlerFunc, errs []int) route {
	return route{method: "POST", path: "/api/v1/articles/{id}/" + action, op: op, handle: h,
		summary: summary, description: description, body: body, bodyRequired: body != "",
		status: http.StatusOK, result: "Article", errors: errs}
}

// Routes registers the OpenAPI document and every /api/v1 endpoint on mux.
// Anything else under /api/ answers with a problem: 404 for an unknown
// path, 405 with Allow for a known path and another method.
func (a *API) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/openapi.json", a.serveOpenAPI)
	for _, rt := range a.table {
		if rt.public {
			mux.Handle(rt.pattern(), a.servePublic(rt.handle))
		} else {
			mux.Handle(rt.pattern(), a.serve(rt.handle))
		}
	}
	// One catch-all per method rather than "/api/", which would conflict
	// with a "GET /" on the same mux.
	for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} {
		mux.HandleFunc(m+" /api/", a.noRoute)
	}
}

// serve adapts h: it requires a signed-in user, passes the client's
// address on for the audit log and writes h's error as a problem.
func (a *API) serve(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := auth.UserFrom(r.Context())
		if u == nil {
			a.problem(w, r, warta.Errorf(warta.EUnauthorized,
				"Permintaan ini memerlukan token API: kirim header Authorization: Bearer <token>. Token dibuat dengan perintah warta token create."))
			return
		}
		r = r.WithContext(newsroom.WithClientIP(r.Context(), clientip.Of(r)))
		if err := h(w, r, u); err != nil {
			a.problem(w, r, err)
		}
	})
}

// servePublic adapts h for a route anyone may call: the user is whoever
// signed in, or nil.
func (a *API) servePublic(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = r.WithContext(newsroom.WithClientIP(r.Context(), clientip.Of(r)))
		if err := h(w, r, auth.UserFrom(r.Context())); err != nil {
			a.problem(w, r, err)
		}
	})
}

func (a *API) problem(w http.ResponseWriter, r *http.Request, err error) {
	writeProblem(w, r, err, a.log)
}

// noRoute answers requests under /api/ that no route takes.
func (a *API) noRoute(w http.ResponseWriter, r *http.Request) {
	allowed := a.allowed(r)
	if len(allowed) == 0 {
		a.problem(w, r, warta.Errorf(warta.ENotFound, "Alamat API %s tidak ada. Daftar alamat yang tersedia ada di /api/openapi.json.", r.URL.Path))
		return
	}
	w.Header().Set("Allow", strings.Join(allowed, ", "))
	if r.Method == http.MethodOptions {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	a.problem(w, r, &httpError{kindNotAllowed, "Metode " + r.Method + " tidak berlaku untuk " + r.URL.Path +
		"; gunakan " + strings.Join(allowed, " atau ") + "."})
}

// allowed lists the methods the route table serves at r's path.
func (a *API) allowed(r *http.Request) []string {
	var out []string
	for _, rt := range a.table {
		if slices.Contains(out, rt.method) {
			continue
		}
		probe := &http.Request{Method: rt.method, URL: r.URL, Host: r.Host}
		if _, p := a.probe.Handler(probe); p != "" {
			out = append(out, rt.method)
		}
	}
	if slices.Contains(out, "GET") {
		out = append(out, "HEAD")
	}
	slices.Sort(out)
	return out
}

// writeJSON writes v as the response. API responses are someone's view of
// the newsroom, so no cache may keep them.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // bodies carry HTML; the content type keeps browsers from running it
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("api: encode response: %w", err)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
	return nil
}
