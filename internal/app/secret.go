package app

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// demoSecretFile holds the secret key a demo node made for itself.
const demoSecretFile = "demo-secret-key"

// demoSecretKey returns the demo's own secret key from the data directory,
// making one on first start, so that a demo can store reporters' contact
// data and channel credentials without configuration. A production node
// must be given WARTA_SECRET_KEY; a key kept beside the data it protects
// protects nothing from whoever copies the directory.
func demoSecretKey(dataDir string) (string, error) {
	path := filepath.Join(dataDir, demoSecretFile)
	b, err := os.ReadFile(path)
	if err == nil && len(strings.TrimSpace(string(b))) >= 32 {
		return strings.TrimSpace(string(b)), nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("app: demo secret key: %w", err)
	}
	raw := make([]byte, 32)
	rand.Read(raw)
	key := hex.EncodeToString(raw)
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return "", fmt.Errorf("app: demo secret key: %w", err)
	}
	if err := os.WriteFile(path, []byte(key+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("app: demo secret key: %w", err)
	}
	return key, nil
}

// DemoSecretKey returns the key a demo node made in dataDir, if there is
// one. Commands that manage that node's data without a configured key
// (warta channel) use it, so that credentials they seal can be opened by
// the demo server; it never makes a key.
func DemoSecretKey(dataDir string) (string, bool) {
	b, err := os.ReadFile(filepath.Join(dataDir, demoSecretFile))
	if err != nil {
		return "", false
	}
	key := strings.TrimSpace(string(b))
	return key, len(key) >= 32
}
