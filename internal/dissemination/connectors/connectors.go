// Package connectors lists the channel kinds the warta binary delivers
// to: the one place where a connector is added, for both the server and
// the warta channel command.
package connectors

import (
	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/dissemination/facebook"
	"github.com/kominfo-jatim/warta/internal/dissemination/instagram"
	"github.com/kominfo-jatim/warta/internal/dissemination/mastodon"
	"github.com/kominfo-jatim/warta/internal/dissemination/telegram"
	"github.com/kominfo-jatim/warta/internal/dissemination/webhook"
	"github.com/kominfo-jatim/warta/internal/dissemination/x"
)

// testOnly are connectors compiled in by build tags for tests (uji.go).
var testOnly []func() dissemination.Connector

// Registry returns a registry of every connector that needs nothing but
// its channel's settings, plus extra: those built from the node's own
// services (the ActivityPub actor, the newsletter, WhatsApp's subscribers,
// WebSub's base URL), which the caller makes.
func Registry(extra ...dissemination.Connector) dissemination.Registry {
	r := dissemination.Registry{}
	r.Register(telegram.New(), facebook.New(), instagram.New(), x.New(), mastodon.New(), webhook.New())
	for _, c := range testOnly {
		r.Register(c())
	}
	r.Register(extra...)
	return r
}
