package e2e

import (
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// searchQuery is a phrase the demo content is sure to contain.
const searchQuery = "pemungutan suara"

// TestBrowser drives the portal in Chromium as a reader does: home, the
// index, an article, a related article, search; then the same site at a
// phone's width and with JavaScript off.
func TestBrowser(t *testing.T) {
	if testing.Short() && !requireBrowser() {
		t.Skip("browser test skipped in -short mode")
	}
	chromiumPath(t) // skip early, before the app loads its demo content
	base := startApp(t)
	browser := newBrowser(t)
	dir := artifactDir(t)

	var article string // an article path, for the subtests that follow
	t.Run("journey", func(t *testing.T) {
		article = journey(newTab(t, browser, base, dir, "journey"))
	})
	t.Run("narrow", func(t *testing.T) {
		narrow(t, newTab(t, browser, base, dir, "320px"), article)
	})
	t.Run("no-javascript", func(t *testing.T) {
		noJavaScript(t, newTab(t, browser, base, dir, "nojs"))
	})
}

func requireBrowser() bool { return os.Getenv("WARTA_TEST_REQUIRE_BROWSER") == "1" }

// journey walks home → indeks → article → related article → search and
// returns the path of the first article it read.
func journey(tb *tab) string {
	// Home: the headline block and the latest stories.
	tb.open("/")
	tb.screenshot("01-home")
	if n := sectionLinks(tb, "^headline$"); n < 1 {
		tb.fail("home: %d visible article links under a Headline heading, want at least 1", n)
	}
	if n := sectionLinks(tb, "terbaru"); n < 3 {
		tb.fail("home: %d visible article links under a heading with \"terbaru\" (latest), want at least 3", n)
	}

	// Index, through the navigation.
	tb.clickFirstVisible(`nav a[href="/indeks"], header a[href="/indeks"]`)
	if p := tb.path(); !strings.HasPrefix(p, "/indeks") {
		tb.fail("after clicking Indeks: at %s, want /indeks", p)
	}
	if n := tb.count(`main a[href^="/berita/"]`); n < 10 {
		tb.fail("indeks: %d article links, want at least 10", n)
	}
	tb.screenshot("02-indeks")

	// The first story of the index.
	tb.clickFirstVisible(`main a[href^="/berita/"]`)
	first := tb.path()
	if !strings.HasPrefix(first, "/berita/") {
		tb.fail("after clicking the first story: at %s, want /berita/…", first)
	}
	checkArticle(tb, first)
	tb.screenshot("03-article")

	// A related story.
	tb.clickFirstVisible(`#terkait a[href^="/berita/"]`)
	second := tb.path()
	if second == first || !strings.HasPrefix(second, "/berita/") {
		tb.fail("after clicking a related story: at %s, want another article than %s", second, first)
	}
	checkArticle(tb, second)
	tb.screenshot("04-related")

	// Search from the form in the page.
	search(tb)
	tb.screenshot("05-search")
	tb.checkResources()
	return first
}

// checkArticle asserts what every article page shows a reader.
func checkArticle(tb *tab, path string) {
	tb.t.Helper()
	if h1 := strings.TrimSpace(tb.text("main h1")); h1 == "" {
		tb.fail("article %s: no headline (main h1)", path)
	}
	if !containsFold(tb.text("main"), "Sumber resmi") {
		tb.fail(`article %s: no "Sumber resmi" badge`, path)
	}
	if tb.count("#terkait") != 1 {
		tb.fail("article %s: no #terkait section", path)
	}
	related := tb.hrefs(`#terkait a[href^="/berita/"]`)
	if len(related) < 3 || len(related) > 6 {
		tb.fail("article %s: %d related articles %v, want 3 to 6", path, len(related), related)
	}
	for _, r := range related {
		if r == path {
			tb.fail("article %s lists itself as related", path)
		}
	}
}

// search types the query into the site's search form, submits it with
// Enter, and checks for highlighted results.
func search(tb *tab) {
	tb.t.Helper()
	input := chromedp.CSS(`form[role=search] input[name=q]`)
	tb.load("search", chromedp.Focus(input), chromedp.SendKeys(input, searchQuery+kb.Enter))
	u, err := url.Parse(tb.path())
	if err != nil || u.Query().Get("q") != searchQuery {
		tb.fail("after submitting the search form: at %s, want a page with q=%q", tb.path(), searchQuery)
	}
	if n := tb.count("main article"); n == 0 {
		tb.fail("search %q: no results (main article)", searchQuery)
	}
	if n := tb.count("main article mark"); n == 0 {
		tb.fail("search %q: no highlighted terms (<mark>) in the results", searchQuery)
	}
}

// narrow reads an article at 320 CSS pixels, the narrowest phone the portal
// supports, and checks that nothing is wider than the screen.
func narrow(t *testing.T, tb *tab, article string) {
	if article == "" {
		tb.open("/indeks")
		links := tb.hrefs(`main a[href^="/berita/"]`)
		if len(links) == 0 {
			tb.fail("indeks: no article links")
		}
		article = links[0]
	}
	if err := chromedp.Do(tb.ctx, chromedp.EmulateViewport(320, 640, chromedp.EmulateMobile)); err != nil {
		t.Fatalf("emulate 320 px: %v", err)
	}
	for _, p := range []struct{ step, path string }{{"article", article}, {"home", "/"}} {
		tb.open(p.path)
		tb.screenshot(p.step)
		width := eval[int](tb, `document.documentElement.scrollWidth`)
		if width > 320 {
			wide := eval[[]string](tb, `[...document.querySelectorAll("body *")]
				.filter(e => e.getBoundingClientRect().right > 321)
				.slice(0, 8)
				.map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
					(e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : "") +
					" (right edge " + Math.round(e.getBoundingClientRect().right) + "px)")`)
			t.Errorf("%s at 320 px: page is %d px wide, scrolls sideways; too wide:\n  %s",
				p.path, width, strings.Join(wide, "\n  "))
		}
	}
	tb.checkResources()
}

// noJavaScript submits the search form with scripts turned off: the form
// must be a plain HTML form that works without them.
func noJavaScript(t *testing.T, tb *tab) {
	_, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	if err != nil {
		t.Fatalf("disable JavaScript: %v", err)
	}
	tb.open("/")
	search(tb)
	tb.screenshot("search")
	tb.checkResources()
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// sectionLinks counts the visible article links in the section of main whose
// heading matches the pattern (a case-insensitive JavaScript regexp): what a
// reader sees under "Headline" or "Berita terbaru", whatever the markup.
func sectionLinks(tb *tab, heading string) int {
	tb.t.Helper()
	return eval[int](tb, fmt.Sprintf(`(() => {
		const re = new RegExp(%q, "i");
		const h = [...document.querySelectorAll("main h2, main h3")].find(h => re.test(h.innerText.trim()));
		if (!h) return 0;
		const box = h.closest("section, article, div") || h.parentElement;
		return [...box.querySelectorAll('a[href^="/berita/"]')].filter(a => {
			const r = a.getBoundingClientRect(); return r.width > 0 && r.height > 0;
		}).length;
	})()`, heading))
}
