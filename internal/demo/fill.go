package demo

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// filler expands a story template for one article: "[[a|b|c]]" picks one
// alternative, "{key}" inserts a variable, "{n:120-900}" a number in that
// range and "{p:65-80}" a percentage with one decimal. A number asked for
// twice with the same range in one article is the same number, so a title
// and its body agree.
type filler struct {
	r    *rand.Rand
	vars map[string]string
}

func (f *filler) fill(s string) (string, error) {
	s = f.alternatives(s)
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return "", fmt.Errorf("unclosed { in %q", s)
		}
		v, err := f.value(s[i+1 : i+j])
		if err != nil {
			return "", err
		}
		b.WriteString(s[:i])
		b.WriteString(v)
		s = s[i+j+1:]
	}
}

func (f *filler) alternatives(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "[[")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.Index(s[i:], "]]")
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		opts := strings.Split(s[i+2:i+j], "|")
		b.WriteString(s[:i])
		b.WriteString(opts[f.r.IntN(len(opts))])
		s = s[i+j+2:]
	}
}

func (f *filler) value(key string) (string, error) {
	if v, ok := f.vars[key]; ok {
		return v, nil
	}
	kind, rng, ok := strings.Cut(key, ":")
	if !ok || (kind != "n" && kind != "p") {
		return "", fmt.Errorf("unknown placeholder {%s}", key)
	}
	a, b, ok := strings.Cut(rng, "-")
	lo, err1 := strconv.Atoi(a)
	hi, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || hi < lo {
		return "", fmt.Errorf("bad range in {%s}", key)
	}
	var v string
	if kind == "n" {
		v = thousands(lo + f.r.IntN(hi-lo+1))
	} else {
		tenths := lo*10 + f.r.IntN((hi-lo)*10+1)
		v = strconv.Itoa(tenths/10) + "," + strconv.Itoa(tenths%10)
	}
	f.vars[key] = v
	return v, nil
}
