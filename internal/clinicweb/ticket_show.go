package clinicweb

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// ticketCode is the shape of a ticket code: "KH-2026-000123".
var ticketCode = regexp.MustCompile(`^KH-\d{4}-\d{1,12}$`)

// ticketView is a ticket's public status page.
type ticketView struct {
	T        *clinic.TicketView
	Telegram *telegramOffer // for the reporter's browser only; nil otherwise
}

// ticketShow is GET /klinik/tiket/{code}: the report's state, when it was
// received, when an answer is due, and the verdict or the reason it was
// closed. It shows nothing about the reporter; to the browser that sent
// the report it offers the Telegram deep link while the claim is open.
func (web *Web) ticketShow(w http.ResponseWriter, r *http.Request) error {
	code := strings.ToUpper(strings.TrimSpace(r.PathValue("code")))
	if !ticketCode.MatchString(code) {
		return warta.Errorf(warta.ENotFound, "Tiket tidak ditemukan. Kode tiket ditulis seperti KH-2026-000123; periksa lagi tanda terima laporan Anda.")
	}
	notFound := warta.Errorf(warta.ENotFound, "Tiket %s tidak ditemukan. Periksa lagi kode tiket pada tanda terima laporan Anda.", code)
	t, err := web.cl.Ticket(r.Context(), code)
	if warta.ErrorCode(err) == warta.ENotFound {
		return notFound
	} else if err != nil {
		return err
	}
	v := ticketView{T: t}
	if web.isReporter(r, t.Ticket) {
		v.Telegram = web.telegramOffer(r.Context(), t.Ticket)
	}
	return web.pages.Render(w, r, http.StatusOK, "Status laporan "+t.Ticket, "ticket", v)
}
