package clinicweb

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"time"
)

// The report form is defended against robots without a third-party
// captcha: every form served carries a token signed with the server's key
// that records when it was served. A form sent back sooner than a person
// can fill it in, or long after, is refused with a friendly message.
const (
	minFillTime = 3 * time.Second
	maxFormAge  = 2 * time.Hour
)

// honeypotField is a field people never see (hidden by the stylesheet,
// skipped by keyboards and screen readers) and robots fill in.
const honeypotField = "situs_web"

// issueToken returns a form token for a form served at t: the time in unix
// milliseconds followed by an HMAC of it, base64url-encoded.
func (web *Web) issueToken(t time.Time) string {
	b := make([]byte, 8, 8+sha256.Size)
	binary.BigEndian.PutUint64(b, uint64(t.UnixMilli()))
	return base64.RawURLEncoding.EncodeToString(append(b, web.tokenMAC(b[:8])...))
}

func (web *Web) tokenMAC(stamp []byte) []byte {
	mac := hmac.New(sha256.New, web.tokenKey)
	mac.Write(stamp)
	return mac.Sum(nil)
}

// tokenProblem is what is wrong with a form token sent back at now.
type tokenProblem int

const (
	tokenOK      tokenProblem = iota
	tokenBad                  // missing, malformed or not ours
	tokenTooFast              // sent back less than minFillTime after it was served
	tokenExpired              // served more than maxFormAge ago
)

// checkToken tells whether the token is ours and sent back in time.
func (web *Web) checkToken(token string, now time.Time) tokenProblem {
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) != 8+sha256.Size || !hmac.Equal(b[8:], web.tokenMAC(b[:8])) {
		return tokenBad
	}
	served := time.UnixMilli(int64(binary.BigEndian.Uint64(b[:8])))
	switch age := now.Sub(served); {
	case age < minFillTime:
		return tokenTooFast
	case age > maxFormAge:
		return tokenExpired
	}
	return tokenOK
}
