package newsletter

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"slices"
	"strings"

	wmail "github.com/kominfo-jatim/warta/internal/mail"
)

// consentText is what a subscriber agrees to, in plain Indonesian: the
// purpose, the data, how long it is kept and the right to leave (UU PDP).
// It is stored with each sign-up; change the wording and new sign-ups
// record the new text.
func (s *Service) consentText() string {
	return "Saya setuju " + s.cfg.SiteName + " menyimpan alamat email serta pilihan wilayah, tahapan dan frekuensi saya " +
		"untuk mengirimi saya berita resmi pemilu dan pilkada. Data ini tidak dibagikan kepada siapa pun dan disimpan " +
		"selama saya berlangganan. Saya dapat berhenti kapan saja lewat tautan di setiap email; setelah itu pilihan saya " +
		"langsung dihapus dan alamat saya dihapus dalam 30 hari."
}

// newForm returns the empty form with the regions and stages to choose.
func (s *Service) newForm(ctx context.Context) (*formPage, error) {
	regions, err := s.cfg.DB.Regions(ctx)
	if err != nil {
		return nil, err
	}
	elections, err := s.cfg.DB.Elections(ctx)
	if err != nil {
		return nil, err
	}
	return &formPage{Regions: regions, Elections: elections, Chosen: map[string][]string{},
		Digest: DigestInstant, ConsentText: s.consentText()}, nil
}

// subscriptionNew shows the subscription form.
func (s *Service) subscriptionNew(w http.ResponseWriter, r *http.Request) {
	f, err := s.newForm(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "Langganan berita", "form", f, false)
}

// subscriptionCreate records a sign-up and mails the confirmation link.
// The answer is the same whether or not the address was known, so the
// form tells no one who subscribes.
func (s *Service) subscriptionCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.message(w, r, http.StatusBadRequest, "Formulir tidak terbaca", "Isian formulir terlalu besar atau rusak. Muat ulang halaman lalu coba lagi.")
		return
	}
	f, err := s.newForm(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	req, ok := s.validate(f, r)
	if !ok {
		s.render(w, r, http.StatusBadRequest, "Langganan berita", "form", f, true)
		return
	}
	outcome, token, err := s.subs.signUp(ctx, req, s.cfg.Now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	switch outcome {
	case sendConfirmation:
		err = s.mailText(ctx, req.Email, "Konfirmasi langganan "+s.cfg.SiteName, "confirm.txt", map[string]string{
			"Site": s.cfg.SiteName, "Link": s.cfg.BaseURL + "/langganan/konfirmasi?token=" + token})
	case sendAlready:
		err = s.mailText(ctx, req.Email, "Anda sudah berlangganan "+s.cfg.SiteName, "already.txt", map[string]string{
			"Site": s.cfg.SiteName, "Form": s.cfg.BaseURL + "/langganan", "Unsubscribe": s.unsubscribeURL(token)})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.message(w, r, http.StatusOK, "Periksa email Anda",
		"Kami mengirim tautan konfirmasi ke "+req.Email+". Buka tautan itu dalam 7 hari untuk mulai berlangganan.",
		"Tidak menemukan emailnya? Periksa folder spam atau promosi. Jika tidak dikonfirmasi, alamat Anda kami hapus dalam 7 hari.")
}

// validate reads the form into f and returns the request, or false with
// f.Errors filled in.
func (s *Service) validate(f *formPage, r *http.Request) (request, bool) {
	f.Email = strings.TrimSpace(r.PostForm.Get("email"))
	f.Digest = r.PostForm.Get("kiriman")
	f.Consent = r.PostForm.Get("persetujuan") == "ya"
	known := map[string]map[string]bool{"wilayah": {}, "tahapan": {}}
	for _, reg := range f.Regions {
		known["wilayah"][reg.Slug] = true
	}
	for _, e := range f.Elections {
		for _, st := range e.Stages {
			known["tahapan"][st.Slug] = true
		}
	}
	for group := range known {
		for _, slug := range r.PostForm[group] {
			if known[group][slug] && !slices.Contains(f.Chosen[group], slug) {
				f.Chosen[group] = append(f.Chosen[group], slug)
			}
		}
	}
	if a, err := mail.ParseAddress(f.Email); f.Email == "" {
		f.Errors = append(f.Errors, fieldError{"email", "Isi alamat email Anda."})
	} else if err != nil || a.Address != f.Email || len(f.Email) > 254 || !strings.Contains(f.Email[strings.LastIndexByte(f.Email, '@')+1:], ".") {
		f.Errors = append(f.Errors, fieldError{"email", "Alamat email belum benar. Contoh: nama@contoh.id"})
	}
	if f.Digest != DigestDaily {
		f.Digest = DigestInstant
	}
	if !f.Consent {
		f.Errors = append(f.Errors, fieldError{"persetujuan", "Centang persetujuan agar kami boleh mengirimi Anda email."})
	}
	if len(f.Errors) > 0 {
		return request{}, false
	}
	return request{Email: strings.ToLower(f.Email), Regions: f.Chosen["wilayah"], Stages: f.Chosen["tahapan"],
		Digest: f.Digest, Consent: f.ConsentText}, true
}

// subscriptionConfirm activates the sign-up whose link was opened.
func (s *Service) subscriptionConfirm(w http.ResponseWriter, r *http.Request) {
	ok, err := s.subs.confirm(r.Context(), r.URL.Query().Get("token"), s.cfg.Now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !ok {
		s.message(w, r, http.StatusNotFound, "Tautan tidak berlaku",
			"Tautan konfirmasi ini sudah dipakai, sudah lebih dari 7 hari, atau tidak lengkap tersalin.",
			"Jika Anda sudah mengonfirmasi sebelumnya, langganan Anda tetap aktif. Jika belum, daftar lagi di halaman Langganan.")
		return
	}
	s.message(w, r, http.StatusOK, "Langganan aktif",
		"Terima kasih. Mulai sekarang Anda menerima berita resmi pemilu dan pilkada dari "+s.cfg.SiteName+" sesuai pilihan Anda.",
		"Setiap email berisi tautan untuk berhenti berlangganan kapan saja.")
}

// mailText sends a plain-text email from the named template.
func (s *Service) mailText(ctx context.Context, to, subject, name string, data any) error {
	var b strings.Builder
	if err := s.pages.text.ExecuteTemplate(&b, name, data); err != nil {
		return fmt.Errorf("newsletter: %s: %w", name, err)
	}
	if err := s.cfg.Mail.Send(ctx, wmail.Message{To: to, Subject: subject, Text: b.String()}); err != nil {
		return fmt.Errorf("newsletter: mail %s: %w", name, err)
	}
	return nil
}

// fail answers an unexpected error without detail and logs it.
func (s *Service) fail(w http.ResponseWriter, r *http.Request, err error) {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		s.message(w, r, http.StatusRequestEntityTooLarge, "Formulir terlalu besar", "Muat ulang halaman lalu coba lagi.")
		return
	}
	s.cfg.Logger.Error("newsletter", "path", r.URL.Path, "err", err)
	s.message(w, r, http.StatusInternalServerError, "Terjadi gangguan",
		"Permintaan Anda belum dapat diproses. Silakan coba lagi beberapa saat lagi.")
}
