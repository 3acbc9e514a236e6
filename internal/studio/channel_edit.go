package studio

import (
	"net/http"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// channelEditView is one channel's page: its settings form, where each
// credential is a password field that starts empty, and its removal.
type channelEditView struct {
	layout
	Channel *dissemination.ChannelInfo
	Mode    string
	Edit    channelForm
	Remove  *form
}

// channelEdit shows a channel's form.
func (s *Studio) channelEdit(w http.ResponseWriter, r *http.Request, admin *warta.User) error {
	return s.renderChannel(w, r, r.PathValue("id"), nil, nil, http.StatusOK)
}

// renderChannel renders the channel's page with a failed edit (f) or
// removal (rm) to show again; nil for the stored state.
func (s *Studio) renderChannel(w http.ResponseWriter, r *http.Request, id string, f, rm *form, status int) error {
	eng, err := s.engine()
	if err != nil {
		return err
	}
	in, err := eng.Channel(r.Context(), id)
	if err != nil {
		return err
	}
	if f == nil {
		f = channelValues(in)
	}
	if rm == nil {
		rm = newForm(nil)
	}
	rm.Prefix = "hapus-"
	v := channelEditView{layout: s.newLayout(r, "Kanal "+in.Name), Channel: in, Mode: dryRunNote(*in),
		Edit: newChannelForm(f, false, nil, storedSecrets(in)), Remove: rm}
	if v.Mode == "" {
		v.Mode = "mengirim"
	}
	s.render(w, r, status, "channel_edit", &v)
	return nil
}
