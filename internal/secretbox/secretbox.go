// Package secretbox seals short secrets — channel credentials, signing keys,
// two-factor secrets — with AES-256-GCM under a key derived from Warta's
// configured secret key, so that a copy of the database alone does not
// give them away.
//
// A sealed value is text: "v1:" and the base64 of nonce and ciphertext. The
// additional data (usually the owning row's ID) binds it to its row, so a
// sealed value copied onto another row does not open. The key for a purpose
// is SHA-256("warta " + purpose + " v1\x00" + secret key); with purpose
// "totp secret key" that is the key internal/auth has always used for TOTP
// secrets, so auth can move onto this package without re-sealing anything.
package secretbox

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
)

const prefix = "v1:"

// ErrNoKey is returned when sealing or opening needs a secret key and none
// is configured.
var ErrNoKey = errors.New("secretbox: no secret key configured (WARTA_SECRET_KEY)")

// ErrOpen is returned when a sealed value is damaged or was sealed under
// another key or for another row.
var ErrOpen = errors.New("secretbox: sealed value does not open with the configured secret key")

// Box seals and opens values for one purpose.
type Box struct {
	aead cipher.AEAD // nil without a secret key
}

// New returns a box for purpose under secretKey. With an empty secretKey
// the box refuses to seal or open (ErrNoKey).
func New(secretKey, purpose string) *Box {
	if secretKey == "" {
		return &Box{}
	}
	k := sha256.Sum256([]byte("warta " + purpose + " v1\x00" + secretKey))
	block, err := aes.NewCipher(k[:])
	if err != nil {
		panic("secretbox: " + err.Error()) // a 32-byte key is always valid
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		panic("secretbox: " + err.Error())
	}
	return &Box{aead: aead}
}

// Ready reports whether the box has a key.
func (b *Box) Ready() bool { return b.aead != nil }

// Seal encrypts plain, bound to ad.
func (b *Box) Seal(plain []byte, ad string) (string, error) {
	if b.aead == nil {
		return "", ErrNoKey
	}
	nonce := make([]byte, b.aead.NonceSize())
	rand.Read(nonce)
	return prefix + base64.RawStdEncoding.EncodeToString(b.aead.Seal(nonce, nonce, plain, []byte(ad))), nil
}

// Open decrypts a value from Seal with the same ad.
func (b *Box) Open(sealed, ad string) ([]byte, error) {
	body, ok := strings.CutPrefix(sealed, prefix)
	if !ok {
		return nil, errors.New("secretbox: not a sealed value")
	}
	if b.aead == nil {
		return nil, ErrNoKey
	}
	raw, err := base64.RawStdEncoding.DecodeString(body)
	if err != nil || len(raw) < b.aead.NonceSize() {
		return nil, ErrOpen
	}
	plain, err := b.aead.Open(nil, raw[:b.aead.NonceSize()], raw[b.aead.NonceSize():], []byte(ad))
	if err != nil {
		return nil, ErrOpen
	}
	return plain, nil
}

// IsSealed reports whether s looks like a value from Seal.
func IsSealed(s string) bool { return strings.HasPrefix(s, prefix) }
