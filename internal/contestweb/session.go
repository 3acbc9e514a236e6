package contestweb

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// CookieName is the participant's session cookie. It carries the raw
// token Login returned and is sent only to /lomba pages.
const CookieName = "warta_peserta"

// participantFunc is a handler for a signed-in participant.
type participantFunc func(w http.ResponseWriter, r *http.Request, p *contest.Participant) error

// signedIn resolves the session cookie and runs h for its participant; a
// visitor without a live session is sent to sign in and brought back.
func (web *Web) signedIn(h participantFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, err := web.participant(r)
		if err != nil {
			return err
		}
		if p == nil {
			// A form sent after the session ended cannot be sent again
			// from here: after signing in, the participant's page.
			back := "/lomba/saya"
			if r.Method == http.MethodGet {
				back = r.URL.RequestURI()
			}
			return seeOther(w, r, "/lomba/masuk?lanjut="+url.QueryEscape(back))
		}
		return h(w, r, p)
	}
}

// participant returns who the session cookie belongs to, or nil for a
// visitor who is not signed in (or whose session ended).
func (web *Web) participant(r *http.Request) (*contest.Participant, error) {
	c, err := r.Cookie(CookieName)
	if err != nil || c.Value == "" {
		return nil, nil
	}
	p, err := web.cs.Session(r.Context(), c.Value)
	if warta.ErrorCode(err) == warta.EUnauthorized {
		return nil, nil
	}
	return p, err
}

// setSession hands the browser the session token. HttpOnly keeps it from
// scripts; SameSite=Lax keeps it off cross-site form posts. It lives as
// long as a session may; the service ends it sooner when it must.
func (web *Web) setSession(w http.ResponseWriter, raw string) {
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: raw, Path: "/lomba", HttpOnly: true, Secure: web.secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(contest.DefaultLimits.SessionMax / time.Second)})
}

func (web *Web) clearSession(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: "", Path: "/lomba", MaxAge: -1, HttpOnly: true, Secure: web.secure,
		SameSite: http.SameSiteLaxMode})
}

// next is where to go after signing in: a contest page the visitor came
// from, never another site.
func next(raw string) string {
	if raw == "/lomba" || strings.HasPrefix(raw, "/lomba/") && !strings.ContainsAny(raw, "\\\r\n") && !strings.HasPrefix(raw, "/lomba//") {
		return raw
	}
	return "/lomba/saya"
}
