package config

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func load(t *testing.T, args []string, env map[string]string) (Config, error) {
	t.Helper()
	c := Default()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	c.Register(fs)
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	err := c.Load(fs, func(k string) string { return env[k] })
	return c, err
}

func TestPrecedenceFlagEnvFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "warta.conf")
	os.WriteFile(file, []byte("# contoh\naddr = 0.0.0.0:9000\nsite_name = \"Warta Berkas\"\ndata = /srv/berkas\n"), 0o600)
	c, err := load(t, []string{"-config", file, "-data", "/srv/flag", "-demo"},
		map[string]string{"WARTA_DATA": "/srv/env", "WARTA_SITE_NAME": "Warta Env"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "0.0.0.0:9000" || c.SiteName != "Warta Env" || c.DataDir != "/srv/flag" || !c.Demo {
		t.Fatalf("got %+v", c)
	}
	if c.DatabaseTarget() != filepath.Join("/srv/flag", "warta.db") {
		t.Fatalf("sqlite target = %s", c.DatabaseTarget())
	}
}

func TestDefaultsAndErrors(t *testing.T) {
	c, err := load(t, nil, nil)
	if err != nil || c.DataDir != "warta-data" {
		t.Fatalf("defaults: %+v %v", c, err)
	}
	c, err = load(t, nil, map[string]string{"WARTA_DATABASE_URL": "postgres://u@h/db"})
	if err != nil || c.DatabaseTarget() != "postgres://u@h/db" {
		t.Fatalf("postgres url: %v %v", c.DatabaseTarget(), err)
	}
	if _, err := load(t, nil, map[string]string{"WARTA_DATABASE_URL": "mysql://x"}); err == nil || !strings.Contains(err.Error(), "postgres://") {
		t.Fatalf("bad url accepted: %v", err)
	}
	if _, err := load(t, []string{"-cache-mb", "banyak"}, nil); err == nil {
		t.Fatal("bad number accepted")
	}
	file := filepath.Join(t.TempDir(), "x.conf")
	os.WriteFile(file, []byte("warna = merah\n"), 0o600)
	if _, err := load(t, []string{"-config", file}, nil); err == nil || !strings.Contains(err.Error(), "baris 1") {
		t.Fatalf("unknown key: %v", err)
	}
}

func TestClinicSettings(t *testing.T) {
	c, err := load(t, []string{"-clinic-auto-threshold", "0,9"},
		map[string]string{"WARTA_CLINIC_RETENTION": "720h", "WARTA_CLINIC_LABELS": " hoaks, Salah ,,FAKTA"})
	if err != nil {
		t.Fatal(err)
	}
	if c.ClinicAutoThreshold != 0.9 || c.ClinicSuggestThreshold != 0.5 || c.ClinicRetention.Hours() != 720 {
		t.Fatalf("got %+v", c)
	}
	if got := strings.Join(c.Labels(), "|"); got != "HOAKS|SALAH|FAKTA" {
		t.Fatalf("labels = %s", got)
	}
	for _, args := range [][]string{
		{"-clinic-suggest-threshold", "0.95"},
		{"-clinic-auto-threshold", "1.5"},
		{"-clinic-retention", "1h"},
		{"-clinic-labels", " , "},
		{"-clinic-auto-threshold", "tinggi"},
		{"-trusted-proxies", "10.0.0.0/8, proksi-depan"},
	} {
		if _, err := load(t, args, nil); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}
