// Command warta runs Warta: the election-information portal, newsroom,
// dissemination engine, hoax clinic, contests and open data of the East Java
// communications office and election bodies. This file only wires: every
// capability lives in its own package under internal/.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// command is one subcommand of warta.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"serve", "jalankan server web", runServe},
		{"migrate", "terapkan migrasi basis data", runMigrate},
		{"user", "kelola akun staf (add, list)", runUser},
		{"token", "kelola token API (create, list, revoke)", runToken},
		{"channel", "kelola kanal diseminasi (add, update, list, test, remove)", runChannel},
		{"demo", "isi basis data kosong dengan konten demo", runDemo},
		{"clinic", "alat klinik hoaks (import, eval)", runClinic},
		{"version", "tampilkan versi", runVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run dispatches to a subcommand and returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			err := c.run(ctx, args[1:], stdin, stdout, stderr)
			if errors.Is(err, flag.ErrHelp) {
				return 0
			} else if err != nil {
				fmt.Fprintf(stderr, "warta %s: %v\n", c.name, err)
				return 1
			}
			return 0
		}
	}
	fmt.Fprintf(stderr, "warta: perintah %q tidak dikenal\n\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Penggunaan: warta PERINTAH [opsi]\n\nPerintah:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nJalankan 'warta PERINTAH --help' untuk opsi tiap perintah.")
}

// newLogger builds the process logger from the configured level and format.
func newLogger(w io.Writer, level, format string) *slog.Logger {
	var l slog.Level
	l.UnmarshalText([]byte(level))
	opts := &slog.HandlerOptions{Level: l}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
