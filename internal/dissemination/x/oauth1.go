package x

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// OAuth 1.0a user context (RFC 5849, HMAC-SHA1) is the second way a
// channel can sign its requests. An OAuth 2.0 user token expires after
// two hours and its refresh token rotates on every use, so a newsroom that
// pastes one into the studio loses the channel the same afternoon. The
// four OAuth 1.0a values from the X developer portal (API Key and Secret,
// Access Token and Secret) never expire, and X API v2 accepts them for
// POST /2/tweets, DELETE /2/tweets/:id and GET /2/users/me.

// oauth1Secrets are the channel secrets that select OAuth 1.0a, in the
// names the X developer portal gives them.
var oauth1Secrets = [...]string{"api_key", "api_key_secret", "access_token", "access_token_secret"}

// oauth1 signs requests for one user of one app.
type oauth1 struct {
	consumerKey, consumerSecret string
	token, tokenSecret          string
	// now and nonce are replaced in tests to reproduce a signature.
	now   func() time.Time
	nonce func() string
}

// oauth1From returns the signer for a channel whose secrets hold the four
// OAuth 1.0a values, nil when they hold none of the three beyond
// access_token (an OAuth 2.0 channel), or an error naming what is missing.
func oauth1From(secrets map[string]string) (*oauth1, error) {
	var missing []string
	extra := 0
	for _, k := range oauth1Secrets {
		if secrets[k] == "" {
			missing = append(missing, k)
		} else if k != "access_token" {
			extra++
		}
	}
	if extra == 0 {
		return nil, nil
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("Kredensial OAuth 1.0a X belum lengkap: %s belum diisi", strings.Join(missing, ", "))
	}
	return &oauth1{
		consumerKey: secrets["api_key"], consumerSecret: secrets["api_key_secret"],
		token: secrets["access_token"], tokenSecret: secrets["access_token_secret"],
		now: time.Now, nonce: randomNonce,
	}, nil
}

func randomNonce() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// header returns the Authorization header for a request. form holds the
// application/x-www-form-urlencoded body parameters, if any; a JSON body
// is not signed, as RFC 5849 §3.4.1.3 says.
func (o *oauth1) header(method, rawURL string, form url.Values) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", fmt.Errorf("x: oauth1: %w", err)
	}
	oauth := map[string]string{
		"oauth_consumer_key":     o.consumerKey,
		"oauth_nonce":            o.nonce(),
		"oauth_signature_method": "HMAC-SHA1",
		"oauth_timestamp":        strconv.FormatInt(o.now().Unix(), 10),
		"oauth_token":            o.token,
		"oauth_version":          "1.0",
	}
	params := url.Values{}
	for k, vs := range u.Query() {
		params[k] = append(params[k], vs...)
	}
	for k, vs := range form {
		params[k] = append(params[k], vs...)
	}
	for k, v := range oauth {
		params.Set(k, v)
	}
	oauth["oauth_signature"] = o.sign(baseString(method, u, params))
	keys := make([]string, 0, len(oauth))
	for k := range oauth {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = percent(k) + `="` + percent(oauth[k]) + `"`
	}
	return "OAuth " + strings.Join(parts, ", "), nil
}

// sign is the base64 HMAC-SHA1 of the base string under the consumer and
// token secrets.
func (o *oauth1) sign(base string) string {
	m := hmac.New(sha1.New, []byte(percent(o.consumerSecret)+"&"+percent(o.tokenSecret)))
	m.Write([]byte(base))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// baseString is RFC 5849 §3.4.1: the method, the URL without query or
// fragment, and every parameter encoded, sorted and joined.
func baseString(method string, u *url.URL, params url.Values) string {
	host := strings.ToLower(u.Host)
	scheme := strings.ToLower(u.Scheme)
	if (scheme == "https" && strings.HasSuffix(host, ":443")) || (scheme == "http" && strings.HasSuffix(host, ":80")) {
		host = host[:strings.LastIndexByte(host, ':')]
	}
	type pair struct{ k, v string }
	var pairs []pair
	for k, vs := range params {
		for _, v := range vs {
			pairs = append(pairs, pair{percent(k), percent(v)})
		}
	}
	// Sorted by encoded key, then encoded value (§3.4.1.3.2).
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].k != pairs[j].k {
			return pairs[i].k < pairs[j].k
		}
		return pairs[i].v < pairs[j].v
	})
	joined := make([]string, len(pairs))
	for i, p := range pairs {
		joined[i] = p.k + "=" + p.v
	}
	return strings.ToUpper(method) + "&" + percent(scheme+"://"+host+u.EscapedPath()) + "&" + percent(strings.Join(joined, "&"))
}

// percent encodes everything but RFC 3986's unreserved characters, with
// upper-case hex, as OAuth requires (url.QueryEscape writes ' ' as '+').
func percent(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}
