package contestweb

import (
	"net/http"
	"strings"

	"github.com/kominfo-jatim/warta/internal/webpage"
)

// PublicRoutes mounts the pages that are the same for every reader and may
// be cached: the list of contests and each contest's page.
func (web *Web) PublicRoutes(mux *http.ServeMux) {
	mux.Handle("GET /lomba", web.pages.Public(web.contestList))
	mux.Handle("GET /lomba/{slug}", web.pages.Public(web.contestShow))
	mux.HandleFunc("GET "+stylePath, webpage.ServeCSS(stylesheet))
}

// ParticipantRoutes mounts the pages that depend on who asks; each answers
// Cache-Control: no-store, private. Changes are POST forms, which the
// server guards against cross-origin requests.
func (web *Web) ParticipantRoutes(mux *http.ServeMux) {
	for pattern, h := range map[string]handlerFunc{
		"GET /lomba/daftar":      web.registerShow,
		"POST /lomba/daftar":     web.registerSave,
		"GET /lomba/verifikasi":  web.emailVerify,
		"POST /lomba/verifikasi": web.verificationResend,
		"GET /lomba/masuk":       web.loginShow,
		"POST /lomba/masuk":      web.loginCheck,
		"POST /lomba/keluar":     web.logout,
		"GET /lomba/lupa-sandi":  web.passwordForgotShow,
		"POST /lomba/lupa-sandi": web.passwordForgotSend,
		"GET /lomba/sandi-baru":  web.passwordResetShow,
		"POST /lomba/sandi-baru": web.passwordResetSave,
		"GET /lomba/saya":        web.signedIn(web.mineShow),
		"GET /lomba/suara":       web.voteConfirm,

		"GET /lomba/{slug}/ikut":   web.signedIn(web.joinShow),
		"POST /lomba/{slug}/ikut":  web.signedIn(web.joinSave),
		"GET /lomba/{slug}/kirim":  web.signedIn(web.entryNew),
		"POST /lomba/{slug}/kirim": web.signedIn(web.entrySubmit),
		"GET /lomba/{slug}/pilih":  web.voteShow,
		"POST /lomba/{slug}/pilih": web.voteRequest,

		"GET /lomba/{slug}/karya/{id}/ubah":   web.signedIn(web.entryEdit),
		"POST /lomba/{slug}/karya/{id}/ubah":  web.signedIn(web.entrySave),
		"POST /lomba/{slug}/karya/{id}/tarik": web.signedIn(web.entryWithdraw),
		"GET /lomba/{slug}/karya/{id}/berkas": web.entryFile,
	} {
		mux.Handle(pattern, web.pages.Private(h))
	}
}

// accountPages are the per-person pages directly under /lomba/; every
// other /lomba/{slug} is a contest's public page.
var accountPages = map[string]bool{"daftar": true, "verifikasi": true, "masuk": true, "keluar": true, "saya": true, "suara": true,
	"lupa-sandi": true, "sandi-baru": true}

// Personal reports whether a path is one of the per-person contest pages,
// which the page cache must skip: everything under /lomba/ except a
// contest's page /lomba/{slug} (and the stylesheet). /lomba itself is
// public.
func Personal(path string) bool {
	rest, ok := strings.CutPrefix(path, "/lomba/")
	if !ok {
		return false
	}
	if slug, _, nested := strings.Cut(rest, "/"); nested || accountPages[slug] {
		return true
	}
	return false
}
