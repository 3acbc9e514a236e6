package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kominfo-jatim/warta/internal/store/storetest"
)

func TestClinicImportCommand(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			common := []string{"--data", dir}
			if d != "sqlite" {
				common = append(common, "--database-url", storetest.URL(t, d))
			}
			write := func(name, body string) string {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
					t.Fatal(err)
				}
				return p
			}
			run := func(file string) (string, error) {
				var out, errOut bytes.Buffer
				err := runClinic(ctx, append([]string{"import", "--factchecks", file}, common...), nil, &out, &errOut)
				return out.String(), err
			}
			good := write("arsip.csv", "id,title,category\n1,Video Banjir Bandang di Kota Batu Hari Ini,bencana\n2,Tautan Pendaftaran Petugas KPPS Berbayar,penipuan\n")
			if out, err := run(good); err != nil || out != "2 ditambahkan, 0 diperbarui\n" {
				t.Fatalf("first import: %q, %v", out, err)
			}
			if out, err := run(good); err != nil || out != "0 ditambahkan, 2 diperbarui\n" {
				t.Fatalf("second import: %q, %v", out, err)
			}
			bad := write("rusak.csv", "id,title\n3,Judul\n4,\n")
			_, err := run(bad)
			if err == nil || !strings.Contains(err.Error(), "Baris 3: kolom title kosong") {
				t.Fatalf("bad file: %v", err)
			}
			_, err = run(filepath.Join(dir, "tidak-ada.csv"))
			if err == nil {
				t.Fatal("a missing file imported")
			}
		})
	}
}
