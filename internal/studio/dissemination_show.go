package studio

import (
	"net/http"
	"strings"

	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// disseminationView is an article's dissemination page: each enabled
// channel with a tick for those the article goes to and the preview of
// exactly what it would post, then the article's deliveries.
type disseminationView struct {
	layout
	Article   *warta.StaffArticle
	Channels  []channelPreview
	Form      *form // the choice of channels, with its error
	CanChoose bool
	Live      bool
	Table     deliveryTable
}

// channelPreview is one channel's preview for the page.
type channelPreview struct {
	ID, Name, Kind string
	Checked        bool
	DryRunNote     string
	Error          string // why the channel cannot post this article
	Text           string
	Length, Limit  int
	Over           bool
	Image          string // a path the studio can show
	ImageURL       string // the absolute URL the channel receives
	Warnings       []string
}

// disseminationShow shows the article's dissemination page.
func (s *Studio) disseminationShow(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	return s.renderDissemination(w, r, u, r.PathValue("id"), nil, http.StatusOK)
}

// renderDissemination renders the page; f holds a failed choice to show
// again, nil for the stored one.
func (s *Studio) renderDissemination(w http.ResponseWriter, r *http.Request, u *warta.User, id string, f *form, status int) error {
	ctx := r.Context()
	eng, err := s.engine()
	if err != nil {
		return err
	}
	sa, err := s.nr.Get(ctx, u, id)
	if err != nil {
		return err
	}
	previews, err := eng.Preview(ctx, id)
	if err != nil {
		return err
	}
	ds, err := eng.Deliveries(ctx, dissemination.Filter{ArticleID: id, Limit: 200})
	if err != nil {
		return err
	}
	path := "/studio/artikel/" + id + "/diseminasi"
	v := disseminationView{layout: s.newLayout(r, "Diseminasi: "+sa.Title), Article: sa, Form: f,
		CanChoose: canDisseminate(u), Live: sa.Live(),
		Table: newDeliveryTable(ds, nil, u, path, false)}
	if v.Form == nil {
		v.Form = newForm(nil)
		for _, p := range previews {
			if p.Selected {
				v.Form.Values.Add("kanal", p.Channel.ID)
			}
		}
	}
	for _, p := range previews {
		cp := channelPreview{ID: p.Channel.ID, Name: p.Channel.Name, Kind: p.Channel.Kind, Checked: v.Form.Has("kanal", p.Channel.ID),
			DryRunNote: dryRunNote(p.Channel), Error: p.Error, Text: p.Rendering.Text, Length: p.Rendering.Length,
			Limit: p.Rendering.Limit, Over: p.Rendering.Limit > 0 && p.Rendering.Length > p.Rendering.Limit,
			ImageURL: p.Rendering.ImageURL, Warnings: p.Rendering.Warnings}
		if img := s.localURL(p.Rendering.ImageURL); strings.HasPrefix(img, "/") {
			cp.Image = img
		}
		v.Channels = append(v.Channels, cp)
	}
	s.render(w, r, status, "dissemination_article", &v)
	return nil
}
