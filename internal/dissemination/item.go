package dissemination

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// maxImageWidth is the widest lead-image variant sent to channels: wide
// enough for every feed, small enough to upload quickly.
const maxImageWidth = 1280

// CardPath is the public path of an article's 1080×1350 share card.
func CardPath(articleID string) string { return "/kartu/" + articleID + ".jpg" }

// item builds what a connector needs to deliver art to ch.
func (e *Engine) item(op Op, art *warta.Article, ch *Channel, version string, remote *Remote) *Item {
	it := &Item{
		Op:      op,
		Article: art,
		URL:     e.site.BaseURL + art.Path(),
		CardURL: e.site.BaseURL + CardPath(art.ID),
		Version: version,
		Remote:  remote,
		Site:    e.site,
	}
	// Instagram takes one image of its own proportions: the share card.
	// Others take the lead photo, or the card when a channel asks for it.
	if ch.Kind == "instagram" || ch.Setting("image", "") == "card" {
		it.ImageURL = it.CardURL
	} else {
		it.ImageURL = e.imageURL(art.LeadImage)
	}
	return it
}

// imageURL is the absolute URL of the largest variant of m at most
// maxImageWidth wide (the original when it is that small), or "".
func (e *Engine) imageURL(m *warta.Media) string {
	if m == nil || m.Key == "" || e.mediaURL == nil {
		return ""
	}
	best := -1 // width of the chosen file; 0 is the original
	bestW := 0
	if m.Width > 0 && m.Width <= maxImageWidth {
		best, bestW = 0, m.Width
	}
	for _, w := range m.Variants {
		if w > bestW && w <= maxImageWidth && (m.Width == 0 || w < m.Width) {
			best, bestW = w, w
		}
	}
	if best < 0 {
		// Nothing small enough: the smallest variant, else the original.
		best = 0
		if len(m.Variants) > 0 {
			best = slices.Min(m.Variants)
		}
	}
	u := e.mediaURL(m.Key, best)
	if strings.HasPrefix(u, "/") {
		u = e.site.BaseURL + u
	}
	return u
}

// ChannelPreview is one channel in the studio's dissemination panel: what
// it would post for the article and whether the article goes there.
type ChannelPreview struct {
	Channel   ChannelInfo
	Selected  bool      // the article goes to this channel when published
	Rendering Rendering // what it would post
	Error     string    // why it cannot render the article, in Indonesian
}

// Preview renders the article for every enabled channel, chosen or not,
// without sending anything: the studio shows each channel's text with its
// length, limit and warnings, and a tick for the chosen ones.
func (e *Engine) Preview(ctx context.Context, articleID string) ([]ChannelPreview, error) {
	art, err := e.db.ArticleByID(ctx, articleID)
	if err != nil {
		return nil, err
	}
	chosen, err := chosenChannels(ctx, e.q(), art.ID, art.AgencyID)
	if err != nil {
		return nil, fmt.Errorf("dissemination: preview %s: %w", articleID, err)
	}
	infos, err := e.Channels(ctx)
	if err != nil {
		return nil, err
	}
	var out []ChannelPreview
	for _, in := range infos {
		if !in.Enabled {
			continue
		}
		p := ChannelPreview{Channel: in, Selected: slices.Contains(chosen, in.ID)}
		conn, ok := e.reg[in.Kind]
		if !ok {
			p.Error = fmt.Sprintf("Jenis kanal %q tidak dikenal di server ini.", in.Kind)
			out = append(out, p)
			continue
		}
		ch := in.Channel
		ch.Secrets = map[string]string{}
		p.Rendering, err = conn.Render(&ch, e.item(OpCreate, art, &ch, Version(art), nil))
		var de *Error
		switch {
		case errors.As(err, &de):
			p.Error = de.Message
		case err != nil:
			p.Error = "Kanal ini tidak dapat menyusun pratinjau artikel ini."
		}
		out = append(out, p)
	}
	return out, nil
}
