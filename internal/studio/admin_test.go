package studio_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

func TestAdministration(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		admin := e.user("sari@kominfo.example", warta.RoleAdmin, nil)
		c := e.login("sari@kominfo.example")

		// A contributor needs an agency; the form keeps what was typed.
		p := c.post("/studio/pengguna", url.Values{"name": {"Dewi"}, "email": {"dewi@kpu-jember.example"}, "role": {"contributor"}})
		if p.status != http.StatusBadRequest || !strings.Contains(p.text("#agency-err"), "instansi") ||
			p.value("name") != "Dewi" || p.value("email") != "dewi@kpu-jember.example" {
			t.Errorf("contributor without agency: %d %q", p.status, p.text("#agency-err"))
		}

		// A new agency, then the account in it; without a password the
		// person gets a link by email.
		p = c.post("/studio/instansi", url.Values{"name": {"KPU Kabupaten Jember"}, "short_name": {"KPU Jember"}})
		if p.status != http.StatusSeeOther {
			t.Fatalf("create agency: %d %q", p.status, p.text("main"))
		}
		jember, err := db.AgencyBySlug(ctx, "kpu-jember")
		if err != nil {
			t.Fatal(err)
		}
		p = c.post("/studio/pengguna", url.Values{"name": {"Dewi"}, "email": {"dewi@kpu-jember.example"}, "role": {"contributor"}, "agency": {jember.ID}})
		if p.status != http.StatusSeeOther || !strings.Contains(c.follow(p).text(".notice"), "Tautan") {
			t.Fatalf("create user: %d %q", p.status, p.text("main"))
		}
		dewi, err := db.UserByEmail(ctx, "dewi@kpu-jember.example")
		if err != nil || dewi.Role != warta.RoleContributor || dewi.AgencyID != jember.ID {
			t.Fatalf("created user %+v, %v", dewi, err)
		}
		if !strings.Contains(c.get("/studio/kotak-keluar").text("table"), "dewi@kpu-jember.example") {
			t.Error("no reset mail for the new account in the outbox")
		}
		if p := c.post("/studio/pengguna", url.Values{"name": {"Dewi"}, "email": {"dewi@kpu-jember.example"}, "role": {"editor"}}); !strings.Contains(p.text("#email-err"), "sudah terdaftar") {
			t.Errorf("duplicate email: %d %q", p.status, p.text("#email-err"))
		}

		// Role changes and disabling, each in the audit log.
		if p := c.post("/studio/pengguna/"+dewi.ID+"/peran", url.Values{"role": {"contributor"}, "agency": {""}}); p.status != http.StatusBadRequest {
			t.Errorf("contributor role without agency: %d", p.status)
		}
		if p := c.post("/studio/pengguna/"+dewi.ID+"/peran", url.Values{"role": {"editor"}, "agency": {jember.ID}}); p.status != http.StatusSeeOther {
			t.Fatalf("change role: %d %q", p.status, p.text("main"))
		}
		if p := c.post("/studio/pengguna/"+admin.ID+"/peran", url.Values{"role": {"editor"}}); p.status != http.StatusBadRequest ||
			!strings.Contains(p.text(".error-summary"), "peran admin Anda sendiri") {
			t.Errorf("demote self: %d %q", p.status, p.text(".error-summary"))
		}
		if p := c.post("/studio/pengguna/"+admin.ID+"/status", url.Values{"nonaktif": {"1"}}); p.status != http.StatusBadRequest {
			t.Errorf("disable self: %d", p.status)
		}

		e.user("bayu@bawaslu.example", warta.RoleContributor, &e.bws)
		bayu := e.login("bayu@bawaslu.example")
		bayuUser, _ := db.UserByEmail(ctx, "bayu@bawaslu.example")
		if p := c.post("/studio/pengguna/"+bayuUser.ID+"/status", url.Values{"nonaktif": {"1"}}); p.status != http.StatusSeeOther {
			t.Fatalf("disable: %d %q", p.status, p.text("main"))
		}
		if p := bayu.get("/studio/"); p.status != http.StatusSeeOther {
			t.Errorf("disabled user's session still works: %d", p.status)
		}
		if p := e.client().post("/studio/login", url.Values{"email": {"bayu@bawaslu.example"}, "password": {password}}); p.status != http.StatusUnauthorized {
			t.Errorf("disabled user signs in: %d", p.status)
		}

		audit := c.get("/studio/audit?objek=user")
		log := audit.text("table.audit")
		for _, want := range []string{"user.create", "user.role", "user.disable", "editor", "dewi@kpu-jember.example"} {
			if !strings.Contains(log, want) {
				t.Errorf("audit log lacks %q:\n%s", want, log)
			}
		}
		if !strings.Contains(c.get("/studio/audit?aksi=agency.create").text("table.audit"), "kpu-jember") {
			t.Error("audit log lacks the agency")
		}
		// Filtering by actor email finds the admin's actions, and a failed
		// sign-in is filed under the email tried.
		if got := c.get("/studio/audit?pelaku=sari@kominfo.example&aksi=user.role").count("table.audit tbody tr td code"); got == 0 {
			t.Error("audit filter by actor email found nothing")
		}
		e.client().post("/studio/login", url.Values{"email": {"tamu@luar.example"}, "password": {"coba-coba-saja-ya"}})
		if !strings.Contains(c.get("/studio/audit?pelaku=tamu@luar.example").text("table.audit"), "auth.login_failed") {
			t.Error("failed sign-in not in the audit log")
		}
	})
}
