package e2e

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/kominfo-jatim/warta/internal/app"
	"github.com/kominfo-jatim/warta/internal/config"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// newsroomPassword is the password of the journey's accounts.
const newsroomPassword = "kata-sandi-uji-jalur-redaksi"

// startNewsroomApp runs the real application without demo content (the
// journey brings its own agency, accounts and story) and returns it. Its
// scheduler runs, so a scheduled story goes live by itself.
func startNewsroomApp(t *testing.T) *app.App {
	t.Helper()
	lw := &testLogWriter{t: t}
	t.Cleanup(func() { lw.mu.Lock(); lw.done = true; lw.mu.Unlock() })
	logger := slog.New(slog.NewTextHandler(lw, &slog.HandlerOptions{Level: slog.LevelWarn}))

	cfg := config.Default()
	cfg.Addr = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	// Reporters' contact data and channel credentials are sealed with it.
	cfg.SecretKey = "kunci-rahasia-uji-jalur-yang-cukup-panjang"

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
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
	return a
}

// newsroomAccount creates a staff account straight in storage.
func newsroomAccount(t *testing.T, a *app.App, email, name string, role warta.Role, agencyID string) {
	t.Helper()
	u := &warta.User{Email: email, Name: name, Role: role, AgencyID: agencyID}
	if err := a.DB.CreateUser(context.Background(), u, newsroomPassword); err != nil {
		t.Fatalf("create %s: %v", email, err)
	}
}

// newPersonTab opens a tab in a browser context of its own, with its own
// cookies: another person at another computer.
func newPersonTab(t *testing.T, browser context.Context, base, dir, name string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 4*time.Minute)
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

// typeInto focuses the field and types text into it, keystroke by
// keystroke, as a person does.
func (tb *tab) typeInto(selector, text string) {
	tb.t.Helper()
	sel := chromedp.CSS(selector)
	if err := chromedp.Do(tb.ctx, chromedp.Focus(sel), chromedp.SendKeys(sel, text)); err != nil {
		tb.fail("type into %s: %v", selector, err)
	}
}

// appendTo puts the caret at the end of a text area and types text there.
func (tb *tab) appendTo(selector, text string) {
	tb.t.Helper()
	sel := chromedp.CSS(selector)
	err := chromedp.Do(tb.ctx, chromedp.Focus(sel), chromedp.KeyEvent(kb.End, chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.SendKeys(sel, text))
	if err != nil {
		tb.fail("type at the end of %s: %v", selector, err)
	}
}

// click clicks an element that does not lead to another page, such as a
// checkbox's label.
func (tb *tab) click(selector string) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, chromedp.Click(chromedp.CSS(selector))); err != nil {
		tb.fail("click %s: %v", selector, err)
	}
}

// setValue replaces a field's value, for inputs such as datetime-local
// whose keyboard entry depends on the browser's locale.
func (tb *tab) setValue(selector, value string) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, chromedp.SetValue(chromedp.CSS(selector), value)); err != nil {
		tb.fail("set %s: %v", selector, err)
	}
}

// submit clicks a button and waits for the page the form leads to.
func (tb *tab) submit(selector string) {
	tb.t.Helper()
	tb.load("click "+selector, chromedp.Click(chromedp.CSS(selector)))
}

// signIn fills in and sends the studio's sign-in form.
func (tb *tab) signIn(email string) {
	tb.t.Helper()
	tb.open("/studio/login")
	tb.typeInto("#email", email)
	tb.typeInto("#password", newsroomPassword)
	tb.screenshot("00-masuk")
	tb.submit(`form[action="/studio/login"] button[type=submit]`)
	if p := tb.path(); p != "/studio/" {
		tb.fail("after signing in as %s: at %s, want the dashboard", email, p)
	}
}

// expectText fails unless the element's text contains want.
func (tb *tab) expectText(selector, want string) {
	tb.t.Helper()
	if got := tb.text(selector); !strings.Contains(got, want) {
		tb.fail("%s: text %q, want it to contain %q", selector, got, want)
	}
}

// waitForPublic polls a public page until it contains text, or fails at
// the deadline. It asks over plain HTTP, as a reader's browser would, with
// no cookie.
func waitForPublic(t *testing.T, base, path, text string, deadline time.Time) time.Time {
	t.Helper()
	for {
		resp, err := http.Get(base + path)
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 && strings.Contains(string(b), text) {
				return time.Now()
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%q did not appear on %s by %s", text, path, deadline.Format(time.TimeOnly))
		}
		time.Sleep(2 * time.Second)
	}
}

// publicHas reports whether a public page contains text right now.
func publicHas(t *testing.T, base, path, text string) bool {
	t.Helper()
	resp, err := http.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return strings.Contains(string(b), text)
}

// fitsPhone opens each page (a map of screenshot step to path) at 320 CSS
// pixels, the narrowest phone, and fails the test for a page wider than the
// screen.
func (tb *tab) fitsPhone(pages map[string]string) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, chromedp.EmulateViewport(320, 640, chromedp.EmulateMobile)); err != nil {
		tb.t.Fatalf("emulate 320 px: %v", err)
	}
	defer chromedp.Do(tb.ctx, chromedp.EmulateViewport(1280, 900))
	for step, p := range pages {
		tb.open(p)
		tb.screenshot("320px-" + step)
		if width := eval[int](tb, `document.documentElement.scrollWidth`); width > 320 {
			wide := eval[[]string](tb, `[...document.querySelectorAll("body *")]
				.filter(e => e.getBoundingClientRect().right > 321).slice(0, 8)
				.map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + " (right edge " + Math.round(e.getBoundingClientRect().right) + "px)")`)
			tb.t.Errorf("%s at 320 px: page is %d px wide; too wide:\n  %s", p, width, strings.Join(wide, "\n  "))
		}
	}
}
