package studio

import (
	"context"
	"errors"
	"net/http"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// channelCheck is the test button: the connector's harmless API call with
// the stored credentials, and the answer in words an admin can act on.
func (s *Studio) channelCheck(w http.ResponseWriter, r *http.Request, admin *warta.User) error {
	ctx := r.Context()
	eng, err := s.engine()
	if err != nil {
		return err
	}
	in, err := eng.Channel(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	res := &checkResult{Channel: in.Name, OK: true,
		Message: "Sambungan berhasil: kanal " + in.Name + " menerima kredensial dan pengaturannya."}
	if err := eng.TestChannel(ctx, in.ID); err != nil {
		res.OK, res.Message = false, checkMessage(err)
		if res.Message == "" {
			s.log.Error("studio: test channel", "channel", in.ID, "err", err)
			res.Message = "Uji sambungan gagal karena kesalahan di server. Coba lagi sebentar lagi."
		}
	}
	return s.renderChannels(w, r, channelPage{result: res}, http.StatusOK)
}

// checkMessage is a failed test in Indonesian: the connector's message, the
// engine's, or one for a timeout; "" for errors only the log should see.
func checkMessage(err error) string {
	var de *dissemination.Error
	var we *warta.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "Kanal tidak menjawab dalam batas waktu. Periksa api_base dan jaringan server, lalu uji lagi."
	case errors.As(err, &de):
		return de.Message
	case errors.As(err, &we):
		return warta.ErrorMessage(err)
	}
	return ""
}
