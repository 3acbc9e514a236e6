package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/kominfo-jatim/warta/internal/app"
	"github.com/kominfo-jatim/warta/internal/config"
	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/dissemination/connectors"
	"github.com/kominfo-jatim/warta/internal/mail"
	"github.com/kominfo-jatim/warta/internal/store"
)

const channelUsage = `Penggunaan:
  warta channel add JENIS --name NAMA [--set kunci=nilai …] [--secret kunci=nilai | --secret kunci …] [--default] [--disabled]
  warta channel update NAMA [--name BARU] [--set kunci=nilai …] [--secret kunci=nilai …] [--default=true|false] [--enabled=true|false]
  warta channel list
  warta channel test NAMA
  warta channel remove NAMA

Kanal adalah tujuan diseminasi: JENIS antara lain telegram, instagram, facebook,
x, mastodon, whatsapp, email, webhook, websub. --set menyimpan pengaturan biasa
(mis. chat_id, api_base, rate_per_minute, dry_run=1); --secret menyimpan
kredensial, terenkripsi dengan kunci rahasia server (WARTA_SECRET_KEY).
"--secret kunci" tanpa nilai membaca nilainya dari masukan standar, satu baris
per kunci, agar tidak tampak di daftar proses. Kredensial tidak pernah
ditampilkan. Kanal tanpa kredensial yang diperlukan berjalan kering: Warta
mencatat persis apa yang akan dikirim tanpa mengirimnya.`

func runChannel(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(stdout, channelUsage)
		if len(args) == 0 {
			return fmt.Errorf("sebutkan add, update, list, test atau remove")
		}
		return flag.ErrHelp
	}
	switch args[0] {
	case "add":
		return channelAdd(ctx, args[1:], stdin, stdout, stderr)
	case "update":
		return channelUpdate(ctx, args[1:], stdin, stdout, stderr)
	case "list":
		return channelList(ctx, args[1:], stdout, stderr)
	case "test":
		return channelTest(ctx, args[1:], stdout, stderr)
	case "remove":
		return channelRemove(ctx, args[1:], stdout, stderr)
	}
	return fmt.Errorf("subperintah %q tidak dikenal (add, update, list, test, remove)", args[0])
}

// pairs collects repeated key=value flags.
type pairs struct {
	m        map[string]string
	fromLine []string // keys given without a value, read from stdin
}

func (p *pairs) String() string { return "" }

func (p *pairs) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	k = strings.TrimSpace(k)
	if k == "" {
		return fmt.Errorf("tulis kunci=nilai")
	}
	if p.m == nil {
		p.m = map[string]string{}
	}
	if !ok {
		p.fromLine = append(p.fromLine, k)
		return nil
	}
	p.m[k] = v
	return nil
}

// readLines fills the keys given without values from stdin, a line each.
func (p *pairs) readLines(stdin io.Reader) error {
	if len(p.fromLine) == 0 {
		return nil
	}
	r := bufio.NewReader(stdin)
	for _, k := range p.fromLine {
		line, err := r.ReadString('\n')
		if err != nil && (err != io.EOF || line == "") {
			return fmt.Errorf("baca nilai %s dari masukan standar: %w", k, err)
		}
		p.m[k] = strings.TrimRight(line, "\r\n")
	}
	return nil
}

// optBool is a boolean flag that knows whether it was given.
type optBool struct {
	set, v bool
}

func (b *optBool) String() string   { return "" }
func (b *optBool) IsBoolFlag() bool { return true }
func (b *optBool) Set(s string) error {
	switch strings.ToLower(s) {
	case "true", "1", "ya":
		b.v = true
	case "false", "0", "tidak":
		b.v = false
	default:
		return fmt.Errorf("pakai true atau false")
	}
	b.set = true
	return nil
}

// channelFlags parses a subcommand's flags, taking a leading positional
// argument (the kind or the channel's name) before them as well as after.
func channelFlags(name, line string, args []string, stderr io.Writer, extra func(fs *flag.FlagSet)) (config.Config, string, error) {
	var first string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		first, args = args[0], args[1:]
	}
	cfg, fs, err := loadConfig("channel "+name, args, stderr, func(fs *flag.FlagSet) {
		tokenFlagUsage(fs, line)
		if extra != nil {
			extra(fs)
		}
	})
	if err != nil {
		return cfg, "", err
	}
	if first == "" && fs.NArg() > 0 {
		first = fs.Arg(0)
	}
	return cfg, first, nil
}

// channelRegistry is the connectors the command knows: the server's own
// (app.BuildChannels); tests replace it to add the uji kind.
var channelRegistry = func(db *store.DB, cfg config.Config) dissemination.Registry {
	mailer, err := mail.New(mail.Config{Host: cfg.SMTPHost, Username: cfg.SMTPUsername, Password: cfg.SMTPPassword, From: cfg.SMTPFrom}, db)
	if err != nil {
		return connectors.Registry()
	}
	chs, err := app.BuildChannels(context.Background(), cfg, db, mailer, slog.New(slog.DiscardHandler))
	if err != nil {
		return connectors.Registry()
	}
	chs.Close()
	return chs.Registry
}

// openEngine opens the database and an engine for managing channels; it
// does not start delivering.
func openEngine(ctx context.Context, cfg config.Config) (*dissemination.Engine, *store.DB, error) {
	if cfg.SecretKey == "" {
		// A demo node keeps its own key in the data directory; seal with
		// it so that the demo server can open what is stored here.
		if key, ok := app.DemoSecretKey(cfg.DataDir); ok {
			cfg.SecretKey = key
		}
	}
	db, err := app.OpenDB(ctx, cfg, nil)
	if err != nil {
		return nil, nil, err
	}
	eng, err := dissemination.New(dissemination.Config{DB: db, Registry: channelRegistry(db, cfg), SecretKey: cfg.SecretKey,
		Site: dissemination.Site{Name: cfg.SiteName, BaseURL: cfg.BaseURL}, Logger: slog.New(slog.DiscardHandler), Now: cfg.Now()})
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return eng, db, nil
}

func channelAdd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var name string
	var settings, secrets pairs
	var def, disabled bool
	cfg, kind, err := channelFlags("add", "warta channel add JENIS --name NAMA [--set kunci=nilai …] [--secret kunci=nilai …] [--default]",
		args, stderr, func(fs *flag.FlagSet) {
			fs.StringVar(&name, "name", "", "nama kanal, mis. telegram-kominfo")
			fs.Var(&settings, "set", "pengaturan kunci=nilai (boleh berulang)")
			fs.Var(&secrets, "secret", "kredensial kunci=nilai, atau kunci saja untuk membaca nilainya dari masukan standar (boleh berulang)")
			fs.BoolVar(&def, "default", false, "setiap artikel baru dikirim ke kanal ini kecuali redaktur membatalkannya")
			fs.BoolVar(&disabled, "disabled", false, "simpan kanal dalam keadaan nonaktif")
		})
	if err != nil {
		return err
	}
	if kind == "" || name == "" {
		return fmt.Errorf("sebutkan JENIS dan --name")
	}
	if err := secrets.readLines(stdin); err != nil {
		return err
	}
	eng, db, err := openEngine(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	ch := &dissemination.Channel{Kind: kind, Name: name, Settings: settings.m, Secrets: secrets.m, Enabled: !disabled, Default: def}
	if err := eng.AddChannel(ctx, ch); err != nil {
		return tokenUserError(err)
	}
	info, err := eng.Channel(ctx, ch.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Kanal %s (%s) ditambahkan, ID %s.\n", info.Name, info.Kind, info.ID)
	describeMode(stdout, info)
	return nil
}

func channelUpdate(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var rename string
	var settings, secrets pairs
	var def, enabled optBool
	cfg, name, err := channelFlags("update", "warta channel update NAMA [--name BARU] [--set kunci=nilai …] [--secret kunci=nilai …] [--default=true|false] [--enabled=true|false]",
		args, stderr, func(fs *flag.FlagSet) {
			fs.StringVar(&rename, "name", "", "nama baru")
			fs.Var(&settings, "set", "pengaturan kunci=nilai; nilai kosong menghapusnya (boleh berulang)")
			fs.Var(&secrets, "secret", "kredensial kunci=nilai; nilai kosong menghapusnya (boleh berulang)")
			fs.Var(&def, "default", "kanal bawaan untuk artikel baru")
			fs.Var(&enabled, "enabled", "kanal aktif")
		})
	if err != nil {
		return err
	}
	if name == "" {
		return fmt.Errorf("sebutkan NAMA kanal")
	}
	if err := secrets.readLines(stdin); err != nil {
		return err
	}
	eng, db, err := openEngine(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	info, err := eng.Channel(ctx, name)
	if err != nil {
		return tokenUserError(err)
	}
	ch := info.Channel
	if rename != "" {
		ch.Name = rename
	}
	for k, v := range settings.m {
		if v == "" {
			delete(ch.Settings, k)
		} else {
			ch.Settings[k] = v
		}
	}
	ch.Secrets = secrets.m
	if def.set {
		ch.Default = def.v
	}
	if enabled.set {
		ch.Enabled = enabled.v
	}
	if err := eng.UpdateChannel(ctx, &ch); err != nil {
		return tokenUserError(err)
	}
	if info, err = eng.Channel(ctx, ch.ID); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Kanal %s diperbarui.\n", info.Name)
	describeMode(stdout, info)
	return nil
}

// describeMode tells the admin whether the channel sends or runs dry.
func describeMode(w io.Writer, info *dissemination.ChannelInfo) {
	switch {
	case !info.Enabled:
		fmt.Fprintln(w, "Kanal nonaktif: tidak ada yang dikirim ke sana.")
	case info.DryRun && len(info.Missing) > 0:
		fmt.Fprintf(w, "Kanal berjalan kering (hanya mencatat apa yang akan dikirim) sampai %s diisi.\n", strings.Join(info.Missing, ", "))
	case info.DryRun:
		fmt.Fprintln(w, "Kanal berjalan kering karena dry_run: hanya mencatat apa yang akan dikirim.")
	default:
		fmt.Fprintln(w, "Periksa kredensialnya dengan: warta channel test "+info.Name)
	}
}

func channelList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, _, err := channelFlags("list", "warta channel list", args, stderr, nil)
	if err != nil {
		return err
	}
	eng, db, err := openEngine(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	list, err := eng.Channels(ctx)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintf(stdout, "Belum ada kanal. Tambahkan dengan: warta channel add JENIS --name NAMA … (jenis yang dikenal: %s)\n",
			strings.Join(eng.Kinds(), ", "))
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAMA\tJENIS\tBAWAAN\tMODE\tPENGATURAN\tKREDENSIAL")
	for _, c := range list {
		mode := "kirim"
		switch {
		case !c.Enabled:
			mode = "nonaktif"
		case c.DryRun:
			mode = "uji kering"
		}
		var set []string
		for _, k := range slices.Sorted(maps.Keys(c.Settings)) {
			set = append(set, k+"="+c.Settings[k])
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", c.Name, c.Kind, yaTidak(c.Default), mode, orDash(strings.Join(set, " ")),
			orDash(strings.Join(c.SecretKeys, ", ")))
	}
	return tw.Flush()
}

func yaTidak(b bool) string {
	if b {
		return "ya"
	}
	return "tidak"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func channelTest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return onNamedChannel(ctx, "test", args, stderr, func(eng *dissemination.Engine, name string) error {
		if err := eng.TestChannel(ctx, name); err != nil {
			return channelError(err)
		}
		fmt.Fprintf(stdout, "Kanal %s siap: kredensial dan pengaturannya diterima.\n", name)
		return nil
	})
}

func channelRemove(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return onNamedChannel(ctx, "remove", args, stderr, func(eng *dissemination.Engine, name string) error {
		if err := eng.RemoveChannel(ctx, name); err != nil {
			return tokenUserError(err)
		}
		fmt.Fprintf(stdout, "Kanal %s dihapus; kredensialnya ikut dihapus, riwayat pengirimannya tetap.\n", name)
		return nil
	})
}

// onNamedChannel parses "warta channel VERB NAMA", opens the engine and
// runs fn on the named channel.
func onNamedChannel(ctx context.Context, verb string, args []string, stderr io.Writer, fn func(*dissemination.Engine, string) error) error {
	cfg, name, err := channelFlags(verb, "warta channel "+verb+" NAMA", args, stderr, nil)
	if err != nil {
		return err
	}
	if name == "" {
		return fmt.Errorf("sebutkan NAMA kanal")
	}
	eng, db, err := openEngine(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(eng, name)
}

// channelError shows a connector's message for the admin. Its cause is
// left out: it may quote a URL with a token in it (Telegram's).
func channelError(err error) error {
	var de *dissemination.Error
	if errors.As(err, &de) {
		return fmt.Errorf("%s", de.Message)
	}
	return tokenUserError(err)
}
