package clinicchat

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/dissemination"
)

// verdictMessage is a published verdict's answer to a reporter.
func verdictMessage() clinic.Message {
	v := &clinic.Verdict{Title: "Video KPU Menghapus Suara di Sidoarjo", Label: "HOAKS"}
	return clinic.Message{Ticket: "KH-2026-000123", Verdict: v, URL: "https://warta.example/cek-fakta/2026/11/video-kpu",
		Text: "Laporan KH-2026-000123 sudah kami periksa: [HOAKS] Video KPU Menghapus Suara di Sidoarjo.\nhttps://warta.example/cek-fakta/2026/11/video-kpu"}
}

// cloudMessages is a Cloud API that accepts messages, except that free
// text gets the re-engagement error when reengage is set.
func cloudMessages(t *testing.T, reengage *bool) *fakeAPI {
	return newFakeAPI(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		if r.Method != http.MethodPost || r.URL.Path != "/v21.0/"+waPhoneID+"/messages" || r.Header.Get("Authorization") != "Bearer "+waToken {
			t.Errorf("unexpected %s %s (%s)", r.Method, r.URL.Path, r.Header.Get("Authorization"))
		}
		if body["type"] == "text" && *reengage {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":{"message":"(#131047) Re-engagement message","type":"OAuthException","code":131047,`+
				`"error_data":{"messaging_product":"whatsapp","details":"Message failed to send because more than 24 hours have passed since the customer last replied to this number."}}}`)
			return
		}
		fmt.Fprintf(w, `{"messaging_product":"whatsapp","contacts":[{"input":"%s","wa_id":"%s"}],"messages":[{"id":"wamid.OUT"}]}`, body["to"], body["to"])
	})
}

func TestWhatsAppReplierWindowAndTemplate(t *testing.T) {
	reengage := false
	api := cloudMessages(t, &reengage)
	ch := &dissemination.Channel{Kind: "whatsapp", Settings: map[string]string{"api_base": api.srv.URL + "/v21.0", "phone_number_id": waPhoneID,
		"clinic_template": "klinik_putusan"}, Secrets: map[string]string{"access_token": waToken}}
	r := NewWhatsAppReplier(staticChannel(ch), api.srv.Client())
	r.now = func() time.Time { return testNow }
	m := verdictMessage()

	// Written to us 2 hours ago: free text.
	if err := r.Reply(t.Context(), clinic.Contact{Kind: "whatsapp", Address: "+6281234500001", LastInbound: testNow.Add(-2 * time.Hour)}, m); err != nil {
		t.Fatal(err)
	}
	got := api.requests("/messages")
	if len(got) != 1 || got[0].Body["to"] != "6281234500001" || got[0].Body["type"] != "text" ||
		got[0].Body["text"].(map[string]any)["body"] != m.Text {
		t.Fatalf("inside the window: %+v", got)
	}

	// 30 hours ago: the approved template with ticket, verdict and link.
	if err := r.Reply(t.Context(), clinic.Contact{Kind: "whatsapp", Address: "+6281234500001", LastInbound: testNow.Add(-30 * time.Hour)}, m); err != nil {
		t.Fatal(err)
	}
	got = api.requests("/messages")
	want := `map[components:[map[parameters:[map[text:KH-2026-000123 type:text] map[text:[HOAKS] Video KPU Menghapus Suara di Sidoarjo type:text] ` +
		`map[text:https://warta.example/cek-fakta/2026/11/video-kpu type:text]] type:body]] language:map[code:id] name:klinik_putusan]`
	if len(got) != 2 || got[1].Body["type"] != "template" || fmt.Sprint(got[1].Body["template"]) != want {
		t.Fatalf("outside the window: %+v", got[len(got)-1].Body)
	}

	// The clocks disagree and WhatsApp says the window closed: template.
	reengage = true
	if err := r.Reply(t.Context(), clinic.Contact{Kind: "whatsapp", Address: "+6281234500001", LastInbound: testNow.Add(-23*time.Hour - 59*time.Minute)}, m); err != nil {
		t.Fatal(err)
	}
	if got = api.requests("/messages"); len(got) != 4 || got[2].Body["type"] != "text" || got[3].Body["type"] != "template" {
		t.Errorf("re-engagement fallback: %d requests", len(got))
	}

	// No template configured outside the window: a permanent error that
	// says what to fill in, and nothing sent.
	delete(ch.Settings, "clinic_template")
	err := r.Reply(t.Context(), clinic.Contact{Kind: "whatsapp", Address: "+6281234500001", LastInbound: testNow.Add(-48 * time.Hour)}, m)
	var de *dissemination.Error
	if !errors.As(err, &de) || de.Retryable || !strings.Contains(de.Message, "clinic_template") {
		t.Errorf("without template: %v", err)
	}
	if n := len(api.requests("/messages")); n != 4 {
		t.Errorf("without template: %d requests, want 4", n)
	}
	// Never written to us (LastInbound zero) counts as outside.
	err = r.Reply(t.Context(), clinic.Contact{Kind: "whatsapp", Address: "+6281234500001"}, m)
	if !errors.As(err, &de) || de.Retryable {
		t.Errorf("no inbound: %v", err)
	}
}

func TestWhatsAppReplierWithoutChannel(t *testing.T) {
	r := NewWhatsAppReplier(staticChannel(nil), nil)
	var de *dissemination.Error
	if err := r.Reply(t.Context(), clinic.Contact{Kind: "whatsapp", Address: "+6281234500001", LastInbound: time.Now()}, verdictMessage()); !errors.As(err, &de) || de.Retryable {
		t.Errorf("err = %v", err)
	}
}

func TestTelegramReplierSendsToTheChat(t *testing.T) {
	blocked := false
	api := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		if r.Method != http.MethodPost || r.URL.Path != "/bot"+tgToken+"/sendMessage" {
			t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
		}
		if blocked {
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`)
			return
		}
		io.WriteString(w, `{"ok":true,"result":{"message_id":77,"chat":{"id":555111222,"type":"private"},"date":1764208800,"text":"x"}}`)
	})
	ch := &dissemination.Channel{Kind: "telegram", Settings: map[string]string{"chat_id": "@wartajatim", "api_base": api.srv.URL},
		Secrets: map[string]string{"bot_token": tgToken}}
	reps := Repliers(staticChannel(nil), staticChannel(ch), api.srv.Client())
	m := verdictMessage()
	if err := reps["telegram"].Reply(t.Context(), clinic.Contact{Kind: "telegram", Address: "555111222"}, m); err != nil {
		t.Fatal(err)
	}
	got := api.requests("/sendMessage")
	if len(got) != 1 || got[0].Body["chat_id"] != "555111222" || got[0].Body["text"] != m.Text || got[0].Body["reply_parameters"] != nil {
		t.Errorf("sendMessage %+v", got)
	}
	blocked = true
	var de *dissemination.Error
	if err := reps["telegram"].Reply(t.Context(), clinic.Contact{Kind: "telegram", Address: "555111222"}, m); !errors.As(err, &de) || de.Retryable {
		t.Errorf("blocked: %v", err)
	}
}
