package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/kominfo-jatim/warta/internal/app"
	"github.com/kominfo-jatim/warta/internal/config"
)

// loadConfig parses the common settings for a subcommand.
func loadConfig(name string, args []string, stderr io.Writer, extra func(fs *flag.FlagSet)) (config.Config, *flag.FlagSet, error) {
	cfg := config.Default()
	fs := flag.NewFlagSet("warta "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.Register(fs)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return cfg, fs, err
	}
	return cfg, fs, cfg.Load(fs, os.Getenv)
}

func runServe(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	cfg, _, err := loadConfig("serve", args, stderr, nil)
	if err != nil {
		return err
	}
	log := newLogger(stderr, cfg.LogLevel, cfg.LogFormat)
	tuneGC()
	a, err := app.New(ctx, cfg, log)
	if err != nil {
		return err
	}
	if err := a.Start(ctx); err != nil {
		a.Close()
		return err
	}
	fmt.Fprintf(stdout, "Warta berjalan di %s (Ctrl-C untuk berhenti)\n", a.URL())
	<-ctx.Done()
	log.Info("berhenti dengan rapi")
	return a.Close()
}

// tuneGC trades memory the server has to spare for fewer collections: a
// cached page costs a few kilobytes of garbage per request, and collecting
// it at the default pace showed up in profiles. A soft memory limit keeps
// the process well under the 150 MB budget. GOGC or GOMEMLIMIT in the
// environment win.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(120 << 20)
	}
}

func runMigrate(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	cfg, _, err := loadConfig("migrate", args, stderr, nil)
	if err != nil {
		return err
	}
	db, err := app.OpenDB(ctx, cfg, newLogger(stderr, cfg.LogLevel, cfg.LogFormat))
	if err != nil {
		return err
	}
	defer db.Close()
	versions, err := db.AppliedMigrations(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Basis data %s mutakhir: %d migrasi diterapkan (terakhir %s).\n", db.Dialect(), len(versions), versions[len(versions)-1])
	return nil
}

func runDemo(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	cfg, _, err := loadConfig("demo", args, stderr, nil)
	if err != nil {
		return err
	}
	cfg.Demo = true
	cfg.Addr = "127.0.0.1:0"
	a, err := app.New(ctx, cfg, newLogger(stderr, cfg.LogLevel, cfg.LogFormat))
	if err != nil {
		return err
	}
	return a.Close()
}
