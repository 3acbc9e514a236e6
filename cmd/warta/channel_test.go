package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kominfo-jatim/warta/internal/config"
	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/dissemination/uji"
	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
)

// TestChannelCommand adds, lists, tests, updates and removes a channel the
// way an administrator would, and never sees its token printed.
func TestChannelCommand(t *testing.T) {
	real := channelRegistry
	t.Cleanup(func() { channelRegistry = real })
	channelRegistry = func(*store.DB, config.Config) dissemination.Registry {
		r := dissemination.Registry{}
		r.Register(uji.New())
		return r
	}
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			server := uji.NewServer("token-rahasia-panjang")
			srv := httptest.NewServer(server)
			defer srv.Close()
			common := []string{"--data", t.TempDir(), "--secret-key", "kunci-server"}
			if d != "sqlite" {
				common = append(common, "--database-url", storetest.URL(t, d))
			}
			run := func(stdin string, args ...string) (string, error) {
				var out, errOut bytes.Buffer
				err := runChannel(ctx, append(args, common...), strings.NewReader(stdin), &out, &errOut)
				return out.String() + errOut.String(), err
			}
			out, err := run("token-rahasia-panjang\n", "add", "uji", "--name", "uji-kominfo", "--set", "api_base="+srv.URL,
				"--set", "rate_per_minute=30", "--secret", "token", "--default")
			if err != nil || !strings.Contains(out, "ditambahkan") {
				t.Fatalf("add: %v\n%s", err, out)
			}
			out, err = run("", "add", "uji", "--name", "uji-kering", "--set", "api_base="+srv.URL)
			if err != nil || !strings.Contains(out, "berjalan kering") || !strings.Contains(out, "token") {
				t.Fatalf("add without a token: %v\n%s", err, out)
			}
			list, err := run("", "list")
			if err != nil || !strings.Contains(list, "uji-kominfo") || !strings.Contains(list, "rate_per_minute=30") ||
				!strings.Contains(list, "uji kering") || strings.Contains(list, "token-rahasia-panjang") {
				t.Fatalf("list: %v\n%s", err, list)
			}
			if out, err := run("", "test", "uji-kominfo"); err != nil || !strings.Contains(out, "siap") {
				t.Errorf("test: %v\n%s", err, out)
			}
			if _, err := run("", "test", "uji-kering"); err == nil || !strings.Contains(err.Error(), "berjalan kering") {
				t.Errorf("test of a dry channel: %v", err)
			}
			if _, err := run("", "update", "uji-kominfo", "--secret", "token=salah-sekali"); err != nil {
				t.Fatal(err)
			}
			if _, err := run("", "test", "uji-kominfo"); err == nil || !strings.Contains(err.Error(), "ditolak") || strings.Contains(err.Error(), "salah-sekali") {
				t.Errorf("test with a refused token: %v", err)
			}
			if _, err := run("", "add", "merpati", "--name", "pos"); err == nil || !strings.Contains(err.Error(), "tidak dikenal") {
				t.Errorf("unknown kind: %v", err)
			}
			if _, err := run("", "add", "uji", "--name", "uji-kominfo", "--set", "api_base=x"); err == nil || !strings.Contains(err.Error(), "sudah dipakai") {
				t.Errorf("same name: %v", err)
			}
			if out, err := run("", "remove", "uji-kering"); err != nil || !strings.Contains(out, "dihapus") {
				t.Errorf("remove: %v\n%s", err, out)
			}
			if list, _ := run("", "list"); strings.Contains(list, "uji-kering") {
				t.Errorf("listed after removal:\n%s", list)
			}
		})
	}
}

// A demo node keeps its secret key in the data directory; the channel
// command seals credentials with it, so that the demo server can use them,
// and without it refuses to store them in the clear.
func TestChannelCommandUsesTheDemoKey(t *testing.T) {
	real := channelRegistry
	t.Cleanup(func() { channelRegistry = real })
	channelRegistry = func(*store.DB, config.Config) dissemination.Registry {
		r := dissemination.Registry{}
		r.Register(uji.New())
		return r
	}
	ctx := context.Background()
	server := uji.NewServer("token-rahasia-panjang")
	srv := httptest.NewServer(server)
	defer srv.Close()
	dir := t.TempDir()
	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := runChannel(ctx, append(args, "--data", dir), strings.NewReader(""), &out, &out)
		return out.String(), err
	}
	if _, err := run("add", "uji", "--name", "uji-demo", "--set", "api_base="+srv.URL, "--secret", "token=token-rahasia-panjang"); err == nil || !strings.Contains(err.Error(), "WARTA_SECRET_KEY") {
		t.Fatalf("without any key: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "demo-secret-key"), []byte(strings.Repeat("d3m0", 16)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := run("add", "uji", "--name", "uji-demo", "--set", "api_base="+srv.URL, "--secret", "token=token-rahasia-panjang"); err != nil {
		t.Fatalf("with the demo key: %v\n%s", err, out)
	}
	if out, err := run("test", "uji-demo"); err != nil || !strings.Contains(out, "siap") {
		t.Fatalf("test with the demo key: %v\n%s", err, out)
	}
}
