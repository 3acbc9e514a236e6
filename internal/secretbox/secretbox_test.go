package secretbox_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kominfo-jatim/warta/internal/secretbox"
)

func TestSealOpen(t *testing.T) {
	b := secretbox.New("kunci rahasia yang panjang", "channel secrets")
	sealed, err := b.Seal([]byte("token-bot-123"), "channel-1")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(sealed, "token-bot-123") || !secretbox.IsSealed(sealed) {
		t.Fatalf("sealed value %q", sealed)
	}
	plain, err := b.Open(sealed, "channel-1")
	if err != nil || string(plain) != "token-bot-123" {
		t.Fatalf("open: %q, %v", plain, err)
	}
	if _, err := b.Open(sealed, "channel-2"); !errors.Is(err, secretbox.ErrOpen) {
		t.Errorf("opened for another row: %v", err)
	}
	other := secretbox.New("kunci lain", "channel secrets")
	if _, err := other.Open(sealed, "channel-1"); !errors.Is(err, secretbox.ErrOpen) {
		t.Errorf("opened under another key: %v", err)
	}
	if _, err := secretbox.New("kunci rahasia yang panjang", "totp secret key").Open(sealed, "channel-1"); err == nil {
		t.Error("opened for another purpose")
	}
	none := secretbox.New("", "channel secrets")
	if _, err := none.Seal([]byte("x"), "a"); !errors.Is(err, secretbox.ErrNoKey) {
		t.Errorf("sealed without a key: %v", err)
	}
}
