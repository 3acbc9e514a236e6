package activitypub

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// HTTP Signatures as the fediverse speaks them: draft-cavage-http-signatures-12
// with RSA-SHA256, the Date header against replays and a SHA-256 Digest of the
// body. Mastodon signs "(request-target) host date digest" on POSTs and
// "(request-target) host date" on GETs, and so does Warta.

// Signature verification failures. Verify wraps one of them with details.
var (
	ErrUnsigned  = errors.New("request is not signed")
	ErrSignature = errors.New("signature does not verify")
	ErrHeaders   = errors.New("signature does not cover the required headers")
	ErrDate      = errors.New("signed Date is missing or outside the accepted window")
	ErrDigest    = errors.New("Digest is missing or does not match the body")
)

// Replay window, as Mastodon's: a signed Date may be up to 12 hours old and
// an hour ahead of our clock.
const (
	maxSignatureAge  = 12 * time.Hour
	maxSignatureSkew = time.Hour
)

// KeyFunc returns the public key named by a signature's keyId, usually by
// fetching the signer's actor document.
type KeyFunc func(keyID string) (crypto.PublicKey, error)

// Sign signs req as Mastodon does: it sets Host and Date, and for a request
// with a body the Digest (SHA-256 of body, which must be what req sends),
// then the Signature header over "(request-target) host date [digest]"
// with RSA-SHA256.
func Sign(req *http.Request, keyID string, key *rsa.PrivateKey, body []byte) error {
	return signAt(req, keyID, key, body, time.Now())
}

func signAt(req *http.Request, keyID string, key *rsa.PrivateKey, body []byte, now time.Time) error {
	if req.Host == "" {
		req.Host = req.URL.Host
	}
	req.Header.Set("Date", now.UTC().Format(http.TimeFormat))
	headers := []string{"(request-target)", "host", "date"}
	if body != nil || req.Method == http.MethodPost {
		req.Header.Set("Digest", digest(body))
		headers = append(headers, "digest")
	}
	signed, err := signingString(req, headers)
	if err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(signed))
	sig, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, sum[:])
	if err != nil {
		return fmt.Errorf("activitypub: sign: %w", err)
	}
	req.Header.Set("Signature", fmt.Sprintf(`keyId="%s",algorithm="rsa-sha256",headers="%s",signature="%s"`,
		keyID, strings.Join(headers, " "), base64.StdEncoding.EncodeToString(sig)))
	return nil
}

// Verify checks req's HTTP Signature and returns the keyId that signed it.
// body is the request body already read. The signature must cover
// (request-target), host and date, and digest when there is a body; the
// Date must be within 12 hours (an hour of clock skew ahead); the Digest
// must match body. fetch is called only once the cheap checks pass.
func Verify(req *http.Request, body []byte, fetch KeyFunc) (keyID string, err error) {
	return verifyAt(req, body, fetch, time.Now())
}

func verifyAt(req *http.Request, body []byte, fetch KeyFunc, now time.Time) (string, error) {
	raw := req.Header.Get("Signature")
	if raw == "" {
		if a, ok := strings.CutPrefix(req.Header.Get("Authorization"), "Signature "); ok {
			raw = a
		}
	}
	if raw == "" {
		return "", ErrUnsigned
	}
	params, err := parseSignature(raw)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrSignature, err)
	}
	keyID, sig64 := params["keyid"], params["signature"]
	if keyID == "" || sig64 == "" {
		return "", fmt.Errorf("%w: keyId and signature are required", ErrSignature)
	}
	if alg := strings.ToLower(params["algorithm"]); alg != "" && alg != "rsa-sha256" && alg != "hs2019" {
		return "", fmt.Errorf("%w: unsupported algorithm %q", ErrSignature, alg)
	}
	headers := strings.Fields(strings.ToLower(params["headers"]))
	if len(headers) == 0 {
		headers = []string{"date"} // the draft's default
	}
	need := []string{"(request-target)", "host", "date"}
	if len(body) > 0 || req.Method == http.MethodPost {
		need = append(need, "digest")
	}
	for _, h := range need {
		if !slices.Contains(headers, h) {
			return keyID, fmt.Errorf("%w: %s not signed", ErrHeaders, h)
		}
	}
	date, err := http.ParseTime(req.Header.Get("Date"))
	if err != nil {
		return keyID, fmt.Errorf("%w: %q", ErrDate, req.Header.Get("Date"))
	}
	if now.Sub(date) > maxSignatureAge || date.Sub(now) > maxSignatureSkew {
		return keyID, fmt.Errorf("%w: %s", ErrDate, date.Format(time.RFC3339))
	}
	if slices.Contains(headers, "digest") || len(body) > 0 {
		if !digestMatches(req.Header.Get("Digest"), body) {
			return keyID, ErrDigest
		}
	}
	signed, err := signingString(req, headers)
	if err != nil {
		return keyID, err
	}
	sig, err := base64.StdEncoding.DecodeString(sig64)
	if err != nil {
		return keyID, fmt.Errorf("%w: signature is not base64", ErrSignature)
	}
	pub, err := fetch(keyID)
	if err != nil {
		return keyID, err
	}
	rsaKey, ok := pub.(*rsa.PublicKey)
	if !ok {
		return keyID, fmt.Errorf("%w: key %s is not RSA", ErrSignature, keyID)
	}
	sum := sha256.Sum256([]byte(signed))
	if err := rsa.VerifyPKCS1v15(rsaKey, crypto.SHA256, sum[:], sig); err != nil {
		return keyID, fmt.Errorf("%w: key %s", ErrSignature, keyID)
	}
	return keyID, nil
}

// signingString builds the string the signature covers: one "name: value"
// line per signed header, in the order listed.
func signingString(req *http.Request, headers []string) (string, error) {
	lines := make([]string, 0, len(headers))
	for _, h := range headers {
		var v string
		switch h {
		case "(request-target)":
			v = strings.ToLower(req.Method) + " " + req.URL.RequestURI()
		case "host":
			v = req.Host
			if v == "" {
				v = req.URL.Host
			}
		default:
			vs := req.Header.Values(h)
			if len(vs) == 0 {
				return "", fmt.Errorf("%w: signed header %s is missing", ErrHeaders, h)
			}
			v = strings.Join(vs, ", ")
		}
		lines = append(lines, h+": "+v)
	}
	return strings.Join(lines, "\n"), nil
}

// parseSignature reads the comma-separated name="value" pairs of a
// Signature header; names are lowercased.
func parseSignature(s string) (map[string]string, error) {
	out := map[string]string{}
	for s = strings.TrimSpace(s); s != ""; {
		name, rest, ok := strings.Cut(s, "=")
		if !ok {
			return nil, errors.New("malformed parameter")
		}
		name = strings.ToLower(strings.TrimSpace(name))
		rest = strings.TrimSpace(rest)
		var value string
		if strings.HasPrefix(rest, `"`) {
			var b strings.Builder
			i := 1
			for ; i < len(rest) && rest[i] != '"'; i++ {
				if rest[i] == '\\' && i+1 < len(rest) {
					i++
				}
				b.WriteByte(rest[i])
			}
			if i >= len(rest) {
				return nil, errors.New("unterminated quoted value")
			}
			value, rest = b.String(), rest[i+1:]
		} else {
			value, rest, _ = strings.Cut(rest, ",")
			value, rest = strings.TrimSpace(value), ","+rest
		}
		out[name] = value
		rest = strings.TrimSpace(rest)
		if rest != "" && rest[0] != ',' {
			return nil, errors.New("expected a comma between parameters")
		}
		s = strings.TrimSpace(strings.TrimPrefix(rest, ","))
	}
	return out, nil
}

// digest is the Digest header value for body.
func digest(body []byte) string {
	sum := sha256.Sum256(body)
	return "SHA-256=" + base64.StdEncoding.EncodeToString(sum[:])
}

// digestMatches finds the SHA-256 entry among the header's comma-separated
// digests and compares it with body's.
func digestMatches(header string, body []byte) bool {
	want := sha256.Sum256(body)
	for _, part := range strings.Split(header, ",") {
		alg, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || !strings.EqualFold(alg, "SHA-256") {
			continue
		}
		got, err := base64.StdEncoding.DecodeString(strings.TrimSpace(val))
		return err == nil && subtle.ConstantTimeCompare(got, want[:]) == 1
	}
	return false
}
