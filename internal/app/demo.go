package app

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"runtime/debug"

	"github.com/kominfo-jatim/warta/internal/demo"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// demoStaff are the accounts created with the demo content. Their passwords
// are generated on the spot and printed once, never stored in the repository.
var demoStaff = []struct {
	email, name string
	role        warta.Role
	agency      string
}{
	{"admin@warta.example", "Admin Diskominfo", warta.RoleAdmin, ""},
	{"redaktur@warta.example", "Redaktur Diskominfo", warta.RoleEditor, ""},
	{"kontributor@kpu-jatim.example", "Kontributor KPU Jatim", warta.RoleContributor, "kpu-jatim"},
	{"pemeriksa@warta.example", "Pemeriksa Fakta", warta.RoleFactChecker, ""},
	{"juri@warta.example", "Juri Lomba", warta.RoleJudge, ""},
}

// loadDemo fills an empty database with the demo set and prints the staff
// logins it created.
func (a *App) loadDemo(ctx context.Context) error {
	sum, err := demo.Load(ctx, a.DB, a.Media, a.cfg.Now()(), a.log)
	if err != nil {
		return fmt.Errorf("app: demo content: %w", err)
	}
	if sum == nil {
		a.log.Info("database already has content; demo not loaded")
		return nil
	}
	a.demoLoaded = true
	// Drawing the images allocates several hundred MB once; give it back so
	// the serving process stays small.
	defer debug.FreeOSMemory()
	fmt.Fprintf(os.Stdout, "\nKonten demo dimuat: %d artikel, %d instansi, %d gambar.\nAkun staf demo (kata sandi dibuat acak, simpan sekarang):\n",
		sum.Articles, sum.Agencies, sum.Images)
	for _, s := range demoStaff {
		u := &warta.User{Email: s.email, Name: s.name, Role: s.role}
		if s.agency != "" {
			ag, err := a.DB.AgencyBySlug(ctx, s.agency)
			if err != nil {
				return fmt.Errorf("app: demo staff: %w", err)
			}
			u.AgencyID = ag.ID
		}
		pw := randomPassword()
		if err := a.DB.CreateUser(ctx, u, pw); err != nil {
			return fmt.Errorf("app: demo staff %s: %w", s.email, err)
		}
		fmt.Fprintf(os.Stdout, "  %-12s %-32s %s\n", s.role, s.email, pw)
	}
	fmt.Fprintln(os.Stdout)
	return nil
}

// randomPassword returns 16 characters from an alphabet without look-alikes.
func randomPassword() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
