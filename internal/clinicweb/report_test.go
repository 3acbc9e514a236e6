package clinicweb_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/clinicweb"
)

// The form works without JavaScript: a plain form with every field
// labelled, the consent stating purpose, data, retention and rights, a
// separate Bawaslu consent with its name and address fields, and a
// screenshot sent as multipart.
func TestReportFormWorksWithoutJavaScript(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		p := s.get("/klinik")
		p.expect(t, http.StatusOK, "main h1", "Lapor hoaks")
		if cc := p.header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			t.Errorf("form served with Cache-Control %q; each form has its own token", cc)
		}
		if p.attr("form[action=\"/klinik\"]", "method") != "post" || p.attr("form[action=\"/klinik\"]", "enctype") != "multipart/form-data" {
			t.Errorf("form is not a multipart POST to /klinik")
		}
		if p.attr("input[name=image]", "type") != "file" || p.attr("input[name=image]", "accept") != "image/*" {
			t.Errorf("screenshot input: type %q accept %q", p.attr("input[name=image]", "type"), p.attr("input[name=image]", "accept"))
		}
		if hint := p.text("#image-hint"); !strings.Contains(hint, "5 MB") {
			t.Errorf("the form does not tell the size cap: %q", hint)
		}
		consent := p.text("label[for=consent]")
		for _, want := range []string{"menjawab laporan saya", "kontak yang saya isi", "30 hari setelah laporan terakhir saya",
			"salinan, perbaikan, atau penghapusan", "privasi@kominfo.example"} {
			if !strings.Contains(consent, want) {
				t.Errorf("consent %q does not say %q", consent, want)
			}
		}
		if !strings.Contains(p.text("label[for=referral_consent]"), "Bawaslu") || p.count("input[name=contact_name]") != 1 || p.count("textarea[name=home_address]") != 1 {
			t.Errorf("no separate Bawaslu consent with name and address")
		}
		for _, kind := range []string{"whatsapp", "email"} {
			if p.count("input[name=contact_kind][value="+kind+"]") != 1 {
				t.Errorf("no %s contact choice", kind)
			}
		}
		// Telegram is offered only with a bot set up for deep links
		// (clinicchat's TestTelegramOfferedOnlyWhenConfigured).
		if p.count("input[name=contact_kind][value=telegram]") != 0 || strings.Contains(string(p.body), "ID Telegram") {
			t.Errorf("Telegram offered without a bot")
		}
		if p.attr("input[name=situs_web]", "tabindex") != "-1" || p.attr(".hp", "aria-hidden") != "true" {
			t.Errorf("the honeypot is reachable by people")
		}

		f := s.openForm()
		s.clock.advance(30 * time.Second)
		got := f.upload(url.Values{"text": {"Foto surat suara sudah dicoblos beredar di grup RT"}}, "tangkapan.png", pngFile(3))
		got.expect(t, http.StatusOK, "main h1", "Laporan Anda sudah kami terima")
		code := got.ticket()
		if !strings.Contains(got.text(".jawaban"), "1×24 jam") {
			t.Errorf("no answer promise: %q", got.text(".jawaban"))
		}
		if href := got.attr("a.tombol", "href"); href != "/klinik/tiket/"+code {
			t.Errorf("ticket link %q", href)
		}
		if n := s.count("SELECT COUNT(*) FROM clinic_reports WHERE ticket = ? AND image_path <> ''", code); n != 1 {
			t.Errorf("%d reports with a screenshot under %s", n, code)
		}
	})
}

// A robot's form stores nothing and a person who tripped a check gets a
// friendly message on the form, with what they typed kept.
func TestRobotsAreRefusedWithoutStoring(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		typed := url.Values{"text": {"Pembagian sembako gratis dari caleg, klik tautan ini"}}
		cases := []struct {
			name   string
			wait   time.Duration
			fields url.Values
			token  string
			want   string
		}{
			{"honeypot", time.Minute, url.Values{"situs_web": {"https://spam.example"}}, "", "kosongkan isian yang tidak diminta"},
			{"too fast", time.Second, nil, "", "terlalu cepat"},
			{"too old", 2*time.Hour + time.Minute, nil, "", "lebih dari 2 jam"},
			{"forged token", time.Minute, nil, "AAAAAAAAAAA", "tidak terkirim utuh"},
		}
		for _, c := range cases {
			f := s.openForm()
			s.clock.advance(c.wait)
			if c.token != "" {
				f.hidden.Set("token", c.token)
			}
			fields := url.Values{"text": typed["text"]}
			for k, v := range c.fields {
				fields[k] = v
			}
			p := f.post(fields)
			p.expect(t, http.StatusBadRequest, ".error-summary", c.want)
			if p.text("main h1") != "Lapor hoaks" {
				t.Errorf("%s: an error page instead of the form", c.name)
			}
			if got := p.text("textarea[name=text]"); got != typed.Get("text") {
				t.Errorf("%s: text not kept: %q", c.name, got)
			}
			if p.attr("input[name=situs_web]", "value") != "" {
				t.Errorf("%s: the honeypot came back filled in", c.name)
			}
			if n := s.count("SELECT COUNT(*) FROM clinic_reports"); n != 0 {
				t.Fatalf("%s: %d reports stored", c.name, n)
			}
		}
		// The person waits a moment and sends the re-rendered form.
		f := s.openForm()
		s.clock.advance(time.Second)
		p := f.post(typed)
		p.expect(t, http.StatusBadRequest, ".error-summary", "terlalu cepat")
		again := &form{s: s, hidden: url.Values{"token": {p.attr("input[name=token]", "value")}}}
		s.clock.advance(10 * time.Second)
		again.post(typed).expect(t, http.StatusOK, "main h1", "Laporan Anda sudah kami terima")
		if n := s.count("SELECT COUNT(*) FROM clinic_reports"); n != 1 {
			t.Errorf("%d reports stored, want 1", n)
		}
	})
}

// The same form sent twice (a reload of the receipt, a double click) is
// one report with one ticket.
func TestResendingTheFormIsOneReport(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := s.openForm()
		s.clock.advance(time.Minute)
		fields := url.Values{"text": {"Jadwal pencoblosan diundur ke bulan depan"}}
		first := f.post(fields).ticket()
		second := f.post(fields)
		if second.ticket() != first || !strings.Contains(second.text("main"), "sudah kami terima sebelumnya") {
			t.Errorf("second send: ticket %s (first %s): %s", second.ticket(), first, second.text("main"))
		}
		if n := s.count("SELECT COUNT(*) FROM clinic_reports"); n != 1 {
			t.Errorf("%d reports stored", n)
		}
	})
}

// A refusal of the clinic is shown beside its field, with everything
// typed kept; too many reports from one address get a message, not an
// error page.
func TestRefusalsKeepWhatWasTyped(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		p := s.report(url.Values{"text": {"Bantuan tunai pemilu cair hari ini"}, "contact_kind": {"whatsapp"},
			"contact_address": {"0812-3456-7890"}})
		p.expect(t, http.StatusBadRequest, "#consent-err", "centang persetujuan")
		if p.text("textarea[name=text]") != "Bantuan tunai pemilu cair hari ini" || p.attr("input[name=contact_address]", "value") != "0812-3456-7890" ||
			p.count("input[name=contact_kind][value=whatsapp][checked]") != 1 {
			t.Errorf("typed values not kept")
		}
		if p.attr("input[name=consent]", "aria-invalid") != "true" {
			t.Errorf("consent not marked invalid")
		}

		p = s.report(url.Values{"text": {"Bantuan tunai pemilu cair hari ini"}, "contact_kind": {"whatsapp"},
			"contact_address": {"nomor saya"}, "consent": {"setuju"}})
		p.expect(t, http.StatusBadRequest, "#contact_address-err", "Nomor WhatsApp tidak valid")

		s.report(url.Values{"url": {"bukan tautan"}}).expect(t, http.StatusBadRequest, "#url-err", "Tautan tidak valid")
		s.report(url.Values{}).expect(t, http.StatusBadRequest, "#text-err", "Laporan masih kosong")

		p = s.report(url.Values{"text": {"Kampanye hitam terhadap calon bupati"}, "referral_consent": {"setuju"},
			"contact_kind": {"email"}, "contact_address": {"warga@contoh.id"}, "consent": {"setuju"}})
		p.expect(t, http.StatusBadRequest, "#contact_name-err", "nama lengkap")

		f := s.openForm()
		s.clock.advance(time.Minute)
		big := make([]byte, 5<<20+10)
		copy(big, pngFile(1))
		p = f.upload(url.Values{"text": {"Foto hasil rekapitulasi palsu"}}, "besar.png", big)
		p.expect(t, http.StatusBadRequest, "#image-err", "5 MB")
		if n := s.count("SELECT COUNT(*) FROM clinic_reports"); n != 0 {
			t.Errorf("%d refused reports stored", n)
		}
	})
}

func TestTooManyReportsFromOneAddress(t *testing.T) {
	eachWith(t, func(c *clinic.Config) { c.ReportsPerHour = 2 }, func(t *testing.T, s *site) {
		for i := range 2 {
			s.report(url.Values{"text": {"Laporan warga nomor " + string(rune('A'+i))}}).ticket()
		}
		p := s.report(url.Values{"text": {"Laporan warga ketiga"}})
		p.expect(t, http.StatusTooManyRequests, ".error-summary", "satu jam terakhir")
		if p.text("textarea[name=text]") != "Laporan warga ketiga" {
			t.Errorf("text not kept")
		}
	})
}

func TestUncachedPaths(t *testing.T) {
	for path, want := range map[string]bool{
		"/klinik": true, "/klinik/tiket/KH-2026-000001": true, "/cek-fakta/claimreview.json": true,
		"/cek-fakta": false, "/cek-fakta/feed.xml": false, "/klinikku": false, "/": false,
	} {
		if got := clinicweb.Uncached(path); got != want {
			t.Errorf("Uncached(%q) = %v", path, got)
		}
	}
}
