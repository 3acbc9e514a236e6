// Package config reads Warta's settings from, in rising precedence, the
// embedded defaults, an optional file, the environment (WARTA_…) and command
// line flags. The result is a plain value passed to whoever needs it; there
// is no global configuration.
package config

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/clientip"
)

// Config holds every setting of a Warta process.
type Config struct {
	Addr            string // listen address, HOST:PORT
	DataDir         string // SQLite database, media and outbox live here
	DatabaseURL     string // postgres://… selects PostgreSQL; empty means SQLite in DataDir
	BaseURL         string // public URL of the site, for feeds and canonical links
	SiteName        string
	Demo            bool   // load demo content into an empty database
	LogLevel        string // debug, info, warn, error
	LogFormat       string // text or json
	Clock           string // fixed time (RFC 3339) for demos and tests; empty means the real clock
	CacheMB         int    // in-process page cache size
	ShutdownTimeout time.Duration

	SMTPHost     string // host:port; empty sends mail to the local outbox
	SMTPUsername string
	SMTPPassword string
	SMTPFrom     string
	SecretKey    string // seals two-factor secrets and channel credentials at rest
	RequireTOTP  bool   // admins and editors must use two-factor sign-in
	// TrustedProxies lists the reverse proxies (addresses or CIDR) whose
	// X-Forwarded-For names the client.
	TrustedProxies string

	// The hoax clinic.
	ClinicAutoThreshold    float64       // match score from which a report is answered at once
	ClinicSuggestThreshold float64       // match score from which a checker is shown a suggestion
	ClinicRetention        time.Duration // how long reporters' contact data is kept after their last report
	ClinicLabels           string        // comma-separated verdict labels
	ClinicAgency           string        // agency slug Cek Fakta articles are filed under
	ClinicPrivacyEmail     string        // where reporters ask for a copy or erasure of their data
}

// Default returns the embedded defaults: a local site on port 8080 with its
// data in ./warta-data.
func Default() Config {
	return Config{
		Addr:            "127.0.0.1:8080",
		DataDir:         "warta-data",
		SiteName:        "Warta Jatim",
		SMTPFrom:        "Warta Jatim <noreply@warta.example>",
		LogLevel:        "info",
		LogFormat:       "text",
		CacheMB:         64,
		ShutdownTimeout: 15 * time.Second,

		ClinicAutoThreshold:    0.85,
		ClinicSuggestThreshold: 0.5,
		ClinicRetention:        90 * 24 * time.Hour,
		ClinicLabels:           "HOAKS,DISINFORMASI,MISINFORMASI,FAKTA",
	}
}

// setting is one named configuration value with its environment and file
// key, shared by flags, environment and file so the three cannot drift.
type setting struct {
	name  string // flag name and file key: "database-url"
	usage string
	str   *string
	boolp *bool
	intp  *int
	dur   *time.Duration
	flt   *float64
}

func (c *Config) settings() []setting {
	return []setting{
		{name: "addr", usage: "alamat HOST:PORT untuk mendengarkan", str: &c.Addr},
		{name: "data", usage: "direktori data (SQLite, media, kotak surat lokal)", str: &c.DataDir},
		{name: "database-url", usage: "URL PostgreSQL (postgres://…); kosong berarti SQLite di direktori data", str: &c.DatabaseURL},
		{name: "base-url", usage: "URL publik situs, mis. https://warta.jatimprov.go.id", str: &c.BaseURL},
		{name: "site-name", usage: "nama situs", str: &c.SiteName},
		{name: "demo", usage: "isi basis data kosong dengan konten demo", boolp: &c.Demo},
		{name: "log-level", usage: "debug, info, warn atau error", str: &c.LogLevel},
		{name: "log-format", usage: "text atau json", str: &c.LogFormat},
		{name: "clock", usage: "waktu tetap (RFC 3339) untuk demo dan uji", str: &c.Clock},
		{name: "cache-mb", usage: "ukuran cache halaman dalam MB", intp: &c.CacheMB},
		{name: "shutdown-timeout", usage: "batas waktu penghentian yang rapi", dur: &c.ShutdownTimeout},
		{name: "smtp-host", usage: "server SMTP HOST:PORT; kosong berarti kotak surat lokal", str: &c.SMTPHost},
		{name: "smtp-username", usage: "nama pengguna SMTP", str: &c.SMTPUsername},
		{name: "smtp-password", usage: "kata sandi SMTP (lebih baik lewat lingkungan atau berkas)", str: &c.SMTPPassword},
		{name: "smtp-from", usage: "alamat pengirim email", str: &c.SMTPFrom},
		{name: "secret-key", usage: "kunci rahasia panjang untuk mengenkripsi rahasia 2FA dan kredensial kanal", str: &c.SecretKey},
		{name: "trusted-proxies", usage: "proksi balik tepercaya (IP atau CIDR, dipisah koma) yang X-Forwarded-For-nya menunjuk alamat klien", str: &c.TrustedProxies},
		{name: "require-totp", usage: "wajibkan verifikasi dua langkah untuk admin dan redaktur", boolp: &c.RequireTOTP},
		{name: "clinic-auto-threshold", usage: "skor kecocokan (0–1) mulai dari mana laporan klinik hoaks langsung dijawab", flt: &c.ClinicAutoThreshold},
		{name: "clinic-suggest-threshold", usage: "skor kecocokan (0–1) mulai dari mana pemeriksa fakta diberi saran putusan", flt: &c.ClinicSuggestThreshold},
		{name: "clinic-retention", usage: "lama data kontak pelapor disimpan sejak laporan terakhirnya, mis. 2160h (90 hari)", dur: &c.ClinicRetention},
		{name: "clinic-labels", usage: "label putusan cek fakta, dipisah koma", str: &c.ClinicLabels},
		{name: "clinic-privacy-email", usage: "alamat email untuk permintaan salinan, perbaikan atau penghapusan data pelapor klinik", str: &c.ClinicPrivacyEmail},
		{name: "clinic-agency", usage: "slug instansi penerbit artikel Cek Fakta; kosong berarti instansi pertama", str: &c.ClinicAgency},
	}
}

// EnvName returns the environment variable for a setting: WARTA_DATABASE_URL.
func EnvName(name string) string {
	return "WARTA_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
}

func (s setting) set(v string) error {
	switch {
	case s.str != nil:
		*s.str = v
	case s.boolp != nil:
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("%s: nilai %q bukan true/false", s.name, v)
		}
		*s.boolp = b
	case s.intp != nil:
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("%s: nilai %q bukan bilangan bulat", s.name, v)
		}
		*s.intp = n
	case s.dur != nil:
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("%s: nilai %q bukan durasi (mis. 15s)", s.name, v)
		}
		*s.dur = d
	case s.flt != nil:
		f, err := strconv.ParseFloat(strings.ReplaceAll(v, ",", "."), 64)
		if err != nil {
			return fmt.Errorf("%s: nilai %q bukan bilangan (mis. 0.85)", s.name, v)
		}
		*s.flt = f
	}
	return nil
}

// Register adds every setting as a flag to fs, plus -config for the file.
// Call Load after fs.Parse.
func (c *Config) Register(fs *flag.FlagSet) {
	fs.String("config", "", "berkas konfigurasi opsional (baris key = value); juga WARTA_CONFIG")
	for _, s := range c.settings() {
		s := s
		usage := s.usage + " (" + EnvName(s.name) + ")"
		if s.boolp != nil {
			fs.BoolFunc(s.name, usage, func(v string) error { return s.set(v) })
			continue
		}
		fs.Func(s.name, usage, func(v string) error { return s.set(v) })
	}
}

// Load applies the file and the environment beneath the flags already set on
// fs: a flag given on the command line always wins.
func (c *Config) Load(fs *flag.FlagSet, getenv func(string) string) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	// Flags were applied during Parse; re-apply in precedence order, so
	// remember their values first.
	flagValues := map[string]string{}
	fs.Visit(func(f *flag.Flag) { flagValues[f.Name] = f.Value.String() })

	path := flagValues["config"]
	if path == "" {
		path = getenv("WARTA_CONFIG")
	}
	if path != "" {
		if err := c.loadFile(path, given); err != nil {
			return err
		}
	}
	for _, s := range c.settings() {
		if given[s.name] {
			continue
		}
		if v := getenv(EnvName(s.name)); v != "" {
			if err := s.set(v); err != nil {
				return fmt.Errorf("config: %s: %w", EnvName(s.name), err)
			}
		}
	}
	return c.Validate()
}

// loadFile reads "key = value" lines (# comments) from path, skipping keys
// given as flags.
func (c *Config) loadFile(path string, given map[string]bool) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("config: berkas konfigurasi: %w", err)
	}
	defer f.Close()
	byName := map[string]setting{}
	for _, s := range c.settings() {
		byName[s.name] = s
	}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		k, v = strings.TrimSpace(k), strings.Trim(strings.TrimSpace(v), `"`)
		s, known := byName[strings.ReplaceAll(k, "_", "-")]
		if !ok || !known {
			return fmt.Errorf("config: %s baris %d: kunci %q tidak dikenal", path, n, k)
		}
		if given[s.name] {
			continue
		}
		if err := s.set(v); err != nil {
			return fmt.Errorf("config: %s baris %d: %w", path, n, err)
		}
	}
	return sc.Err()
}

// Validate checks the settings and fills in derived defaults.
func (c *Config) Validate() error {
	if c.DataDir == "" {
		return fmt.Errorf("config: direktori data kosong")
	}
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		return fmt.Errorf("config: WARTA_DATABASE_URL harus diawali postgres:// (SQLite dipakai bila kosong)")
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("config: log-level %q tidak dikenal (debug, info, warn, error)", c.LogLevel)
	}
	if c.Clock != "" {
		if _, err := time.Parse(time.RFC3339, c.Clock); err != nil {
			return fmt.Errorf("config: clock %q bukan waktu RFC 3339 (mis. 2024-02-14T10:00:00+07:00)", c.Clock)
		}
	}
	if c.ClinicSuggestThreshold <= 0 || c.ClinicAutoThreshold > 1 || c.ClinicSuggestThreshold > c.ClinicAutoThreshold {
		return fmt.Errorf("config: ambang klinik tidak masuk akal: saran %.2f dan otomatis %.2f harus 0 < saran ≤ otomatis ≤ 1",
			c.ClinicSuggestThreshold, c.ClinicAutoThreshold)
	}
	if c.ClinicRetention < 24*time.Hour {
		return fmt.Errorf("config: clinic-retention %s terlalu pendek; paling sedikit 24h", c.ClinicRetention)
	}
	if _, err := clientip.Parse(c.TrustedProxies); err != nil {
		return fmt.Errorf("config: trusted-proxies: %w", err)
	}
	if len(c.Labels()) == 0 {
		return fmt.Errorf("config: clinic-labels kosong; isi mis. HOAKS,DISINFORMASI,MISINFORMASI,FAKTA")
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	return nil
}

// Labels returns the clinic's verdict labels, upper-cased, in order.
func (c Config) Labels() []string {
	var out []string
	for _, l := range strings.Split(c.ClinicLabels, ",") {
		if l = strings.ToUpper(strings.TrimSpace(l)); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// DatabaseTarget returns what store.Open takes: the PostgreSQL URL, or the
// SQLite file in the data directory.
func (c Config) DatabaseTarget() string {
	if c.DatabaseURL != "" {
		return c.DatabaseURL
	}
	return filepath.Join(c.DataDir, "warta.db")
}

// MediaDir is where uploaded and generated images are stored.
func (c Config) MediaDir() string { return filepath.Join(c.DataDir, "media") }

// Now returns the configured clock.
func (c Config) Now() func() time.Time {
	if c.Clock == "" {
		return time.Now
	}
	fixed, _ := time.Parse(time.RFC3339, c.Clock)
	start := time.Now()
	// A fixed clock still moves, so countdowns and caches behave.
	return func() time.Time { return fixed.Add(time.Since(start)) }
}
