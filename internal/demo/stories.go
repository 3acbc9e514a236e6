package demo

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
)

// The demo's stories are written as templates in stories/*.txt, one block per
// story:
//
//	=== tahap: pemilu-2024-kampanye | sumber: kpu | wilayah: 6 | gambar: megafon | tag: Kampanye, APK
//	# Title with {nama}
//	# An alternative title
//	> The dek.
//	! A public correction note (optional).
//	Body paragraphs, separated by blank lines; "## " subheadings and "- " lists are Markdown.
//
// Header keys: tahap (stage slug), sumber (kpu, bawaslu or kominfo),
// wilayah (a number of kabupaten/kota, or "provinsi"), gambar (scene),
// tag (comma-separated), hari or hari-akhir ("a..b": days after the stage's
// first or last day), utama (headline order), terkini (published in the
// last 72 hours instead of during the stage).
//
//go:embed stories/*.txt
var storyFiles embed.FS

type story struct {
	where      string // file:line, for errors
	stage      string
	agency     string
	count      int // kabupaten/kota to write it for; 0 for the province
	scene      int
	tags       []string
	days       *[2]int
	fromEnd    bool
	headline   int
	recent     bool
	titles     []string
	dek        string
	correction string
	body       []string
}

// loadStories parses every story file in name order.
func loadStories() ([]story, error) {
	names, err := fs.Glob(storyFiles, "stories/*.txt")
	if err != nil {
		return nil, err
	}
	var out []story
	for _, name := range names {
		data, err := storyFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		ss, err := parseStories(name, string(data))
		if err != nil {
			return nil, err
		}
		out = append(out, ss...)
	}
	return out, nil
}

func parseStories(name, text string) ([]story, error) {
	var (
		out  []story
		cur  *story
		para []string
	)
	flush := func() {
		if cur != nil && len(para) > 1 && strings.HasPrefix(para[0], "#") {
			// A subheading is a block of its own, whatever follows it.
			cur.body = append(cur.body, para[0])
			para = para[1:]
		}
		if cur != nil && len(para) > 0 {
			sep := " "
			if strings.HasPrefix(para[0], "- ") {
				sep = "\n"
			}
			cur.body = append(cur.body, strings.Join(para, sep))
		}
		para = nil
	}
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), " \t")
		where := fmt.Sprintf("%s:%d", name, n)
		switch {
		case strings.HasPrefix(line, "=== "):
			flush()
			s, err := parseHeader(where, line[4:])
			if err != nil {
				return nil, err
			}
			out = append(out, s)
			cur = &out[len(out)-1]
		case cur == nil || strings.HasPrefix(line, "//"):
			// text before the first story and comments
		case strings.HasPrefix(line, "# "):
			cur.titles = append(cur.titles, line[2:])
		case strings.HasPrefix(line, "> "):
			cur.dek = line[2:]
		case strings.HasPrefix(line, "! "):
			cur.correction = line[2:]
		case line == "":
			flush()
		default:
			para = append(para, line)
		}
	}
	flush()
	for _, s := range out {
		if len(s.titles) == 0 || s.dek == "" || len(s.body) < 3 {
			return nil, fmt.Errorf("demo: story at %s needs a title, a dek and at least three paragraphs", s.where)
		}
	}
	return out, sc.Err()
}

func parseHeader(where, h string) (story, error) {
	s := story{where: where, scene: -1}
	bad := func(format string, args ...any) (story, error) {
		return story{}, fmt.Errorf("demo: story at %s: %s", where, fmt.Sprintf(format, args...))
	}
	for _, field := range strings.Split(h, "|") {
		key, val, _ := strings.Cut(strings.TrimSpace(field), ":")
		val = strings.TrimSpace(val)
		switch key {
		case "tahap":
			s.stage = val
		case "sumber":
			if val != "kpu" && val != "bawaslu" && val != "kominfo" {
				return bad("unknown source %q", val)
			}
			s.agency = val
		case "wilayah":
			if val != "provinsi" {
				n, err := strconv.Atoi(val)
				if err != nil || n < 1 {
					return bad("wilayah must be provinsi or a count, not %q", val)
				}
				s.count = n
			}
		case "gambar":
			if s.scene = sceneIndex(val); s.scene < 0 {
				return bad("unknown scene %q", val)
			}
		case "tag":
			for _, t := range strings.Split(val, ",") {
				if t = strings.TrimSpace(t); t != "" {
					s.tags = append(s.tags, t)
				}
			}
		case "hari", "hari-akhir":
			a, b, ok := strings.Cut(val, "..")
			from, err1 := strconv.Atoi(a)
			to, err2 := strconv.Atoi(b)
			if !ok || err1 != nil || err2 != nil || to < from {
				return bad("%s must be a..b, not %q", key, val)
			}
			s.days, s.fromEnd = &[2]int{from, to}, key == "hari-akhir"
		case "utama":
			n, err := strconv.Atoi(val)
			if err != nil || n < 1 {
				return bad("utama must be a headline position, not %q", val)
			}
			s.headline = n
		case "terkini":
			s.recent = true
		default:
			return bad("unknown key %q", key)
		}
	}
	if s.stage == "" || s.agency == "" || s.scene < 0 {
		return bad("tahap, sumber and gambar are required")
	}
	return s, nil
}
