package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kominfo-jatim/warta/internal/app"
	"github.com/kominfo-jatim/warta/internal/auth"
	"github.com/kominfo-jatim/warta/internal/warta"
)

const tokenUsage = `Penggunaan:
  warta token create --email E --name N [--expires 90d|2026-12-31|never] [--scope read,write]
  warta token list [--email E]
  warta token revoke ID

Token API dipakai sistem lain dengan header "Authorization: Bearer <token>",
dengan hak akun pemiliknya, dipersempit oleh cakupannya (read: hanya membaca;
write: juga mengubah). Token hanya ditampilkan sekali saat dibuat; Warta
menyimpan sidik SHA-256-nya saja.`

func runToken(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(stdout, tokenUsage)
		if len(args) == 0 {
			return fmt.Errorf("sebutkan create, list atau revoke")
		}
		return flag.ErrHelp
	}
	switch args[0] {
	case "create":
		return tokenCreate(ctx, args[1:], stdout, stderr)
	case "list":
		return tokenList(ctx, args[1:], stdout, stderr)
	case "revoke":
		return tokenRevoke(ctx, args[1:], stdout, stderr)
	}
	return fmt.Errorf("subperintah %q tidak dikenal (create, list, revoke)", args[0])
}

// tokenFlagUsage gives a subcommand's --help its own first line before the flags.
func tokenFlagUsage(fs *flag.FlagSet, line string) {
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Penggunaan: %s\n\nOpsi:\n", line)
		fs.PrintDefaults()
	}
}

// tokenUserError shows a warta.Error's message alone, as the user needs it.
func tokenUserError(err error) error {
	if err != nil && warta.ErrorCode(err) != warta.EInternal {
		return fmt.Errorf("%s", warta.ErrorMessage(err))
	}
	return err
}

func tokenCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var email, name, expires, scopes string
	cfg, _, err := loadConfig("token create", args, stderr, func(fs *flag.FlagSet) {
		tokenFlagUsage(fs, "warta token create --email E --name N [--expires 90d|2026-12-31|never] [--scope read,write]")
		fs.StringVar(&email, "email", "", "email akun pemilik token")
		fs.StringVar(&name, "name", "", "nama token, mis. sistem yang memakainya")
		fs.StringVar(&expires, "expires", "90d", "masa berlaku: jumlah hari (90d), durasi (12h), tanggal terakhir (2026-12-31) atau never")
		fs.StringVar(&scopes, "scope", "read,write", "cakupan, dipisah koma: read, write")
	})
	if err != nil {
		return err
	}
	if email == "" || name == "" {
		return fmt.Errorf("--email dan --name wajib diisi")
	}
	now := cfg.Now()()
	until, err := parseExpiry(expires, now)
	if err != nil {
		return err
	}
	db, err := app.OpenDB(ctx, cfg, newLogger(stderr, cfg.LogLevel, cfg.LogFormat))
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.UserByEmail(ctx, email)
	if err != nil {
		return tokenUserError(err)
	}
	svc := auth.New(auth.Config{DB: db, Now: cfg.Now()})
	raw, t, err := svc.CreateToken(ctx, u.ID, name, until, strings.FieldsFunc(scopes, func(r rune) bool { return r == ',' || r == ' ' })...)
	if err != nil {
		return tokenUserError(err)
	}
	// Only the token goes to standard output, so TOKEN=$(warta token create …) works.
	fmt.Fprintf(stderr, "Token %s (%s) untuk %s dibuat, cakupan %s, %s.\nSalin sekarang: token ini tidak akan ditampilkan lagi.\n",
		t.ID, t.Name, u.Email, strings.Join(t.Scopes, " "), expiryText(t.ExpiresAt))
	fmt.Fprintln(stdout, raw)
	return nil
}

// parseExpiry reads --expires: "90d", a Go duration ("12h"), a last valid
// day in WIB ("2026-12-31", valid through that day), or "never".
func parseExpiry(s string, now time.Time) (time.Time, error) {
	bad := fmt.Errorf("--expires %q tidak dikenal: pakai jumlah hari (90d), durasi (12h), tanggal (2026-12-31) atau never", s)
	switch {
	case s == "never" || s == "":
		return time.Time{}, nil
	case strings.HasSuffix(s, "d"):
		n, err := strconv.Atoi(strings.TrimSuffix(s, "d"))
		if err != nil || n <= 0 {
			return time.Time{}, bad
		}
		return now.AddDate(0, 0, n), nil
	}
	if day, err := time.ParseInLocation("2006-01-02", s, warta.Jakarta); err == nil {
		return day.AddDate(0, 0, 1), nil
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return now.Add(d), nil
	}
	return time.Time{}, bad
}

func expiryText(t time.Time) string {
	if t.IsZero() {
		return "tidak kedaluwarsa"
	}
	return "berlaku sampai " + t.In(warta.Jakarta).Format("2006-01-02 15:04") + " WIB"
}

func tokenList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var email string
	cfg, _, err := loadConfig("token list", args, stderr, func(fs *flag.FlagSet) {
		tokenFlagUsage(fs, "warta token list [--email E]")
		fs.StringVar(&email, "email", "", "hanya token milik akun ini")
	})
	if err != nil {
		return err
	}
	db, err := app.OpenDB(ctx, cfg, newLogger(stderr, cfg.LogLevel, cfg.LogFormat))
	if err != nil {
		return err
	}
	defer db.Close()
	var userID string
	if email != "" {
		u, err := db.UserByEmail(ctx, email)
		if err != nil {
			return tokenUserError(err)
		}
		userID = u.ID
	}
	svc := auth.New(auth.Config{DB: db, Now: cfg.Now()})
	tokens, err := svc.ListTokens(ctx, userID)
	if err != nil {
		return tokenUserError(err)
	}
	if len(tokens) == 0 {
		fmt.Fprintln(stdout, "Belum ada token API.")
		return nil
	}
	now := cfg.Now()()
	day := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.In(warta.Jakarta).Format("2006-01-02 15:04")
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tAWALAN\tNAMA\tEMAIL\tCAKUPAN\tDIBUAT\tKEDALUWARSA\tTERAKHIR DIPAKAI\tSTATUS")
	for _, t := range tokens {
		status := "aktif"
		if !t.RevokedAt.IsZero() {
			status = "dicabut"
		} else if !t.Active(now) {
			status = "kedaluwarsa"
		}
		fmt.Fprintf(tw, "%s\t%s…\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Prefix, t.Name, t.UserEmail,
			strings.Join(t.Scopes, ","), day(t.CreatedAt), day(t.ExpiresAt), day(t.LastUsedAt), status)
	}
	return tw.Flush()
}

func tokenRevoke(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	// Take the ID first when it leads, so options may follow it.
	var id string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		id, args = args[0], args[1:]
	}
	cfg, fs, err := loadConfig("token revoke", args, stderr, func(fs *flag.FlagSet) {
		tokenFlagUsage(fs, "warta token revoke ID")
	})
	if err != nil {
		return err
	}
	if id == "" {
		id = fs.Arg(0)
	}
	if id == "" {
		return fmt.Errorf("sebutkan ID token yang dicabut (lihat warta token list)")
	}
	db, err := app.OpenDB(ctx, cfg, newLogger(stderr, cfg.LogLevel, cfg.LogFormat))
	if err != nil {
		return err
	}
	defer db.Close()
	svc := auth.New(auth.Config{DB: db, Now: cfg.Now()})
	if err := svc.RevokeToken(ctx, id); err != nil {
		return tokenUserError(err)
	}
	t, err := db.Token(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Token %s (%s, milik %s) dicabut; sistem yang memakainya tidak bisa masuk lagi.\n", t.ID, t.Name, t.UserEmail)
	return nil
}
