package contestweb

import (
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/contest"
)

var funcs = template.FuncMap{
	"wib":       contest.FormatWIB,
	"iso":       func(t time.Time) string { return t.Format(time.RFC3339) },
	"size":      formatSize,
	"types":     typeNames,
	"platforms": platformNames,
	"score":     formatScore,
	"aria":      ariaInvalid,
	"ferr":      fieldErr,
	"accept":    accept,
	"prize":     prizeLine,
	"platform":  contest.PlatformName,
	"thumb":     thumbQuery,
}

// formatSize writes a size limit as people read it: "2 MB", "1,5 MB",
// "500 KB".
func formatSize(n int64) string {
	switch {
	case n >= 1<<20:
		return decimal(float64(n)/(1<<20), 1) + " MB"
	case n >= 1<<10:
		return decimal(float64(n)/(1<<10), 1) + " KB"
	}
	return strconv.FormatInt(n, 10) + " byte"
}

// formatScore writes a final score with two decimals and a decimal comma:
// "85,50".
func formatScore(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', 2, 64), ".", ",", 1)
}

// decimal writes v with at most the given decimals, Indonesian style.
func decimal(v float64, places int) string {
	s := strconv.FormatFloat(v, 'f', places, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return strings.Replace(s, ".", ",", 1)
}

var fileTypeNames = map[string]string{contest.TypeJPEG: "JPEG", contest.TypePNG: "PNG", contest.TypeWebP: "WebP", contest.TypePDF: "PDF"}

// typeNames lists a category's file types: "JPEG, PNG atau PDF".
func typeNames(types []string) string {
	names := make([]string, len(types))
	for i, t := range types {
		names[i] = fileTypeNames[t]
	}
	return joinOr(names)
}

// platformNames lists a category's platforms: "TikTok atau YouTube".
func platformNames(ps []string) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = contest.PlatformName(p)
	}
	return joinOr(names)
}

func joinOr(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " atau " + names[len(names)-1]
}

// accept is the accept attribute of a category's file input, so the
// phone's picker offers the right files; the server still checks content.
func accept(types []string) string {
	var out []string
	for _, t := range types {
		out = append(out, t)
		switch t {
		case contest.TypeJPEG:
			out = append(out, ".jpg", ".jpeg")
		case contest.TypePNG:
			out = append(out, ".png")
		case contest.TypeWebP:
			out = append(out, ".webp")
		case contest.TypePDF:
			out = append(out, ".pdf")
		}
	}
	return strings.Join(out, ",")
}

// prizeLine is a prize as the page lists it: "Juara 1: Rp5.000.000".
func prizeLine(p contest.Prize) string {
	if p.Reward == "" {
		return p.Title
	}
	return p.Title + ": " + p.Reward
}

// thumbQuery picks the resized copy of an entry's image a phone needs,
// as the query of its file URL: "?w=640", or "" for the original.
func thumbQuery(f *contest.EntryFile) string {
	best := 0
	for _, w := range f.Variants {
		if w <= 640 && w > best {
			best = w
		}
	}
	if best == 0 {
		return ""
	}
	return "?w=" + strconv.Itoa(best)
}
