package e2e

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/kominfo-jatim/warta/internal/app"
	"github.com/kominfo-jatim/warta/internal/config"
)

// chromiumPath finds the browser, or skips the test when there is none and
// the run does not require one.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if os.Getenv("WARTA_TEST_NO_BROWSER") == "1" {
		t.Skip("WARTA_TEST_NO_BROWSER=1")
	}
	if p := os.Getenv("WARTA_TEST_CHROMIUM"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if os.Getenv("WARTA_TEST_REQUIRE_BROWSER") == "1" {
		t.Fatal("Chromium is not installed (no /usr/bin/chromium, no chromium on PATH) and WARTA_TEST_REQUIRE_BROWSER=1; install the chromium package or run ./scripts/test, which installs it")
	}
	t.Skip("Chromium is not installed; set WARTA_TEST_REQUIRE_BROWSER=1 to make this a failure")
	return ""
}

// artifactDir is where screenshots go: $WARTA_TEST_ARTIFACTS/browser, or a
// temporary directory that the test removes.
func artifactDir(t *testing.T) string {
	t.Helper()
	root := os.Getenv("WARTA_TEST_ARTIFACTS")
	if root == "" {
		return t.TempDir()
	}
	dir := filepath.Join(root, "browser")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("artifacts: %v", err)
	}
	return dir
}

// testLogWriter sends the application's log lines to the test log until the
// test ends; a late line after that is dropped instead of panicking.
type testLogWriter struct {
	mu   sync.Mutex
	t    *testing.T
	done bool
}

func (w *testLogWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.t.Log(strings.TrimRight(string(p), "\n"))
	}
	return len(p), nil
}

// startApp runs the real application with demo content on a free port and
// returns its base URL. It shuts down when the test ends.
func startApp(t *testing.T) string {
	t.Helper()
	lw := &testLogWriter{t: t}
	t.Cleanup(func() { lw.mu.Lock(); lw.done = true; lw.mu.Unlock() })
	logger := slog.New(slog.NewTextHandler(lw, &slog.HandlerOptions{Level: slog.LevelWarn}))

	cfg := config.Default()
	cfg.Addr = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	cfg.Demo = true

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	start := time.Now()
	a, err := app.New(ctx, cfg, logger)
	if err != nil {
		t.Fatalf("app.New: %v", err)
	}
	t.Cleanup(func() {
		if err := a.Close(); err != nil {
			t.Errorf("app.Close: %v", err)
		}
	})
	if err := a.Start(context.Background()); err != nil {
		t.Fatalf("app.Start: %v", err)
	}
	t.Logf("warta with demo content at %s (ready in %v)", a.URL(), time.Since(start).Round(time.Millisecond))
	return a.URL()
}

// newBrowser starts a headless Chromium with a fresh profile and returns a
// context for new tabs; the browser exits when the test ends.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	exe := chromiumPath(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox, // the tests run as root in CI
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "id-ID"),
		chromedp.Flag("accept-lang", "id-ID,id"),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx,
		// Newer Chromium sends events that this cdproto does not know;
		// those messages are noise, not failures.
		chromedp.WithErrorf(func(format string, args ...any) {
			if msg := fmt.Sprintf(format, args...); !strings.Contains(msg, "unmarshal") && !strings.Contains(msg, "unknown") {
				t.Logf("chromedp: %s", msg)
			}
		}),
	)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// The first Do starts the browser; its life is bound to ctx.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium %s: %v", exe, err)
	}
	return ctx
}

// tab is one browser tab driven by a test. Its methods fail the test on
// error, after saving a screenshot of what the browser showed.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string
	dir  string
	name string // screenshot file prefix

	mu     sync.Mutex
	broken []string // same-site responses with status >= 400
}

// newTab opens a tab in the browser; name prefixes its screenshots.
func newTab(t *testing.T, browser context.Context, base, dir, name string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancelTimeout)
	tb := &tab{t: t, ctx: ctx, base: base, dir: dir, name: name}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	err := chromedp.Listen(ctx, func(ev any) {
		if ev, ok := ev.(*network.EventResponseReceived); ok && ev.Response.Status >= 400 &&
			strings.HasPrefix(ev.Response.URL, base) && !strings.HasSuffix(ev.Response.URL, "/favicon.ico") {
			tb.mu.Lock()
			tb.broken = append(tb.broken, fmt.Sprintf("%d %s", ev.Response.Status, ev.Response.URL))
			tb.mu.Unlock()
		}
	})
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	return tb
}

// fail saves a screenshot of the current page and stops the test.
func (tb *tab) fail(format string, args ...any) {
	tb.t.Helper()
	msg := fmt.Sprintf(format, args...)
	if loc, err := chromedp.Run(tb.ctx, chromedp.Location()); err == nil {
		msg += "\n  page: " + loc
	}
	if buf, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100)); err == nil {
		p := filepath.Join(tb.dir, tb.name+"-FAILED.png")
		if os.WriteFile(p, buf, 0o644) == nil {
			msg += "\n  screenshot: " + p
		}
	}
	tb.t.Fatal(msg)
}

// checkResources reports pages, styles and images of the site that did not
// load; a reader would see them broken.
func (tb *tab) checkResources() {
	tb.t.Helper()
	tb.mu.Lock()
	defer tb.mu.Unlock()
	if len(tb.broken) > 0 {
		tb.t.Errorf("resources that failed to load:\n  %s", strings.Join(tb.broken, "\n  "))
		tb.broken = nil
	}
}

// load runs the steps, waits for the page they navigate to, and checks
// that it answered 200.
func (tb *tab) load(what string, steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	resp, err := chromedp.RunResponse(tb.ctx, steps...)
	if err != nil {
		tb.fail("%s: %v", what, err)
	}
	if resp == nil {
		tb.fail("%s: no response", what)
	}
	if resp.Status != 200 {
		tb.fail("%s: HTTP %d for %s", what, resp.Status, resp.URL)
	}
}

// open navigates to a path of the site.
func (tb *tab) open(path string) {
	tb.t.Helper()
	tb.load("open "+path, chromedp.Navigate(tb.base+path))
}

// clickFirstVisible clicks, with the mouse, the first visible element that
// matches the CSS selector, and waits for the page it leads to.
func (tb *tab) clickFirstVisible(selector string) {
	tb.t.Helper()
	found := eval[bool](tb, fmt.Sprintf(`(() => {
		document.querySelectorAll("[data-e2e-click]").forEach(e => e.removeAttribute("data-e2e-click"));
		for (const el of document.querySelectorAll(%q)) {
			const r = el.getBoundingClientRect();
			const s = getComputedStyle(el);
			if (r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none") {
				el.setAttribute("data-e2e-click", "1");
				return true;
			}
		}
		return false;
	})()`, selector))
	if !found {
		tb.fail("no visible element matches %s", selector)
	}
	tb.load("click "+selector, chromedp.Click(chromedp.CSS("[data-e2e-click]")))
}

// path returns the path and query of the current page.
func (tb *tab) path() string {
	tb.t.Helper()
	return eval[string](tb, `location.pathname + location.search`)
}

// count returns how many elements match the CSS selector.
func (tb *tab) count(selector string) int {
	tb.t.Helper()
	return eval[int](tb, fmt.Sprintf(`document.querySelectorAll(%q).length`, selector))
}

// text returns the rendered text of the first element matching the selector,
// or "" when there is none.
func (tb *tab) text(selector string) string {
	tb.t.Helper()
	return eval[string](tb, fmt.Sprintf(`(document.querySelector(%q) || {innerText: ""}).innerText`, selector))
}

// hrefs returns the distinct link targets (path and query) of the elements
// matching the selector, in document order.
func (tb *tab) hrefs(selector string) []string {
	tb.t.Helper()
	return eval[[]string](tb, fmt.Sprintf(`[...new Set([...document.querySelectorAll(%q)].map(a => {
		const u = new URL(a.href, location.href); return u.pathname + u.search;
	}))]`, selector))
}

// screenshot saves a full-page PNG as <name>-<step>.png.
func (tb *tab) screenshot(step string) {
	tb.t.Helper()
	buf, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100)) // quality 100 means PNG
	if err != nil {
		tb.fail("screenshot %s: %v", step, err)
	}
	p := filepath.Join(tb.dir, tb.name+"-"+step+".png")
	if err := os.WriteFile(p, buf, 0o644); err != nil {
		tb.t.Fatalf("save screenshot: %v", err)
	}
	tb.t.Logf("screenshot %s", p)
}

// eval evaluates a JavaScript expression in the page and decodes its value.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		tb.fail("evaluate %.80q: %v", expr, err)
	}
	return v
}
