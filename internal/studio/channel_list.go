package studio

import (
	"context"
	"fmt"
	"net/http"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// channelListView is the channels page: every channel with its state and
// buttons, a form to add one, and an agency's default channels.
type channelListView struct {
	layout
	Channels       []channelRow
	Add            channelForm
	Result         *checkResult
	Agencies       []warta.Agency
	Agency         warta.Agency // whose defaults the page shows
	AgencyForm     *form
	AgencyChannels []agencyChannel
}

// channelRow is a channel in the list.
type channelRow struct {
	dissemination.ChannelInfo
	Mode string // "mengirim", or why the channel runs dry
}

// checkResult is the answer of a channel's test button.
type checkResult struct {
	Channel string
	OK      bool
	Message string
}

// agencyChannel is a channel in an agency's defaults.
type agencyChannel struct {
	ID, Name string
	Checked  bool
	Enabled  bool
}

// channelPage is what a render of the channels page shows besides the
// stored state: a failed form, the agency chosen, a test's result.
type channelPage struct {
	add      *form
	agencyID string
	agency   *form
	result   *checkResult
}

// channelList shows the channels page.
func (s *Studio) channelList(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	return s.renderChannels(w, r, channelPage{agencyID: r.URL.Query().Get("instansi")}, http.StatusOK)
}

func (s *Studio) renderChannels(w http.ResponseWriter, r *http.Request, p channelPage, status int) error {
	ctx := r.Context()
	eng, err := s.engine()
	if err != nil {
		return err
	}
	list, err := eng.Channels(ctx)
	if err != nil {
		return err
	}
	if p.add == nil {
		p.add = newForm(nil)
		p.add.Values.Set("aktif", "1")
	}
	v := channelListView{layout: s.newLayout(r, "Kanal diseminasi"), Result: p.result,
		Add: newChannelForm(p.add, true, eng.Kinds(), nil)}
	for _, c := range list {
		row := channelRow{ChannelInfo: c, Mode: dryRunNote(c)}
		if row.Mode == "" {
			row.Mode = "mengirim"
		}
		v.Channels = append(v.Channels, row)
	}
	if v.Agencies, err = s.db.Agencies(ctx); err != nil {
		return err
	}
	for _, a := range v.Agencies {
		if a.ID == p.agencyID || (p.agencyID == "" && v.Agency.ID == "") {
			v.Agency = a
		}
	}
	if v.Agency.ID != "" && len(list) > 0 {
		v.AgencyForm = p.agency
		if v.AgencyForm == nil {
			if v.AgencyForm, err = s.agencyChoice(ctx, v.Agency.ID, list); err != nil {
				return err
			}
		}
		v.AgencyForm.Prefix = "ag-"
		for _, c := range list {
			v.AgencyChannels = append(v.AgencyChannels, agencyChannel{ID: c.ID, Name: c.Name, Enabled: c.Enabled,
				Checked: v.AgencyForm.Has("kanal", c.ID)})
		}
	}
	s.render(w, r, status, "channel_list", &v)
	return nil
}

// agencyChoice is the form of an agency's default channels as they stand:
// the agency's own choice where it made one, else each channel's default.
//
// The engine owns agency_channels but has no reader for it yet
// (SetAgencyChannels only writes), so the studio reads the one table here;
// an Engine.AgencyChannels should replace this query.
func (s *Studio) agencyChoice(ctx context.Context, agencyID string, list []dissemination.ChannelInfo) (*form, error) {
	rows, err := s.db.SQL().QueryContext(ctx, s.db.Rebind("SELECT channel_id, selected FROM agency_channels WHERE agency_id = ?"), agencyID)
	if err != nil {
		return nil, fmt.Errorf("studio: agency %s channels: %w", agencyID, err)
	}
	defer rows.Close()
	own := map[string]bool{}
	for rows.Next() {
		var id string
		var selected int
		if err := rows.Scan(&id, &selected); err != nil {
			return nil, fmt.Errorf("studio: agency %s channels: %w", agencyID, err)
		}
		own[id] = selected == 1
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("studio: agency %s channels: %w", agencyID, err)
	}
	f := newForm(nil)
	for _, c := range list {
		chosen, ok := own[c.ID]
		if !ok {
			chosen = c.Default
		}
		if chosen {
			f.Values.Add("kanal", c.ID)
		}
	}
	return f, nil
}
