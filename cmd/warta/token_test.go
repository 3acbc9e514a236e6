package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"strings"
	"testing"

	"github.com/kominfo-jatim/warta/internal/app"
	"github.com/kominfo-jatim/warta/internal/config"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

func TestTokenCommand(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			cfg := config.Default()
			cfg.DataDir = t.TempDir()
			if d != "sqlite" {
				cfg.DatabaseURL = storetest.URL(t, d)
			}
			common := []string{"--data", cfg.DataDir}
			if cfg.DatabaseURL != "" {
				common = append(common, "--database-url", cfg.DatabaseURL)
			}
			db, err := app.OpenDB(ctx, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			u := &warta.User{Email: "sistem@kominfo.example", Name: "Sistem", Role: warta.RoleEditor}
			if err := db.CreateUser(ctx, u, "kata-sandi-yang-panjang"); err != nil {
				t.Fatal(err)
			}
			run := func(args ...string) (string, string, error) {
				var out, errOut bytes.Buffer
				err := runToken(ctx, append(args, common...), nil, &out, &errOut)
				return out.String(), errOut.String(), err
			}

			raw, info, err := run("create", "--email", u.Email, "--name", "Integrasi KPU", "--expires", "2030-12-31")
			if err != nil {
				t.Fatalf("create: %v\n%s", err, info)
			}
			raw = strings.TrimSpace(raw)
			if !strings.HasPrefix(raw, "warta_") || strings.Contains(raw, "\n") {
				t.Fatalf("create printed %q, want the token alone", raw)
			}
			if !strings.Contains(info, "tidak akan ditampilkan lagi") || !strings.Contains(info, "2031-01-01 00:00 WIB") {
				t.Errorf("create said %q", info)
			}
			list, _, err := run("list", "--email", u.Email)
			if err != nil || !strings.Contains(list, "Integrasi KPU") || !strings.Contains(list, "aktif") || strings.Contains(list, raw) {
				t.Fatalf("list (%v):\n%s", err, list)
			}
			id := strings.Fields(strings.Split(list, "\n")[1])[0]
			if out, _, err := run("revoke", id); err != nil || !strings.Contains(out, "dicabut") {
				t.Fatalf("revoke: %v %q", err, out)
			}
			if list, _, _ := run("list"); !strings.Contains(list, "dicabut") {
				t.Errorf("list after revoke:\n%s", list)
			}
			if _, _, err := run("revoke", "01HPTIDAKADA0000000000000"); err == nil || !strings.Contains(err.Error(), "tidak ditemukan") {
				t.Errorf("revoke unknown = %v", err)
			}
			if _, _, err := run("create", "--email", "siapa@kominfo.example", "--name", "X"); err == nil || !strings.Contains(err.Error(), "Tidak ada akun") {
				t.Errorf("create for an unknown email = %v", err)
			}
			if _, _, err := run("create", "--email", u.Email, "--name", "X", "--expires", "kapan-kapan"); err == nil || !strings.Contains(err.Error(), "--expires") {
				t.Errorf("bad --expires = %v", err)
			}
		})
	}
}

func TestTokenHelp(t *testing.T) {
	for _, sub := range []string{"create", "list", "revoke"} {
		var out, errOut bytes.Buffer
		err := runToken(context.Background(), []string{sub, "--help"}, nil, &out, &errOut)
		if !errors.Is(err, flag.ErrHelp) || !strings.Contains(errOut.String(), "Penggunaan: warta token "+sub) {
			t.Errorf("token %s --help = %v\n%s", sub, err, errOut.String())
		}
	}
	var out bytes.Buffer
	if err := runToken(context.Background(), []string{"--help"}, nil, &out, &out); !errors.Is(err, flag.ErrHelp) || !strings.Contains(out.String(), "warta token revoke ID") {
		t.Errorf("token --help = %v\n%s", err, out.String())
	}
}
