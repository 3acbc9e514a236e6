package newsletter

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/mail"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// articleMail is the data of a per-article email.
type articleMail struct {
	Site        string
	Article     *warta.Article
	URL         string
	Unsubscribe string
}

// digestItem is one article in a digest.
type digestItem struct {
	Article *warta.Article
	URL     string
}

// digestMail is the data of a daily digest.
type digestMail struct {
	Site        string
	Date        string
	Items       []digestItem
	Unsubscribe string
}

// listHeaders are the headers of every newsletter email: RFC 2369's
// List-Unsubscribe with the subscriber's own https link, RFC 8058's
// one-click marker, and a List-Id that mail programs group by.
func (s *Service) listHeaders(token string) map[string]string {
	h := map[string]string{
		"List-Unsubscribe":      "<" + s.unsubscribeURL(token) + ">",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
	}
	if u, err := url.Parse(s.cfg.BaseURL); err == nil && u.Hostname() != "" {
		h["List-Id"] = fmt.Sprintf("%s <berita.%s>", strings.NewReplacer("<", "", ">", "", `"`, "").Replace(s.cfg.SiteName), u.Hostname())
	}
	return h
}

// compose renders the named email pair (name.txt and name.html).
func (s *Service) compose(to, subject, name, token string, data any) (mail.Message, error) {
	var text, html strings.Builder
	if err := s.pages.text.ExecuteTemplate(&text, name+".txt", data); err != nil {
		return mail.Message{}, fmt.Errorf("newsletter: %s.txt: %w", name, err)
	}
	if err := s.pages.mail.ExecuteTemplate(&html, name+".html", data); err != nil {
		return mail.Message{}, fmt.Errorf("newsletter: %s.html: %w", name, err)
	}
	return mail.Message{To: to, Subject: subject, Text: text.String(), HTML: html.String(), Headers: s.listHeaders(token)}, nil
}

// articleURL is the article's absolute URL.
func (s *Service) articleURL(a *warta.Article) string { return s.cfg.BaseURL + a.Path() }

// longDate is "14 Februari 2024" in WIB.
func longDate(t time.Time) string {
	return warta.FormatDate(t)
}

// subjectLine keeps a subject on one line.
func subjectLine(s string) string { return strings.Join(strings.Fields(s), " ") }
