package portal

import (
	"context"
	"fmt"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// sectionKind is one of the ways the portal groups stories.
type sectionKind int

// The sections: the whole site, and the four kinds of section page.
const (
	siteSection sectionKind = iota
	regionSection
	stageSection
	agencySection
	tagSection
)

// section is a resolved section: what to call it, where it lives and which
// articles belong to it.
type section struct {
	Kind   sectionKind
	Label  string // "Wilayah", "Tahapan", "Sumber", "Tag"
	Name   string // "Kota Surabaya"
	Intro  string
	Path   string // "/wilayah/kota-surabaya"
	Filter warta.ArticleFilter
}

// FeedPath is the section's feed path without extension.
func (s section) FeedPath() string {
	if s.Kind == siteSection {
		return "/feed"
	}
	return s.Path + "/feed"
}

// Title is how the section is named in titles and feeds.
func (s section) Title() string {
	if s.Kind == siteSection {
		return s.Name
	}
	return s.Label + " " + s.Name
}

// resolveSection looks up a section by kind and slug. Unknown or malformed
// slugs are ENotFound.
func (p *Portal) resolveSection(ctx context.Context, kind sectionKind, slug string) (section, error) {
	if kind == siteSection {
		return section{Kind: kind, Name: p.site.Name, Path: "/",
			Intro: "Informasi resmi pemilu dan pilkada di Jawa Timur."}, nil
	}
	if !warta.ValidSlug(slug) {
		return section{}, warta.Errorf(warta.ENotFound, "Bagian yang Anda cari tidak ada.")
	}
	var s section
	switch kind {
	case regionSection:
		r, err := p.db.RegionBySlug(ctx, slug)
		if err != nil {
			return s, sectionErr(err, "Wilayah tidak ditemukan. Pilih wilayah dari daftar di beranda.")
		}
		s = section{Label: "Wilayah", Name: r.Name, Path: "/wilayah/" + r.Slug,
			Intro:  "Berita dan informasi resmi pemilu untuk " + r.Name + ".",
			Filter: warta.ArticleFilter{Region: r.Slug}}
	case stageSection:
		st, err := p.db.StageBySlug(ctx, slug)
		if err != nil {
			return s, sectionErr(err, "Tahapan tidak ditemukan. Lihat daftar tahapan di halaman Jadwal.")
		}
		s = section{Label: "Tahapan", Name: st.Name + " (" + st.ElectionName + ")", Path: "/tahapan/" + st.Slug,
			Intro:  "Tahapan " + st.ElectionName + ", " + formatRange(st.Start, st.End) + ".",
			Filter: warta.ArticleFilter{Stage: st.Slug}}
	case agencySection:
		a, err := p.db.AgencyBySlug(ctx, slug)
		if err != nil {
			return s, sectionErr(err, "Sumber tidak ditemukan.")
		}
		s = section{Label: "Sumber", Name: a.Name, Path: "/sumber/" + a.Slug,
			Intro:  "Informasi resmi dari " + a.Name + ".",
			Filter: warta.ArticleFilter{Agency: a.Slug}}
	case tagSection:
		t, err := p.db.TagBySlug(ctx, slug)
		if err != nil {
			return s, sectionErr(err, "Tag tidak ditemukan.")
		}
		s = section{Label: "Tag", Name: t.Name, Path: "/tag/" + t.Slug,
			Intro:  "Berita dengan tag " + t.Name + ".",
			Filter: warta.ArticleFilter{Tag: t.Slug}}
	default:
		return s, fmt.Errorf("portal: unknown section kind %d", kind)
	}
	s.Kind = kind
	return s, nil
}

// sectionErr replaces the store's not-found message with one that helps the
// reader, and wraps anything else.
func sectionErr(err error, notFound string) error {
	if warta.ErrorCode(err) == warta.ENotFound {
		return warta.Errorf(warta.ENotFound, "%s", notFound)
	}
	return fmt.Errorf("portal: section: %w", err)
}
