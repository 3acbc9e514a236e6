package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/kominfo-jatim/warta/internal/app"
	"github.com/kominfo-jatim/warta/internal/warta"
)

func runUser(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(stdout, `Penggunaan:
  warta user add --email E --name N --role R [--agency SLUG] --password-stdin
  warta user list

Peran: admin, editor, contributor (wajib --agency), factchecker, judge.`)
		if len(args) == 0 {
			return fmt.Errorf("sebutkan add atau list")
		}
		return flag.ErrHelp
	}
	switch args[0] {
	case "add":
		return userAdd(ctx, args[1:], stdin, stdout, stderr)
	case "list":
		return userList(ctx, args[1:], stdout, stderr)
	}
	return fmt.Errorf("subperintah %q tidak dikenal (add, list)", args[0])
}

func userAdd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var email, name, role, agency string
	var fromStdin bool
	cfg, _, err := loadConfig("user add", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "alamat email (untuk masuk)")
		fs.StringVar(&name, "name", "", "nama lengkap")
		fs.StringVar(&role, "role", "", "admin, editor, contributor, factchecker atau judge")
		fs.StringVar(&agency, "agency", "", "slug instansi (wajib untuk contributor)")
		fs.BoolVar(&fromStdin, "password-stdin", false, "baca kata sandi dari masukan standar")
	})
	if err != nil {
		return err
	}
	if !fromStdin {
		return fmt.Errorf("kata sandi dibaca dari masukan standar: tambahkan --password-stdin (jangan tulis kata sandi di baris perintah)")
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return fmt.Errorf("baca kata sandi: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")
	db, err := app.OpenDB(ctx, cfg, newLogger(stderr, cfg.LogLevel, cfg.LogFormat))
	if err != nil {
		return err
	}
	defer db.Close()
	u := &warta.User{Email: email, Name: name, Role: warta.Role(role)}
	if agency != "" {
		ag, err := db.AgencyBySlug(ctx, agency)
		if err != nil {
			return fmt.Errorf("%s", warta.ErrorMessage(err))
		}
		u.AgencyID = ag.ID
	}
	if err := db.CreateUser(ctx, u, password); err != nil {
		if warta.ErrorCode(err) != warta.EInternal {
			return fmt.Errorf("%s", warta.ErrorMessage(err))
		}
		return err
	}
	fmt.Fprintf(stdout, "Akun %s (%s) dibuat.\n", u.Email, u.Role)
	return nil
}

func userList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, _, err := loadConfig("user list", args, stderr, nil)
	if err != nil {
		return err
	}
	db, err := app.OpenDB(ctx, cfg, newLogger(stderr, cfg.LogLevel, cfg.LogFormat))
	if err != nil {
		return err
	}
	defer db.Close()
	users, err := db.Users(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "EMAIL\tNAMA\tPERAN")
	for _, u := range users {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", u.Email, u.Name, u.Role)
	}
	return tw.Flush()
}
