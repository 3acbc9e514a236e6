package newsletter

import (
	"net/http"
	"strings"
)

// unsubscribeShow asks for confirmation before unsubscribing: opening a
// link must not act by itself, since mail scanners open every link.
func (s *Service) unsubscribeShow(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	email, status, err := s.subs.byUnsubscribeToken(r.Context(), token)
	switch {
	case err != nil:
		s.fail(w, r, err)
	case email == "":
		s.unknownToken(w, r)
	case status == statusUnsubscribed:
		s.message(w, r, http.StatusOK, "Anda sudah berhenti berlangganan",
			"Alamat ini tidak lagi menerima email berita "+s.cfg.SiteName+".")
	default:
		s.render(w, r, http.StatusOK, "Berhenti berlangganan", "berhenti", struct {
			Masked, Site, Token string
		}{mask(email), s.cfg.SiteName, token}, true)
	}
}

// unsubscribeCreate unsubscribes: the button on the page above, or the
// RFC 8058 one-click POST a mail provider sends with the body
// "List-Unsubscribe=One-Click". The token in the URL is the only
// credential; there is no cookie and no CSRF token.
func (s *Service) unsubscribeCreate(w http.ResponseWriter, r *http.Request) {
	ok, err := s.subs.unsubscribe(r.Context(), r.URL.Query().Get("token"), s.cfg.Now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !ok {
		s.unknownToken(w, r)
		return
	}
	s.message(w, r, http.StatusOK, "Anda telah berhenti berlangganan",
		"Alamat ini tidak akan menerima email berita "+s.cfg.SiteName+" lagi, dan pilihan wilayah serta tahapannya sudah kami hapus.",
		"Berubah pikiran? Anda dapat mendaftar lagi kapan saja di halaman Langganan.")
}

func (s *Service) unknownToken(w http.ResponseWriter, r *http.Request) {
	s.message(w, r, http.StatusNotFound, "Tautan tidak berlaku",
		"Tautan berhenti berlangganan ini tidak dikenal. Pastikan tautan dari email tersalin lengkap.")
}

// mask shows enough of an address for its owner to recognise it:
// "n***@contoh.id".
func mask(email string) string {
	local, domain, ok := strings.Cut(email, "@")
	if !ok || local == "" {
		return "***"
	}
	return string([]rune(local)[:1]) + "***@" + domain
}
