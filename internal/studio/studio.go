// Package studio is the staff web UI under /studio: the newsroom's review
// queue, the article editor with its preview, the media library, headline
// ordering, and the administrators' pages for accounts, agencies, the audit
// log and the local mail outbox, the contest pages for editors (lomba) and
// judges (penjurian), and the hoax clinic's queue and claim pages for
// fact-checkers (klinik). It also holds the sign-in, sign-out, password reset
// and two-factor enrolment pages.
//
// Pages are rendered on the server from templates embedded in the binary and
// parsed once, in Bahasa Indonesia. Every form is a plain HTML form that
// works without JavaScript; every change is a POST, so the server's
// cross-origin protection covers it. A small script adds a live preview and
// a warning before unsaved edits are lost. The studio decides nothing about
// permissions itself: the newsroom service does, and the studio shows its
// answer (a 403 page, or the message beside the field at fault).
package studio

import (
	"github.com/kominfo-jatim/warta/internal/assets"

	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/auth"
	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/mail"
	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/newsroom"
	"github.com/kominfo-jatim/warta/internal/store"
)

// Config is what the studio needs from the server that mounts it.
type Config struct {
	Newsroom *newsroom.Service
	Auth     *auth.Service
	DB       *store.DB
	Media    *media.Library
	Outbox   *mail.Outbox // nil when mail goes out through SMTP
	Logger   *slog.Logger
	Now      func() time.Time // the clock; time.Now when nil
	SiteName string           // "Warta Jatim"
	BaseURL  string           // the public site, for links to live articles
	// Dissemination is the delivery engine behind the channel pages and
	// each article's dissemination panel; nil when the node has none, and
	// those pages then say so.
	Dissemination *dissemination.Engine
	// Contests runs the content competitions behind the contest pages
	// (/studio/lomba for editors and admins, /studio/penjurian for
	// judges); nil when the node has none, and those pages then say so.
	Contests *contest.Service
	// Clinic is the hoax clinic behind the fact-checkers' pages
	// (/studio/klinik for admins, editors and fact-checkers); nil when the
	// node has none, and those pages then say so.
	Clinic *clinic.Service
}

// Studio serves the staff pages.
type Studio struct {
	nr       *newsroom.Service
	auth     *auth.Service
	db       *store.DB
	media    *media.Library
	outbox   *mail.Outbox
	dissem   *dissemination.Engine
	contests *contest.Service
	clinic   *clinic.Service
	log      *slog.Logger
	now      func() time.Time
	siteName string
	baseURL  string

	pages  map[string]*template.Template
	assets *assets.Set
}

// New checks the configuration and parses the embedded templates once.
func New(cfg Config) (*Studio, error) {
	switch {
	case cfg.Newsroom == nil:
		return nil, errors.New("studio: no newsroom service")
	case cfg.Auth == nil:
		return nil, errors.New("studio: no auth service")
	case cfg.DB == nil:
		return nil, errors.New("studio: no database")
	case cfg.Media == nil:
		return nil, errors.New("studio: no media library")
	}
	s := &Studio{
		nr: cfg.Newsroom, auth: cfg.Auth, db: cfg.DB, media: cfg.Media, outbox: cfg.Outbox, dissem: cfg.Dissemination,
		log: cfg.Logger, now: cfg.Now, siteName: cfg.SiteName, baseURL: strings.TrimRight(cfg.BaseURL, "/"), contests: cfg.Contests,
		clinic: cfg.Clinic,
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.siteName == "" {
		s.siteName = "Warta Jatim"
	}
	var err error
	if s.assets, err = assets.Load(staticFS, "static", "/studio/static/"); err != nil {
		return nil, fmt.Errorf("studio: %w", err)
	}
	if s.pages, err = parseTemplates(s.funcs()); err != nil {
		return nil, fmt.Errorf("studio: %w", err)
	}
	if err = s.parseDisseminationPages(); err != nil {
		return nil, fmt.Errorf("studio: %w", err)
	}
	if err = s.parseContestPages(); err != nil {
		return nil, fmt.Errorf("studio: %w", err)
	}
	if err = s.parseClinicPages(); err != nil {
		return nil, fmt.Errorf("studio: %w", err)
	}
	return s, nil
}
