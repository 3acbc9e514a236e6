package match

import (
	"net/url"
	"regexp"
	"sort"
	"strings"
)

// shortLinkHosts are URL shorteners: their paths are case-sensitive codes and
// their redirects are not followed at intake, so they are kept as given
// (only scheme and host are normalised).
var shortLinkHosts = map[string]bool{
	"bit.ly": true, "s.id": true, "t.co": true, "tinyurl.com": true, "goo.gl": true,
	"ow.ly": true, "is.gd": true, "buff.ly": true, "cutt.ly": true, "rebrand.ly": true,
	"shorturl.at": true, "t.ly": true, "rb.gy": true, "lnkd.in": true, "wa.me": true,
	"youtu.be": true, "fb.me": true, "tiny.cc": true, "bitly.com": true, "linktr.ee": true,
	"shope.ee": true, "vt.tiktok.com": true, "vm.tiktok.com": true,
}

// trackingParams are query parameters that identify who shared a link, not
// what it points to.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "msclkid": true, "igshid": true,
	"igsh": true, "si": true, "s": true, "ref": true, "ref_src": true, "ref_url": true,
	"mibextid": true, "_ga": true, "_gl": true, "mc_cid": true, "mc_eid": true,
	"yclid": true, "twclid": true, "ttclid": true, "share": true, "sharer": true,
	"feature": true, "app": true, "wtsrc": true, "amp": true, "__tn__": true,
	"rdid": true, "from": true, "source": true, "share_source": true, "share_id": true,
}

// NormalizeURL returns a canonical form of raw for exact matching: scheme
// and host lowercased, "www." and "m." dropped, default ports, fragments,
// tracking parameters (utm_*, fbclid, gclid, igshid, si, s, ref, …) and a
// trailing slash removed, remaining parameters sorted. Links on URL
// shorteners keep their path and query as given. The scheme is folded to
// https, since the same page is shared over both. It returns "" when raw is
// not an absolute web address.
func NormalizeURL(raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	if !strings.Contains(raw, "://") {
		if i := strings.IndexByte(raw, ':'); i > 0 && !strings.Contains(raw[:i], ".") {
			return "" // mailto:, tel:, whatsapp: …
		}
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	host = strings.TrimSuffix(host, ".")
	if p := u.Port(); p != "" && p != "80" && p != "443" {
		host += ":" + p
	}
	if shortLinkHosts[strings.TrimPrefix(host, "www.")] {
		host = strings.TrimPrefix(host, "www.")
		s := "https://" + host + u.EscapedPath()
		if u.RawQuery != "" {
			s += "?" + u.RawQuery
		}
		return s
	}
	for _, p := range []string{"www.", "m.", "mobile.", "amp."} {
		if strings.HasPrefix(host, p) && strings.Count(host, ".") >= 2 {
			host = host[len(p):]
			break
		}
	}
	path := u.EscapedPath()
	path = strings.TrimRight(path, "/")
	if strings.HasSuffix(path, "/amp") {
		path = strings.TrimSuffix(path, "/amp")
	}
	var keep []string
	if u.RawQuery != "" {
		for _, kv := range strings.Split(u.RawQuery, "&") {
			if kv == "" {
				continue
			}
			k, _, _ := strings.Cut(kv, "=")
			lk := strings.ToLower(k)
			if strings.HasPrefix(lk, "utm_") || trackingParams[lk] {
				continue
			}
			keep = append(keep, kv)
		}
		sort.Strings(keep)
	}
	s := "https://" + host + path
	if len(keep) > 0 {
		s += "?" + strings.Join(keep, "&")
	}
	return s
}

// urlPattern finds web addresses in forwarded text, with or without scheme.
var urlPattern = regexp.MustCompile(`(?i)\b(?:https?://|www\.)[^\s<>"'“”]+|\b(?:[a-z0-9-]+\.)+(?:com|id|net|org|ly|co|me|io|gov|ac|info|link|site|xyz|to|tv)(?:\.[a-z]{2})?/[^\s<>"'“”]*`)

// extractURLs returns the web addresses found in text and the text with them
// replaced by spaces.
func extractURLs(text string) (urls []string, rest string) {
	locs := urlPattern.FindAllStringIndex(text, -1)
	if len(locs) == 0 {
		return nil, text
	}
	var b strings.Builder
	last := 0
	for _, l := range locs {
		u := strings.TrimRight(text[l[0]:l[1]], ".,;:!?)]}")
		urls = append(urls, u)
		b.WriteString(text[last:l[0]])
		b.WriteByte(' ')
		last = l[1]
	}
	b.WriteString(text[last:])
	return urls, b.String()
}
