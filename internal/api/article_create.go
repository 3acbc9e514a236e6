package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// articleInput is the article's editable fields: a new draft's content, or
// the fields a PATCH changes. Sections are named by slug, the photo by its
// media ID.
type articleInput struct {
	Title         *string   `json:"title"`
	Slug          *string   `json:"slug"`
	Dek           *string   `json:"dek"`
	Body          *string   `json:"body"`
	Dateline      *string   `json:"dateline"`
	Byline        *string   `json:"byline"`
	BylineCode    *string   `json:"byline_code"`
	Agency        *string   `json:"agency"`
	Regions       *[]string `json:"regions"`
	Stages        *[]string `json:"stages"`
	Tags          *[]string `json:"tags"`
	LeadImageID   *string   `json:"lead_image_id"`
	Headline      *bool     `json:"headline"`
	HeadlineOrder *int      `json:"headline_order"`
}

// content reports whether in changes anything but the headline flag and
// order.
func (in *articleInput) content() bool {
	return in.Title != nil || in.Slug != nil || in.Dek != nil || in.Body != nil || in.Dateline != nil ||
		in.Byline != nil || in.BylineCode != nil || in.Agency != nil || in.Regions != nil || in.Stages != nil ||
		in.Tags != nil || in.LeadImageID != nil
}

// createArticle stores a new draft.
func (a *API) createArticle(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	var in articleInput
	if err := decodeJSON(w, r, &in, true); err != nil {
		return err
	}
	art := &warta.Article{}
	if err := a.apply(r.Context(), &in, art); err != nil {
		return err
	}
	if err := a.nr.Create(r.Context(), u, art); err != nil {
		return err
	}
	sa, err := a.nr.Get(r.Context(), u, art.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/articles/"+art.ID)
	return writeJSON(w, http.StatusCreated, a.article(u, sa))
}

// apply copies the fields present in in onto art, resolving slugs and the
// photo's ID. Every unknown slug or ID is reported, each under its field.
// The rest (a title, a valid slug, an agency) the service checks.
func (a *API) apply(ctx context.Context, in *articleInput, art *warta.Article) error {
	text := func(dst *string, v *string) {
		if v != nil {
			*dst = strings.TrimSpace(*v)
		}
	}
	text(&art.Title, in.Title)
	text(&art.Slug, in.Slug)
	text(&art.Dek, in.Dek)
	text(&art.Dateline, in.Dateline)
	text(&art.Byline, in.Byline)
	text(&art.BylineCode, in.BylineCode)
	if in.Body != nil {
		art.Body = *in.Body
	}
	var errs []FieldError
	bad := func(field, format string, args ...any) {
		errs = append(errs, FieldError{Field: field, Detail: fmt.Sprintf(format, args...)})
	}
	if in.Agency != nil {
		slug := strings.TrimSpace(*in.Agency)
		art.AgencyID, art.Agency = "", warta.Agency{}
		if slug != "" {
			ag, err := a.db.AgencyBySlug(ctx, slug)
			switch warta.ErrorCode(err) {
			case "":
				art.AgencyID, art.Agency = ag.ID, ag
			case warta.ENotFound:
				bad("agency", "Instansi %q tidak dikenal. Tulis slug instansi sumber, mis. \"kpu-jatim\".", slug)
			default:
				return err
			}
		}
	}
	if in.Regions != nil {
		art.Regions = []warta.Region{}
		for _, slug := range *in.Regions {
			reg, err := a.db.RegionBySlug(ctx, strings.TrimSpace(slug))
			switch warta.ErrorCode(err) {
			case "":
				art.Regions = append(art.Regions, reg)
			case warta.ENotFound:
				bad("regions", "Wilayah %q tidak dikenal. Tulis slug wilayah, mis. \"kota-surabaya\" atau \"jawa-timur\".", slug)
			default:
				return err
			}
		}
	}
	if in.Stages != nil {
		art.Stages = []warta.Stage{}
		for _, slug := range *in.Stages {
			st, err := a.db.StageBySlug(ctx, strings.TrimSpace(slug))
			switch warta.ErrorCode(err) {
			case "":
				art.Stages = append(art.Stages, st)
			case warta.ENotFound:
				bad("stages", "Tahapan %q tidak dikenal. Tulis slug tahapan, mis. \"pemilu-2024-kampanye\".", slug)
			default:
				return err
			}
		}
	}
	if in.Tags != nil {
		art.Tags = []warta.Tag{}
		for _, name := range *in.Tags {
			if name = strings.TrimSpace(name); name != "" {
				art.Tags = append(art.Tags, warta.Tag{Name: name})
			}
		}
	}
	if in.LeadImageID != nil {
		art.LeadImage = nil
		if id := strings.TrimSpace(*in.LeadImageID); id != "" {
			m, err := a.db.MediaByID(ctx, id)
			switch warta.ErrorCode(err) {
			case "":
				art.LeadImage = m
			case warta.ENotFound:
				bad("lead_image_id", "Foto %q tidak ada di pustaka media. Unggah fotonya dulu, lalu pakai ID-nya.", id)
			default:
				return err
			}
		}
	}
	if in.Headline != nil {
		art.Headline = *in.Headline
	}
	if in.HeadlineOrder != nil {
		if *in.HeadlineOrder < 0 {
			bad("headline_order", "Urutan headline tidak boleh negatif; 1 tampil paling depan.")
		}
		art.HeadlineOrder = *in.HeadlineOrder
	}
	if len(errs) > 0 {
		return &inputError{fields: errs}
	}
	return nil
}
