package mail

import (
	"context"
	"testing"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

func TestNewWithoutHostKeepsMailInOutbox(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, err := New(Config{}, db)
		if err != nil {
			t.Fatal(err)
		}
		ob, ok := s.(*Outbox)
		if !ok {
			t.Fatalf("New without a host = %T, want *Outbox", s)
		}
		for _, subj := range []string{"Pertama", "Kedua"} {
			if err := ob.Send(ctx, Message{To: "Redaktur <redaktur@kominfo.example>", Subject: subj, Text: "isi " + subj,
				HTML: "<p>isi</p>", Headers: map[string]string{"X-Warta-Kind": "uji"}}); err != nil {
				t.Fatal(err)
			}
		}
		list, err := ob.List(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].Subject != "Kedua" || list[1].Subject != "Pertama" {
			t.Fatalf("outbox lists %+v, want Kedua then Pertama", list)
		}
		m, err := ob.Get(ctx, list[1].ID)
		if err != nil {
			t.Fatal(err)
		}
		if m.To != "redaktur@kominfo.example" || m.Text != "isi Pertama" || m.HTML != "<p>isi</p>" ||
			m.Headers["X-Warta-Kind"] != "uji" || !m.SentAt.IsZero() {
			t.Errorf("outbox message = %+v", m)
		}
		if _, err := ob.Get(ctx, "01HPNOPE"); warta.ErrorCode(err) != warta.ENotFound {
			t.Errorf("Get(unknown) = %v, want not found", err)
		}
		if err := ob.Send(ctx, Message{To: "bukan email", Subject: "x", Text: "x"}); warta.ErrorCode(err) != warta.EInvalid {
			t.Errorf("Send to an invalid address = %v, want invalid", err)
		}
	})
	if s, err := New(Config{Host: "smtp.example:587", From: "warta@example.com"}, nil); err != nil {
		t.Fatal(err)
	} else if _, ok := s.(*SMTP); !ok {
		t.Errorf("New with a host = %T, want *SMTP", s)
	}
}
