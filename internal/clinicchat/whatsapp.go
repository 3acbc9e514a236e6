package clinicchat

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/dissemination/whatsapp"
)

// WhatsApp takes in one message sent to the WhatsApp business number as a
// report and returns the answer to send back (the person just wrote, so
// free text is allowed). It is whatsapp.HandlerConfig.Inbound: the webhook
// has verified the signature and handles each message id once; an error
// makes Meta deliver the message again, and the report's ExternalID (the
// wamid) keeps a second delivery from being stored twice.
func (c *Chat) WhatsApp(ctx context.Context, wa *whatsapp.Client, m whatsapp.InboundMessage) (string, error) {
	sub := clinic.Submission{
		Channel:     clinic.ChannelWhatsApp,
		ExternalID:  m.ID,
		Text:        strings.TrimSpace(m.Text),
		Contact:     &clinic.ContactInput{Kind: clinic.ChannelWhatsApp, Address: m.From},
		Consent:     true,
		ConsentText: c.consent(clinic.ChannelWhatsApp),
		ReceivedAt:  m.Timestamp,
	}
	switch {
	case m.Type == "reaction" || m.Type == "system":
		return "", nil
	case m.Type == "request_welcome":
		return c.welcome(clinic.ChannelWhatsApp), nil
	case m.MediaID != "" && (m.Type == "image" || m.Type == "document" && strings.HasPrefix(m.MimeType, "image/")):
		img, _, err := wa.Media(ctx, m.MediaID, c.cfg.MaxImage)
		switch {
		case errors.Is(err, whatsapp.ErrMediaTooLarge):
			return c.tooLargeReply(), nil
		case err != nil && retryable(err):
			return "", fmt.Errorf("clinicchat: whatsapp media %s: %w", m.MediaID, err)
		case err != nil:
			c.cfg.Logger.Warn("clinicchat: whatsapp media", "id", m.ID, "err", err)
			return mediaFailedReply, nil
		}
		sub.Image = img
	case m.MediaID != "" || m.Type != "text" && m.Type != "button" && m.Type != "interactive":
		return unsupportedReply, nil
	default:
		if reply, ok := c.smallTalk(clinic.ChannelWhatsApp, sub.Text); ok {
			return reply, nil
		}
	}
	sub.URL = firstURL(sub.Text)
	return c.submit(ctx, sub)
}
