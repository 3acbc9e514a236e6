package webform

import (
	"net/url"
	"strings"
	"testing"
)

func TestFormKeepsWhatWasTypedAndPointsAtMessages(t *testing.T) {
	sent := url.Values{"title": {"Kabar TPS"}, "tags": {"pemilu", "jatim"}, "password": {"rahasia"}}
	f := New("ubah-", sent)
	f.Values.Del("password")
	if sent.Get("password") != "rahasia" {
		t.Fatal("dropping a field from the page changed the request's values")
	}
	f.Require("title", "Isi judul.", "body", "Isi naskah.")
	f.Set("body", "Pesan kedua untuk naskah.")
	f.Set("date", "Tanggal tidak valid.")
	if !f.Invalid() || f.Err("title") != "" || f.Err("body") != "Isi naskah." || !f.Has("tags", "jatim") || f.Get("title") != "Kabar TPS" {
		t.Fatalf("form %+v", f.Errors())
	}
	if got := f.Errors(); len(got) != 2 || got[0].Field != "body" || got[1].Field != "date" {
		t.Fatalf("summary order %+v", got)
	}
	if a := string(AriaInvalid(f, "body", "body-hint")); a != `aria-invalid="true" aria-describedby="body-hint ubah-body-err"` {
		t.Fatalf("aria = %s", a)
	}
	if a := AriaInvalid(f, "title"); a != "" {
		t.Fatalf("a valid field is marked: %s", a)
	}
	if h := string(FieldErr(f, "date")); !strings.Contains(h, `id="ubah-date-err"`) || !strings.Contains(h, "Tanggal tidak valid.") {
		t.Fatalf("message = %s", h)
	}
	if New("", nil).Invalid() || FieldErr(nil, "x") != "" {
		t.Fatal("an empty form has messages")
	}
}
