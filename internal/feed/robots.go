package feed

import (
	"bytes"
	"strings"
)

// Robots renders robots.txt: everything may be crawled except the staff
// studio, the API and search result pages (endless, thin and costly), and
// crawlers are pointed at the sitemap index and the news sitemap.
func Robots(s Site) []byte {
	b := strings.TrimRight(s.BaseURL, "/")
	var buf bytes.Buffer
	buf.WriteString("User-agent: *\n")
	buf.WriteString("Disallow: /studio/\n")
	buf.WriteString("Disallow: /api/\n")
	buf.WriteString("Disallow: /cari?\n")
	buf.WriteString("\n")
	buf.WriteString("Sitemap: " + b + "/sitemap.xml\n")
	buf.WriteString("Sitemap: " + b + "/sitemap-news.xml\n")
	return buf.Bytes()
}
