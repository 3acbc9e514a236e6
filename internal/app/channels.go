package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/kominfo-jatim/warta/internal/clinicchat"
	"github.com/kominfo-jatim/warta/internal/config"
	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/dissemination/activitypub"
	"github.com/kominfo-jatim/warta/internal/dissemination/connectors"
	"github.com/kominfo-jatim/warta/internal/dissemination/newsletter"
	"github.com/kominfo-jatim/warta/internal/dissemination/websub"
	"github.com/kominfo-jatim/warta/internal/dissemination/whatsapp"
	"github.com/kominfo-jatim/warta/internal/mail"
	"github.com/kominfo-jatim/warta/internal/secretbox"
	"github.com/kominfo-jatim/warta/internal/store"
)

// Channels are the node's own services that are also dissemination
// channels: the fediverse actor and the newsletter.
type Channels struct {
	Actor      *activitypub.Actor
	Newsletter *newsletter.Service
	Registry   dissemination.Registry
}

// Close waits for the actor's outgoing Accepts.
func (c *Channels) Close() {
	if c != nil && c.Actor != nil {
		c.Actor.Close()
	}
}

// BuildChannels makes every connector the node delivers through: those
// needing only their channel's settings, plus the ones built on the node's
// storage, mail and identity. The server and `warta channel` share it, so
// both know the same kinds.
func BuildChannels(ctx context.Context, cfg config.Config, db *store.DB, mailer mail.Sender, log *slog.Logger) (*Channels, error) {
	apCfg := activitypub.Config{DB: db, BaseURL: cfg.BaseURL, Name: cfg.SiteName,
		Summary: "Berita dan informasi resmi pemilu dari " + cfg.SiteName + ".", Logger: log.With("component", "activitypub"), Now: cfg.Now()}
	if cfg.SecretKey != "" {
		box := secretbox.New(cfg.SecretKey, "activitypub actor key")
		apCfg.Seal = func(p []byte) (string, error) { return box.Seal(p, "activitypub/main") }
		apCfg.Open = func(s string) ([]byte, error) { return box.Open(s, "activitypub/main") }
	}
	actor, err := activitypub.New(ctx, apCfg)
	if err != nil {
		return nil, fmt.Errorf("app: activitypub: %w", err)
	}
	nl, err := newsletter.New(newsletter.Config{DB: db, Mail: mailer, BaseURL: cfg.BaseURL, SiteName: cfg.SiteName, Now: cfg.Now(), Logger: log})
	if err != nil {
		actor.Close()
		return nil, fmt.Errorf("app: newsletter: %w", err)
	}
	reg := connectors.Registry(actor, nl.Connector(), whatsapp.New(db), websub.New(cfg.BaseURL))
	return &Channels{Actor: actor, Newsletter: nl, Registry: reg}, nil
}

// mountChannels adds the public doors of the channels: the fediverse actor,
// the newsletter pages, the WhatsApp webhook and the share cards.
func (a *App) mountChannels(cfg config.Config, log *slog.Logger) {
	a.Channels.Actor.Routes(a.server.Mux)
	a.Channels.Newsletter.Routes(a.server.Mux)
	a.ClinicChat = clinicchat.New(clinicchat.Config{
		Clinic: a.Clinic, Telegram: a.channel("telegram"), HTTP: &http.Client{Timeout: 15 * time.Second},
		SiteName: cfg.SiteName, PrivacyURL: cfg.BaseURL + "/klinik", Retention: cfg.ClinicRetention,
		Now: cfg.Now(), Logger: log.With("component", "clinicchat"),
	})
	wa := whatsapp.NewHandler(whatsapp.HandlerConfig{
		DB: a.DB, SiteName: cfg.SiteName, Now: cfg.Now(), Logger: log,
		HTTP:    &http.Client{Timeout: 15 * time.Second},
		Channel: a.channel("whatsapp"),
		Inbound: a.ClinicChat.WhatsApp,
	})
	a.server.Mux.Handle("GET /webhooks/whatsapp", wa)
	a.server.Mux.Handle("POST /webhooks/whatsapp", wa)
	a.server.Mux.HandleFunc("POST /webhooks/telegram", a.ClinicChat.ServeTelegram)
}

// crossOriginBypass lists the routes other servers post to; they prove
// themselves by signature or token.
var crossOriginBypass = []string{"POST /ap/inbox", "POST /webhooks/whatsapp", "POST /webhooks/telegram", newsletter.UnsubscribePattern}
