package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"

	"github.com/kominfo-jatim/warta/internal/app"
	"github.com/kominfo-jatim/warta/internal/clinic"
	"github.com/kominfo-jatim/warta/internal/clinic/match"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// runClinic runs the hoax-clinic tools: "import" loads an archive of
// verdicts into the clinic, "eval" measures the claim matcher exactly as the
// live intake builds and uses it.
func runClinic(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(stdout, `Penggunaan: warta clinic PERINTAH [opsi]

Perintah:
  import            muat arsip putusan cek fakta dari CSV (--factchecks FILE.csv)
  eval              ukur pencocokan klaim pada himpunan evaluasi
  telegram-webhook  daftarkan /webhooks/telegram pada bot kanal telegram

Jalankan 'warta clinic import --help' atau 'warta clinic eval --help' untuk opsinya.`)
		if len(args) == 0 {
			return errors.New("perintah clinic tidak diberikan")
		}
		return flag.ErrHelp
	}
	switch args[0] {
	case "import":
		return runClinicImport(ctx, args[1:], stdout, stderr)
	case "eval":
		return runClinicEval(ctx, args[1:], stdout, stderr)
	case "telegram-webhook":
		return runClinicTelegramWebhook(ctx, args[1:], stdout, stderr)
	}
	return fmt.Errorf("perintah clinic %q tidak dikenal", args[0])
}

func runClinicImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var factchecks string
	cfg, fs, err := loadConfig("clinic import", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&factchecks, "factchecks", "", "CSV putusan `FILE` (kolom id,title[,label,url,published,category])")
		fs.Usage = func() {
			fmt.Fprintln(fs.Output(), `Penggunaan: warta clinic import --factchecks FILE.csv

Memuat arsip putusan cek fakta ke klinik hoaks, agar laporan yang cocok
langsung dijawab. Baris pertama berisi nama kolom: id dan title wajib;
label (bawaan HOAKS), url, published (2024-02-14 atau RFC 3339) dan
category boleh. Putusan dengan id yang sudah ada diperbarui. Bila satu
baris salah, tidak ada yang disimpan dan nomor barisnya disebutkan.

Opsi:`)
			fs.PrintDefaults()
		}
	})
	if err != nil {
		return err
	}
	if factchecks == "" {
		fs.Usage()
		return errors.New("--factchecks wajib diisi")
	}
	f, err := os.Open(factchecks)
	if err != nil {
		return fmt.Errorf("clinic import: %w", err)
	}
	defer f.Close()
	db, err := app.OpenDB(ctx, cfg, newLogger(stderr, cfg.LogLevel, cfg.LogFormat))
	if err != nil {
		return err
	}
	defer db.Close()
	svc, err := clinic.New(clinic.Config{DB: db, Labels: cfg.Labels(), BaseURL: cfg.BaseURL, Now: cfg.Now(),
		Logger: newLogger(stderr, cfg.LogLevel, cfg.LogFormat)})
	if err != nil {
		return err
	}
	res, err := svc.Import(ctx, f)
	if err != nil {
		if warta.ErrorCode(err) == warta.EInvalid {
			return fmt.Errorf("%s: %s", factchecks, warta.ErrorMessage(err))
		}
		return err
	}
	fmt.Fprintf(stdout, "%d ditambahkan, %d diperbarui\n", res.Added, res.Updated)
	return nil
}

func runClinicEval(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("clinic eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	factchecks := fs.String("factchecks", "", "CSV verdict `FILE` (kolom id,title[,label,url,published,category])")
	claims := fs.String("claims", "", "CSV claim `FILE` (kolom factcheck_id,group,text)")
	asJSON := fs.Bool("json", false, "cetak satu baris JSON")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `Penggunaan: warta clinic eval --factchecks FILE.csv --claims FILE.csv [--json]

Membangun indeks pencocokan dari cek fakta persis seperti intake klinik, lalu
mencocokkan setiap klaim dan mencetak n, MRR@10, R@1 dan R@5 (semua klaim dan
klaim yang teksnya berbeda dari judul) serta latensi p50/p99.

Opsi:`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *factchecks == "" || *claims == "" {
		fs.Usage()
		return errors.New("--factchecks dan --claims wajib diisi")
	}
	docs, err := readFile(*factchecks, match.ReadFactchecks)
	if err != nil {
		return err
	}
	cs, err := readFile(*claims, match.ReadClaims)
	if err != nil {
		return err
	}

	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	ix := match.NewIndex(match.Options{})
	for _, d := range docs {
		ix.Add(d)
	}
	build := time.Since(start)
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)

	rep, err := match.Evaluate(ix, docs, cs)
	if err != nil {
		return fmt.Errorf("clinic eval: %w", err)
	}
	heapMB := float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / (1 << 20)
	if *asJSON {
		return json.NewEncoder(stdout).Encode(struct {
			match.EvalReport
			Docs    int     `json:"docs"`
			BuildMs float64 `json:"build_ms"`
			IndexMB float64 `json:"index_mb"`
		}{rep, len(docs), float64(build.Microseconds()) / 1000, heapMB})
	}
	fmt.Fprintf(stdout, "fact-checks %d, indexed in %s, index heap ≈ %.1f MB\n", len(docs), build.Round(time.Millisecond), heapMB)
	fmt.Fprintf(stdout, "%-10s %6s %7s %6s %6s\n", "claims", "n", "MRR@10", "R@1", "R@5")
	for _, row := range []struct {
		name string
		m    match.Metrics
	}{{"all", rep.All}, {"differing", rep.Differing}} {
		fmt.Fprintf(stdout, "%-10s %6d %7.3f %6.3f %6.3f\n", row.name, row.m.N, row.m.MRR10, row.m.R1, row.m.R5)
	}
	fmt.Fprintf(stdout, "match latency p50 %.2f ms, p99 %.2f ms\n", rep.P50ms, rep.P99ms)
	n := float64(rep.All.N)
	fmt.Fprintf(stdout, "claims sharing no word with their verdict: %d (%.1f%%), %d of them in the top 5; a word-based matcher's R@5 is at most %.3f here\n",
		rep.Disjoint, 100*float64(rep.Disjoint)/n, rep.DisjointFound, 1-float64(rep.Disjoint-rep.DisjointFound)/n)
	return nil
}

func readFile[T any](path string, read func(io.Reader) (T, error)) (T, error) {
	f, err := os.Open(path)
	if err != nil {
		var zero T
		return zero, fmt.Errorf("clinic eval: %w", err)
	}
	defer f.Close()
	v, err := read(f)
	if err != nil {
		return v, fmt.Errorf("clinic eval: %s: %w", path, err)
	}
	return v, nil
}
