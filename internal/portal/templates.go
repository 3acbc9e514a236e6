package portal

import (
	"embed"
	"fmt"
	"html/template"
	"time"

	"github.com/kominfo-jatim/warta/internal/media"
	"github.com/kominfo-jatim/warta/internal/warta"
)

//go:embed templates
var templateFS embed.FS

// pageNames are the page templates; each is parsed together with the shared
// layout and partials into its own set.
var pageNames = []string{"home", "list", "article", "search", "schedule", "error"}

// parseTemplates parses every page once, at start-up.
func parseTemplates(funcs template.FuncMap) (map[string]*template.Template, error) {
	base, err := template.New("").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	pages := make(map[string]*template.Template, len(pageNames))
	for _, name := range pageNames {
		t, err := template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// funcs are the helpers templates may call.
func (p *Portal) funcs() template.FuncMap {
	return template.FuncMap{
		"dateTime":  formatDateTime,
		"date":      formatDate,
		"day":       formatDay,
		"dateRange": formatRange,
		"number":    formatNumber,
		"iso":       isoTime,
		"mediaURL":  media.URL,
		"imgSrc":    imageSrc,
		"srcset":    media.SrcSet,
		"short": func(s string, n int) string {
			return truncateRunes(s, n)
		},
		"updated": func(a *warta.Article) bool {
			return a.UpdatedAt.Sub(a.PublishedAt) >= time.Minute
		},
		"region": regionLabel,
		"thumbHeight": func(m *warta.Media, width int) int {
			if m.Width <= 0 {
				return width * 9 / 16
			}
			return m.Height * width / m.Width
		},
	}
}

// imageSrc is the URL of the variant of m nearest to want pixels wide: the
// smallest stored variant at least that wide, else the largest, else the
// original.
func imageSrc(m *warta.Media, want int) string {
	return media.URL(m.Key, variantWidth(m, want))
}

// variantWidth picks the stored variant width for imageSrc; 0 means the
// original.
func variantWidth(m *warta.Media, want int) int {
	best := 0
	for _, w := range m.Variants {
		switch {
		case w >= want && (best < want || w < best):
			best = w
		case best < want && w > best:
			best = w
		}
	}
	return best
}

// regionLabel is a region's name short enough for chips and card lines but
// still unambiguous: "Kab. Malang" and "Kota Malang" are different places.
func regionLabel(r warta.Region) string {
	switch r.Kind {
	case warta.RegionKabupaten:
		return "Kab. " + r.ShortName()
	case warta.RegionKota:
		return r.Name
	}
	return r.ShortName()
}
