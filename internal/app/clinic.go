package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/mail"
	"path/filepath"
	"time"

	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/clinicchat"
	"github.com/kominfo-jatim/warta/internal/config"
	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// Clinic screenshots live apart from /media/: they may show people's
// chats, so only checkers see them, through the studio.
const clinicMediaDir = "klinik"

// buildClinic makes the hoax clinic. It runs before the newsroom exists,
// because the newsroom's River client must know the clinic's jobs; the
// clinic reaches the newsroom through lazyNewsroom once it does.
func (a *App) buildClinic(ctx context.Context, cfg config.Config, log *slog.Logger) error {
	calendar, err := clinicCalendar(ctx, a)
	if err != nil {
		return err
	}
	replyHTTP := &http.Client{Timeout: 15 * time.Second}
	agency := cfg.ClinicAgency
	if agency == "" && cfg.Demo {
		agency = "diskominfo-jatim" // the demo's own office, where its Cek Fakta articles are
	}
	a.Clinic, err = clinic.New(clinic.Config{
		DB: a.DB, Media: media.New(filepath.Join(cfg.DataDir, clinicMediaDir)),
		Newsroom: lazyNewsroom{a}, Mailer: a.Mail,
		Repliers:  clinicchat.Repliers(a.channel("whatsapp"), a.channel("telegram"), replyHTTP),
		SecretKey: cfg.SecretKey, BaseURL: cfg.BaseURL, SiteName: cfg.SiteName,
		Labels: cfg.Labels(), AutoThreshold: cfg.ClinicAutoThreshold, SuggestThreshold: cfg.ClinicSuggestThreshold,
		Retention: cfg.ClinicRetention, Agency: agency, Calendar: calendar,
		Now: cfg.Now(), Logger: log.With("component", "clinic"),
	})
	if err != nil {
		return fmt.Errorf("app: %w", err)
	}
	return nil
}

// channel looks up a configured channel of a kind when a message needs it,
// so a channel added in the studio works without a restart.
func (a *App) channel(kind string) func(ctx context.Context) (*dissemination.Channel, error) {
	return func(ctx context.Context) (*dissemination.Channel, error) {
		return a.Dissemination.OpenChannelByKind(ctx, kind)
	}
}

// clinicCalendar weighs the campaign silence period (masa tenang) and
// voting day of every election: hoaxes then do the most harm.
func clinicCalendar(ctx context.Context, a *App) ([]clinic.Period, error) {
	elections, err := a.DB.Elections(ctx)
	if err != nil {
		return nil, fmt.Errorf("app: clinic calendar: %w", err)
	}
	return clinic.CalendarFromElections(elections), nil
}

// lazyNewsroom lets the clinic publish verdicts through the newsroom that
// is built after it.
type lazyNewsroom struct{ a *App }

func (l lazyNewsroom) Create(ctx context.Context, u *warta.User, art *warta.Article) error {
	return l.a.Newsroom.Create(ctx, u, art)
}

func (l lazyNewsroom) Publish(ctx context.Context, u *warta.User, id string) (*warta.StaffArticle, error) {
	return l.a.Newsroom.Publish(ctx, u, id)
}

// clinicOffice keeps reporters' data, as the clinic's consent names it.
const clinicOffice = "Dinas Komunikasi dan Informatika Provinsi Jawa Timur"

// privacyEmail is the address reporters write to about their data: the
// configured one, else the mail sender's address ("Warta Jatim
// <noreply@…>" gives "noreply@…"), which production should not rely on.
func privacyEmail(cfg config.Config) string {
	if cfg.ClinicPrivacyEmail != "" {
		return cfg.ClinicPrivacyEmail
	}
	from := cfg.SMTPFrom
	if addr, err := mail.ParseAddress(from); err == nil {
		return addr.Address
	}
	return from
}
