package newsletter

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

func TestDeliverMatchesInterests(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		mails := &fakeMail{}
		svc := newService(t, db, mails, "https://warta.example.id")
		subscribe(t, svc, "semua@contoh.id", DigestInstant, nil, nil)
		subscribe(t, svc, "sby@contoh.id", DigestInstant, []string{"kota-surabaya"}, nil)
		subscribe(t, svc, "mlg@contoh.id", DigestInstant, []string{"kota-malang"}, nil)
		subscribe(t, svc, "sby-kampanye@contoh.id", DigestInstant, []string{"kota-surabaya"}, []string{"pemilu-2024-kampanye"})
		subscribe(t, svc, "sby-pemungutan@contoh.id", DigestInstant, []string{"kota-surabaya"}, []string{"pemilu-2024-pemungutan-suara"})
		subscribe(t, svc, "harian@contoh.id", DigestDaily, nil, nil)
		conn := svc.Connector()
		remote, err := conn.Deliver(context.Background(), &dissemination.Channel{Kind: "email"}, item(surabayaArticle()), nil, progress{})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]bool{"semua@contoh.id": true, "sby@contoh.id": true, "sby-kampanye@contoh.id": true}
		for _, m := range mails.msgs {
			if !want[m.To] {
				t.Errorf("%s got the Surabaya article", m.To)
			}
			delete(want, m.To)
		}
		if len(want) > 0 || remote.ID != "3 terkirim, 0 gagal" {
			t.Errorf("not mailed: %v; remote %q", want, remote.ID)
		}
		// Province-wide news reaches every instant subscriber.
		mails.msgs = nil
		prov := surabayaArticle()
		prov.Regions, prov.Stages = []warta.Region{jatim}, nil
		if _, err := conn.Deliver(context.Background(), &dissemination.Channel{Kind: "email"}, item(prov), nil, progress{}); err != nil {
			t.Fatal(err)
		}
		if mails.count() != 3 {
			t.Errorf("province-wide article mailed %d, want 3 (the stage choosers wait for their stages)", mails.count())
		}
		// A correction mails nobody.
		mails.msgs = nil
		upd := item(surabayaArticle())
		upd.Op = dissemination.OpUpdate
		if _, err := conn.Deliver(context.Background(), &dissemination.Channel{Kind: "email"}, upd, nil, progress{}); err != nil || mails.count() != 0 {
			t.Errorf("update: %d mails, %v", mails.count(), err)
		}
	})
}

func TestDeliverRetryMailsNobodyTwice(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		mails := &fakeMail{fail: map[string]error{}}
		svc := newService(t, db, mails, "https://warta.example.id")
		for _, e := range []string{"a@contoh.id", "b@contoh.id", "c@contoh.id", "d@contoh.id"} {
			subscribe(t, svc, e, DigestInstant, nil, nil)
		}
		subs, _ := svc.subs.active(context.Background(), DigestInstant)
		mails.fail[subs[2].Email] = errDown
		mails.fail[subs[3].Email] = &warta.Error{Code: warta.EInvalid, Message: "Alamat email penerima tidak valid."}
		p, conn, it := progress{}, svc.Connector(), item(surabayaArticle())
		_, err := conn.Deliver(context.Background(), &dissemination.Channel{Kind: "email"}, it, nil, p)
		var de *dissemination.Error
		if !errors.As(err, &de) || !de.Retryable || mails.count() != 2 {
			t.Fatalf("first attempt: %v after %d mails", err, mails.count())
		}
		remote, err := conn.Deliver(context.Background(), &dissemination.Channel{Kind: "email"}, it, nil, p)
		if err != nil || remote.ID != "3 terkirim, 1 gagal" {
			t.Fatalf("retry: %v %+v", err, remote)
		}
		if _, err := conn.Deliver(context.Background(), &dissemination.Channel{Kind: "email"}, it, nil, p); err != nil {
			t.Fatal(err)
		}
		for i, s := range subs {
			want := 1
			if i == 3 {
				want = 0
			}
			if n := len(mails.to(s.Email)); n != want {
				t.Errorf("%s got %d, want %d", s.Email, n, want)
			}
		}
		// A crash during a send leaves "sending": skipped, not repeated.
		mails.msgs = nil
		crashed := progress{"sub:" + subs[0].ID: stepSending}
		b := surabayaArticle()
		b.ID = "OTHER"
		if _, err := conn.Deliver(context.Background(), &dissemination.Channel{Kind: "email"}, item(b), nil, crashed); err != nil {
			t.Fatal(err)
		}
		if len(mails.to(subs[0].Email)) != 0 || mails.count() != 3 {
			t.Errorf("after a crash: %d mails, first subscriber %d", mails.count(), len(mails.to(subs[0].Email)))
		}
	})
}

func TestRenderEmail(t *testing.T) {
	svc := newService(t, nil, &fakeMail{}, "https://warta.example.id")
	r, err := svc.Connector().Render(&dissemination.Channel{Kind: "email"}, item(surabayaArticle()))
	if err != nil || !strings.HasPrefix(r.Text, "Subjek: 8.167 TPS siap di Surabaya") || !strings.Contains(r.Text, "Berhenti berlangganan: https://warta.example.id/langganan/berhenti?token=") {
		t.Errorf("render: %v\n%s", err, r.Text)
	}
	if err := svc.Connector().Check(context.Background(), nil, nil); err != nil {
		t.Errorf("check over https: %v", err)
	}
	if err := newService(t, nil, &fakeMail{}, "http://warta.example.id").Connector().Check(context.Background(), nil, nil); err == nil {
		t.Error("check passed with an http base URL, which RFC 8058 one-click cannot use")
	}
}

func TestDigest(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		kpu := &warta.Agency{Slug: "kpu-jatim", Name: "KPU Provinsi Jawa Timur"}
		if err := db.CreateAgency(ctx, kpu); err != nil {
			t.Fatal(err)
		}
		publish := func(title string, at time.Time, regions []warta.Region) {
			a := &warta.Article{Title: title, Dek: "Ringkas.", AgencyID: kpu.ID, Status: warta.StatusPublished, PublishedAt: at, UpdatedAt: at, Regions: regions}
			if err := db.CreateArticle(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		publish("Rekap di Surabaya selesai", testNow.Add(-2*time.Hour), []warta.Region{surabaya})
		publish("Logistik Kota Malang tiba", testNow.Add(-20*time.Hour), []warta.Region{malang})
		publish("Jadwal pleno provinsi", testNow.Add(-23*time.Hour), []warta.Region{jatim})
		publish("Berita kemarin lusa", testNow.Add(-30*time.Hour), []warta.Region{surabaya})

		mails := &fakeMail{fail: map[string]error{}}
		svc := newService(t, db, mails, "https://warta.example.id")
		subscribe(t, svc, "semua@contoh.id", DigestDaily, nil, nil)
		subscribe(t, svc, "sby@contoh.id", DigestDaily, []string{"kota-surabaya"}, nil)
		subscribe(t, svc, "kampanye@contoh.id", DigestDaily, nil, []string{"pemilu-2024-kampanye"})
		subscribe(t, svc, "gagal@contoh.id", DigestDaily, nil, nil)
		subscribe(t, svc, "instan@contoh.id", DigestInstant, nil, nil)
		mails.fail["gagal@contoh.id"] = errDown

		n, err := svc.Digest(ctx, testNow)
		if n != 2 || err == nil {
			t.Fatalf("digest: %d sent, err %v; want 2 and the failure reported", n, err)
		}
		all := mails.to("semua@contoh.id")
		if len(all) != 1 || all[0].Subject != "Ringkasan berita Warta Jatim, 14 Februari 2024" {
			t.Fatalf("digest to semua: %+v", all)
		}
		for _, title := range []string{"Rekap di Surabaya selesai", "Logistik Kota Malang tiba", "Jadwal pleno provinsi"} {
			if !strings.Contains(all[0].Text, title) || !strings.Contains(all[0].HTML, title) {
				t.Errorf("digest lacks %q", title)
			}
		}
		if strings.Contains(all[0].Text, "kemarin lusa") {
			t.Error("digest carries an article older than 24 hours")
		}
		if all[0].Headers["List-Unsubscribe-Post"] != "List-Unsubscribe=One-Click" || !strings.HasPrefix(all[0].Headers["List-Unsubscribe"], "<https://warta.example.id/langganan/berhenti?token=") {
			t.Errorf("digest headers: %v", all[0].Headers)
		}
		sby := mails.to("sby@contoh.id")
		if len(sby) != 1 || !strings.Contains(sby[0].Text, "Rekap di Surabaya") || !strings.Contains(sby[0].Text, "Jadwal pleno provinsi") || strings.Contains(sby[0].Text, "Malang") {
			t.Errorf("digest to sby:\n%s", sby[0].Text)
		}
		if len(mails.to("kampanye@contoh.id")) != 0 || len(mails.to("instan@contoh.id")) != 0 {
			t.Error("digest sent with nothing matching, or to an instant subscriber")
		}
		// Running again the same day sends only what failed.
		n, err = svc.Digest(ctx, testNow.Add(time.Hour))
		if n != 1 || err != nil || len(mails.to("gagal@contoh.id")) != 1 || len(mails.to("semua@contoh.id")) != 1 {
			t.Errorf("second run: %d sent, %v", n, err)
		}
		// The next day's digest goes out again.
		publish("Hasil pleno", testNow.Add(20*time.Hour), []warta.Region{jatim})
		if n, err := svc.Digest(ctx, testNow.Add(24*time.Hour)); n != 3 || err != nil {
			t.Errorf("next day: %d sent, %v", n, err)
		}
	})
}
