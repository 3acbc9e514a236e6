package api

import (
	"net/http"
	"strconv"
	"strings"
)

// obj is a JSON object of the OpenAPI document.
type obj = map[string]any

// param is a query (or, with in "header", a header) parameter of a route.
type param struct {
	in          string // "query" when empty
	name        string
	description string
	schema      obj
	required    bool
}

// errorResponses names the reusable problem responses by status.
var errorResponses = map[int]struct{ name, description string }{
	http.StatusBadRequest:            {"BadRequest", "Permintaan tidak valid: JSON rusak, isian yang tidak dikenal, jenis nilai yang salah atau isi yang tidak memenuhi syarat. errors menyebut isiannya."},
	http.StatusUnauthorized:          {"Unauthorized", "Tanpa token atau sesi, atau tokennya tidak dikenal, dicabut atau kedaluwarsa."},
	http.StatusForbidden:             {"Forbidden", "Peran Anda, instansi artikel, atau cakupan token (read) tidak mengizinkan tindakan ini."},
	http.StatusNotFound:              {"NotFound", "Artikel tidak ada, atau tidak boleh Anda lihat."},
	http.StatusConflict:              {"Conflict", "Status artikel saat ini tidak mengizinkan tindakan ini, atau artikel baru saja diubah orang lain."},
	http.StatusRequestEntityTooLarge: {"TooLarge", "Badan permintaan melebihi batasnya: 1 MB, atau 8 MB untuk laporan klinik hoaks dengan gambar."},
	http.StatusUnsupportedMediaType:  {"UnsupportedMediaType", "Badan permintaan bukan JSON (Content-Type: application/json)."},
	http.StatusUnprocessableEntity:   {"UnprocessableEntity", "Idempotency-Key yang sama sudah dipakai untuk permintaan dengan isi berbeda; buat kunci baru."},
	http.StatusInternalServerError:   {"InternalError", "Kesalahan di server; rinciannya hanya ada di log server."},
	http.StatusTooManyRequests:       {"TooManyRequests", "Terlalu banyak permintaan dari alamat ini; tunggu sebentar, lalu coba lagi."},
	http.StatusServiceUnavailable:    {"Unavailable", "Layanan itu tidak berjalan di server ini."},
}

// openAPI builds the OpenAPI 3.1 document from the route table.
func (a *API) openAPI() obj {
	paths := obj{}
	for _, rt := range a.table {
		item, _ := paths[rt.path].(obj)
		if item == nil {
			item = obj{}
			paths[rt.path] = item
		}
		item[strings.ToLower(rt.method)] = a.operation(rt)
	}
	responses := obj{}
	for _, e := range errorResponses {
		responses[e.name] = obj{
			"description": e.description,
			"content":     obj{"application/problem+json": obj{"schema": ref("Problem")}},
		}
	}
	cookie := "warta_session"
	if a.auth != nil {
		cookie = a.auth.CookieName()
	}
	doc := obj{
		"openapi":           "3.1.0",
		"jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
		"info": obj{
			"title":   "Warta API",
			"version": "1.0.0",
			"description": "API ruang redaksi Warta: artikel dan alur kerjanya (draf, tinjauan, jadwal, terbit), dengan izin yang sama " +
				"seperti studio. Waktu ditulis RFC 3339 dalam WIB (+07:00); ID berupa ULID teks. Kesalahan dijawab sebagai " +
				"application/problem+json (RFC 9457) dengan pesan yang dapat ditindaklanjuti.",
		},
		"security": []obj{{"bearer": []string{}}, {"session": []string{}}},
		"tags": []obj{
			{"name": "articles", "description": "Artikel ruang redaksi dan alur kerjanya."},
			{"name": "deliveries", "description": "Pengiriman artikel ke kanal diseminasi."},
			{"name": "contests", "description": "Lomba konten: ketentuan, jadwal, kategori, dan hasil yang sudah diumumkan."},
			{"name": "clinic", "description": "Klinik hoaks, terbuka tanpa token: melaporkan kabar yang mencurigakan dan mencari hasil cek fakta."},
			{"name": "account", "description": "Akun yang memakai API."},
		},
		"paths": paths,
		"components": obj{
			"schemas":   schemas(),
			"responses": responses,
			"parameters": obj{
				"ArticleID": obj{"name": "id", "in": "path", "required": true, "description": "ID artikel (ULID).",
					"schema": obj{"type": "string", "pattern": "^[0-9A-Z]{26}$"}},
				"DeliveryID": obj{"name": "id", "in": "path", "required": true, "description": "ID pengiriman (ULID).",
					"schema": obj{"type": "string", "pattern": "^[0-9A-Z]{26}$"}},
				"ContestID": obj{"name": "id", "in": "path", "required": true, "description": "ID (ULID) atau slug lomba.",
					"schema": obj{"type": "string"}},
			},
			"securitySchemes": obj{
				"bearer": obj{"type": "http", "scheme": "bearer",
					"description": "Token API dari `warta token create`, diawali warta_. Token berlingkup read hanya boleh GET."},
				"session": obj{"type": "apiKey", "in": "cookie", "name": cookie,
					"description": "Sesi studio yang sedang masuk."},
			},
		},
	}
	if a.baseURL != "" {
		doc["servers"] = []obj{{"url": a.baseURL}}
	}
	return doc
}

// operation describes one route.
func (a *API) operation(rt route) obj {
	tag, idParam := "account", "ArticleID"
	switch {
	case strings.HasSuffix(rt.path, "/deliveries"):
		tag = "deliveries"
	case strings.HasPrefix(rt.path, "/api/v1/deliveries/"):
		tag, idParam = "deliveries", "DeliveryID"
	case strings.HasPrefix(rt.path, "/api/v1/articles"):
		tag = "articles"
	case strings.HasPrefix(rt.path, "/api/v1/contests"):
		tag, idParam = "contests", "ContestID"
	case strings.HasPrefix(rt.path, "/api/v1/clinic/"):
		tag = "clinic"
	}
	op := obj{"operationId": rt.op, "summary": rt.summary, "description": rt.description, "tags": []string{tag}}
	var params []obj
	for _, seg := range strings.Split(rt.path, "/") {
		if seg == "{id}" {
			params = append(params, obj{"$ref": "#/components/parameters/" + idParam})
		}
	}
	for _, p := range rt.query {
		in := p.in
		if in == "" {
			in = "query"
		}
		params = append(params, obj{"name": p.name, "in": in, "required": p.required, "description": p.description, "schema": p.schema})
	}
	if len(params) > 0 {
		op["parameters"] = params
	}
	if rt.body != "" {
		op["requestBody"] = obj{"required": rt.bodyRequired,
			"content": obj{"application/json": obj{"schema": ref(rt.body)}}}
	}
	responses := obj{strconv.Itoa(rt.status): obj{
		"description": http.StatusText(rt.status),
		"content":     obj{"application/json": obj{"schema": ref(rt.result)}},
	}}
	if rt.location != "" {
		responses[strconv.Itoa(rt.status)].(obj)["headers"] = obj{"Location": obj{"description": rt.location, "schema": obj{"type": "string"}}}
	}
	always := []int{http.StatusUnauthorized, http.StatusInternalServerError}
	if rt.public {
		always = always[1:]
		op["security"] = []obj{} // anyone may call it
	}
	for _, s := range append(always, rt.errors...) {
		responses[strconv.Itoa(s)] = obj{"$ref": "#/components/responses/" + errorResponses[s].name}
	}
	op["responses"] = responses
	return op
}

// serveOpenAPI answers with the OpenAPI document. It describes the API, not
// anyone's data, so anyone may read it.
func (a *API) serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "public, max-age=300")
	h.Set("X-Content-Type-Options", "nosniff")
	w.Write(a.doc)
}
