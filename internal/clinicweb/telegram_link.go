package clinicweb

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/clinic"
)

// A web reporter gets the answer on Telegram through the bot's deep link,
// https://t.me/<bot>?start=<payload> (see clinic.TelegramLinkState): no
// one knows their numeric chat id, and a bot may only write to chats that
// wrote to it. The payload attaches a chat to the report, so it is shown
// only to the browser that sent the report: the receipt, and the ticket
// page when the browser carries the reporter cookie the receipt set.
// Ticket pages are public and ticket codes are sequential; a stranger who
// opens one sees no link.

// TelegramLinks is what the pages need of the clinic to offer the link;
// *clinic.Service is one. Without it no link is offered.
type TelegramLinks interface {
	TelegramLinkState(ctx context.Context, ticket string) (*clinic.TelegramLinkState, error)
}

// reporterCookie marks the browser that sent a report, one cookie per
// ticket (its Path is the ticket page). Its value is an HMAC of the
// ticket code under the node's key, so it cannot be made for another.
const (
	reporterCookie    = "klinik_pelapor"
	reporterCookieAge = 30 * 24 * time.Hour
)

// telegramOffer is the "Terima jawaban lewat Telegram" part of a page.
type telegramOffer struct {
	URL    string // the deep link; "" when the report cannot be linked
	Linked bool   // answers already go to a Telegram chat
	Chosen bool   // the reporter chose Telegram on the form
}

// botUsername is the clinic bot's username, "" when Telegram is not set
// up for deep links. A failure is logged and counts as not set up: the
// page works without the link.
func (web *Web) botUsername(ctx context.Context) string {
	if web.cfg.TelegramBot == nil {
		return ""
	}
	name, err := web.cfg.TelegramBot(ctx)
	if err != nil {
		web.log.Warn("clinicweb: telegram bot", "err", err)
		return ""
	}
	return name
}

// telegramOffer returns what the reporter of a ticket is offered, nil for
// nothing.
func (web *Web) telegramOffer(ctx context.Context, ticket string) *telegramOffer {
	links, ok := web.cl.(TelegramLinks)
	if !ok {
		return nil
	}
	bot := web.botUsername(ctx)
	if bot == "" {
		return nil
	}
	st, err := links.TelegramLinkState(ctx, ticket)
	if err != nil {
		web.log.Warn("clinicweb: telegram link state", "ticket", ticket, "err", err)
		return nil
	}
	o := &telegramOffer{Linked: st.Linked}
	if st.Payload != "" {
		o.URL = "https://t.me/" + url.PathEscape(bot) + "?start=" + url.QueryEscape(st.Payload)
	}
	if o.URL == "" && !o.Linked {
		return nil
	}
	return o
}

// reporterMAC is the reporter cookie's value for a ticket.
func (web *Web) reporterMAC(ticket string) string {
	m := hmac.New(sha256.New, web.tokenKey)
	m.Write([]byte("reporter\x00" + ticket))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// markReporter sets the reporter cookie for a ticket.
func (web *Web) markReporter(w http.ResponseWriter, ticket string) {
	http.SetCookie(w, &http.Cookie{Name: reporterCookie, Value: web.reporterMAC(ticket), Path: ticketPrefix + ticket,
		MaxAge: int(reporterCookieAge / time.Second), HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: strings.HasPrefix(web.cfg.Site.BaseURL, "https://")})
}

// isReporter reports whether the request comes from the browser that sent
// the ticket's report.
func (web *Web) isReporter(r *http.Request, ticket string) bool {
	for _, c := range r.CookiesNamed(reporterCookie) {
		if hmac.Equal([]byte(c.Value), []byte(web.reporterMAC(ticket))) {
			return true
		}
	}
	return false
}
