package contest

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// Link is a checked link to a post on a supported platform.
type Link struct {
	URL      string // the link as stored: https, without tracking parameters
	Platform string
	// Key identifies the post whatever form its link took
	// ("youtube:dQw4w9WgXcQ"), to refuse the same post twice.
	Key string
}

var (
	igPath      = regexp.MustCompile(`^/(?:p|reel)/([A-Za-z0-9_-]+)/?$`)
	tiktokPath  = regexp.MustCompile(`^/@[A-Za-z0-9_.]+/video/([0-9]+)/?$`)
	ytID        = regexp.MustCompile(`^[A-Za-z0-9_-]{11}$`)
	ytShortPath = regexp.MustCompile(`^/shorts/([A-Za-z0-9_-]{11})/?$`)
	ytBePath    = regexp.MustCompile(`^/([A-Za-z0-9_-]{11})/?$`)
	xPath       = regexp.MustCompile(`^/[A-Za-z0-9_]{1,15}/status/([0-9]+)/?$`)
)

// linkHosts maps each accepted host to its platform.
var linkHosts = map[string]string{
	"instagram.com": PlatformInstagram, "www.instagram.com": PlatformInstagram,
	"tiktok.com": PlatformTikTok, "www.tiktok.com": PlatformTikTok, "m.tiktok.com": PlatformTikTok,
	"youtube.com": PlatformYouTube, "www.youtube.com": PlatformYouTube, "m.youtube.com": PlatformYouTube, "youtu.be": PlatformYouTube,
	"x.com": PlatformX, "www.x.com": PlatformX, "twitter.com": PlatformX, "www.twitter.com": PlatformX, "mobile.twitter.com": PlatformX,
	"facebook.com": PlatformFacebook, "www.facebook.com": PlatformFacebook, "m.facebook.com": PlatformFacebook, "web.facebook.com": PlatformFacebook,
}

// linkShapes tells participants what a post's link looks like.
var linkShapes = map[string]string{
	PlatformInstagram: "https://www.instagram.com/p/… atau https://www.instagram.com/reel/…",
	PlatformTikTok:    "https://www.tiktok.com/@akun/video/…",
	PlatformYouTube:   "https://www.youtube.com/watch?v=…, https://youtu.be/… atau https://www.youtube.com/shorts/…",
	PlatformX:         "https://x.com/akun/status/…",
	PlatformFacebook:  "https://www.facebook.com/…",
}

// ParseLink checks that raw links to a post on one of the allowed
// platforms and returns it in its stored form. Refusals are EInvalid on
// the field "link", saying which platforms are accepted or what a post's
// link on that platform looks like.
func ParseLink(raw string, allowed []string) (*Link, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, invalid("link", "Tautan karya wajib diisi.")
	}
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil || u.Port() != "" || u.Host == "" {
		return nil, invalid("link", "Tautan tidak valid. Salin alamat lengkap kiriman Anda, diawali https://.")
	}
	host := strings.ToLower(u.Hostname())
	platform, ok := linkHosts[host]
	names := make([]string, len(allowed))
	for i, p := range allowed {
		names[i] = PlatformName(p)
	}
	if !ok || !slices.Contains(allowed, platform) {
		return nil, invalid("link", "Kategori ini hanya menerima tautan kiriman dari %s.", joinAnd(names))
	}
	wrong := invalid("link", "Tautan ini bukan tautan ke satu kiriman %s. Contoh bentuk yang diterima: %s.",
		PlatformName(platform), linkShapes[platform])
	var id, clean string
	switch platform {
	case PlatformInstagram:
		m := igPath.FindStringSubmatch(u.Path)
		if m == nil {
			return nil, wrong
		}
		kind := strings.Split(u.Path, "/")[1]
		id, clean = m[1], "https://www.instagram.com/"+kind+"/"+m[1]+"/"
	case PlatformTikTok:
		m := tiktokPath.FindStringSubmatch(u.Path)
		if m == nil {
			return nil, wrong
		}
		id, clean = m[1], "https://www.tiktok.com"+strings.TrimSuffix(u.Path, "/")
	case PlatformYouTube:
		switch {
		case host == "youtu.be":
			if m := ytBePath.FindStringSubmatch(u.Path); m != nil {
				id = m[1]
			}
		case u.Path == "/watch":
			if v := u.Query().Get("v"); ytID.MatchString(v) {
				id = v
			}
		default:
			if m := ytShortPath.FindStringSubmatch(u.Path); m != nil {
				id = m[1]
			}
		}
		if id == "" {
			return nil, wrong
		}
		clean = "https://www.youtube.com/watch?v=" + id
		if strings.HasPrefix(u.Path, "/shorts/") {
			clean = "https://www.youtube.com/shorts/" + id
		}
	case PlatformX:
		m := xPath.FindStringSubmatch(u.Path)
		if m == nil {
			return nil, wrong
		}
		id, clean = m[1], "https://x.com"+strings.TrimSuffix(u.Path, "/")
	case PlatformFacebook:
		path := strings.TrimSuffix(u.Path, "/")
		if path == "" || path == "/home.php" || path == "/login" {
			return nil, wrong
		}
		// Facebook posts are identified by their path and a few query
		// parameters (story_fbid, id, v, fbid); everything else is tracking.
		q := url.Values{}
		for _, k := range []string{"story_fbid", "id", "v", "fbid"} {
			if v := u.Query().Get(k); v != "" {
				q.Set(k, v)
			}
		}
		clean = "https://www.facebook.com" + path
		if len(q) > 0 {
			clean += "?" + q.Encode()
		}
		id = strings.ToLower(strings.TrimPrefix(clean, "https://www.facebook.com"))
	}
	return &Link{URL: clean, Platform: platform, Key: platform + ":" + id}, nil
}
