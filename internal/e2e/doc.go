// Package e2e holds end-to-end tests that drive the real application
// through a headless Chromium, the way a reader does: they start Warta
// in-process with demo content, click through the portal, search, and save
// screenshots for a person to look at.
//
// The tests look for /usr/bin/chromium, then chromium on PATH
// (WARTA_TEST_CHROMIUM names another binary). They skip when there is none,
// unless WARTA_TEST_REQUIRE_BROWSER=1 (set by scripts/test), which turns a
// missing browser into a failure; WARTA_TEST_NO_BROWSER=1 always skips them.
// Screenshots go to $WARTA_TEST_ARTIFACTS/browser (by default a temporary
// directory).
package e2e
