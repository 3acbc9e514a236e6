package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kominfo-jatim/warta/internal/api"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
)

// report posts a clinic report with an Idempotency-Key from an address.
func (e *env) report(key, ip string, body map[string]any) *response {
	e.t.Helper()
	j, err := json.Marshal(body)
	if err != nil {
		e.t.Fatal(err)
	}
	req := httptest.NewRequest("POST", "/api/v1/clinic/reports", bytes.NewReader(j))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = ip + ":40000"
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	return e.send(req)
}

func TestClinicReportIdempotencyKey(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		e := clinicEnv(t, db)
		count := func() int {
			var n int
			db.SQL().QueryRow("SELECT COUNT(*) FROM clinic_reports").Scan(&n)
			return n
		}
		const key = "3b6f0f4e-2c57-4a43-8f0e-8a6f1d7c2b90"
		body := map[string]any{"text": "Ada pesan berantai tentang pembagian beras di balai desa",
			"contact": map[string]string{"kind": "email", "address": "warga@contoh.id"}, "consent": true}
		first := e.report(key, "203.0.113.9", body).want(t, http.StatusCreated, "first")
		got := first.object(t)
		if first.header.Get("Idempotent-Replayed") != "" {
			t.Error("the first answer says it was replayed")
		}
		// The answer was lost; the client sends again, more than the two
		// reports an hour the clinic allows.
		for i := range 3 {
			again := e.report(key, "203.0.113.9", body).want(t, http.StatusCreated, "resend")
			if a := again.object(t); a["ticket"] != got["ticket"] || a["decision"] != got["decision"] || a["reply"] != got["reply"] ||
				again.header.Get("Location") != first.header.Get("Location") || again.header.Get("Idempotent-Replayed") != "true" {
				t.Fatalf("resend %d: %v %v, first %v", i, a, again.header, got)
			}
		}
		if n := count(); n != 1 {
			t.Fatalf("%d reports stored, want 1", n)
		}

		// The same key with another report: 422, in Indonesian.
		other := map[string]any{"text": "Jalan tol Surabaya–Malang ditutup total sebulan"}
		p := e.report(key, "203.0.113.9", other).want(t, http.StatusUnprocessableEntity, "key reused").problem(t)
		if p.Type != api.ProblemTypeBase+"idempotency-key-reused" || !strings.Contains(p.Detail, "isi yang berbeda") {
			t.Errorf("422 problem %+v", p)
		}
		// Another client may use the same key.
		b := e.report(key, "198.51.100.7", body).want(t, http.StatusCreated, "another client").object(t)
		if b["ticket"] == got["ticket"] {
			t.Error("another client's key returned the first client's ticket")
		}
		if n := count(); n != 2 {
			t.Fatalf("%d reports stored, want 2", n)
		}
		bad := e.report(strings.Repeat("k", 256), "192.0.2.1", other).want(t, http.StatusBadRequest, "long key").problem(t)
		if len(bad.Errors) == 0 || bad.Errors[0].Field != "Idempotency-Key" {
			t.Errorf("long key problem %+v", bad)
		}

		// The OpenAPI document describes the header and the 422.
		var doc map[string]any
		e.call("anonymous", "GET", "/api/openapi.json", nil).want(t, http.StatusOK, "document").decode(t, &doc)
		op := doc["paths"].(map[string]any)["/api/v1/clinic/reports"].(map[string]any)["post"].(map[string]any)
		var header map[string]any
		for _, p := range op["parameters"].([]any) {
			if p := p.(map[string]any); p["name"] == "Idempotency-Key" {
				header = p
			}
		}
		if header == nil || header["in"] != "header" || !strings.Contains(header["description"].(string), "24 jam") {
			t.Errorf("Idempotency-Key parameter %v", header)
		}
		if _, ok := op["responses"].(map[string]any)["422"]; !ok {
			t.Errorf("responses %v lack 422", op["responses"])
		}
	})
}
