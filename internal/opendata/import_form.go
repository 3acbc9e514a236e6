package opendata

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// importView is the import form, its errors, and the preview of a file.
type importView struct {
	Imported    []*Dataset
	Agencies    []warta.Agency
	Schemas     []Schema
	Frequencies []option
	Values      map[string]string
	Errors      map[string]string
	FieldErrors []fieldError // in form order, for the summary
	Checked     *Checked
	Upload      *Upload // set on the preview of a kept file
	NextVersion int
	MaxSize     string // "8 MB"
	Notice      string
}

type option struct{ Value, Label string }

type fieldError struct{ Field, Message string }

// Get is a field's submitted value.
func (v *importView) Get(name string) string { return v.Values[name] }

// Err is a field's error message.
func (v *importView) Err(name string) string { return v.Errors[name] }

// fail records a field's error (field "" for the form as a whole).
func (v *importView) fail(field, message string) {
	if v.Errors == nil {
		v.Errors = map[string]string{}
	}
	if _, dup := v.Errors[field]; dup && field != "" {
		return
	}
	v.Errors[field] = message
	v.FieldErrors = append(v.FieldErrors, fieldError{field, message})
}

// newImportView fills the form's choices.
func (s *Service) newImportView(ctx context.Context, r *http.Request) (*importView, error) {
	v := &importView{Values: map[string]string{"schema": TPSPerKecamatan.ID, "frequency": string(Irregular)},
		Schemas: Schemas, MaxSize: sizeLabel(s.maxUpload), Notice: s.notice(r)}
	var err error
	if v.Imported, err = s.importedDatasets(ctx); err != nil {
		return nil, err
	}
	if v.Agencies, err = s.db.Agencies(ctx); err != nil {
		return nil, err
	}
	for _, f := range Frequencies {
		v.Frequencies = append(v.Frequencies, option{string(f), f.Label()})
	}
	return v, nil
}

// importForm shows the upload form; ?dataset= preselects the dataset that
// gets a new version, with its latest schema.
func (s *Service) importForm(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	ctx := r.Context()
	v, err := s.newImportView(ctx, r)
	if err != nil {
		return err
	}
	if slug := r.URL.Query().Get("dataset"); slug != "" {
		for _, d := range v.Imported {
			if d.Slug == slug {
				v.Values["dataset"] = slug
				sc := d.Versions[0].Schema
				v.Values["schema"] = sc.ID
				if sc.ID == "kustom" {
					v.Values["schema_text"] = schemaText(sc)
				}
			}
		}
	}
	return s.renderImport(w, r, http.StatusOK, v, "Impor dataset")
}

// importPreview shows a kept file: the first rows and the button that
// publishes it.
func (s *Service) importPreview(w http.ResponseWriter, r *http.Request, u *warta.User) error {
	ctx := r.Context()
	up, err := s.upload(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	regions, err := s.db.Regions(ctx)
	if err != nil {
		return err
	}
	v, err := s.newImportView(ctx, r)
	if err != nil {
		return err
	}
	v.Upload, v.Checked = up, Check(up.Content, up.Meta.Schema, regions)
	for _, e := range v.Checked.Errors {
		v.fail("", e.String()) // regions changed since the upload; Publish refuses too
	}
	if v.NextVersion, err = s.nextVersion(ctx, up.Meta); err != nil {
		return err
	}
	return s.renderImport(w, r, http.StatusOK, v, "Pratinjau impor")
}

// nextVersion is the number a kept file would be published as.
func (s *Service) nextVersion(ctx context.Context, m ImportMeta) (int, error) {
	if m.New {
		return 1, nil
	}
	var n sql.NullInt64
	err := s.sql.QueryRowContext(ctx, s.db.Rebind(`SELECT MAX(v.version) FROM opendata_versions v
		JOIN opendata_datasets d ON d.id = v.dataset_id WHERE d.slug = ?`), m.Slug).Scan(&n)
	return int(n.Int64) + 1, err
}

func (s *Service) renderImport(w http.ResponseWriter, r *http.Request, status int, v *importView, title string) error {
	body, err := s.body("import", v)
	if err != nil {
		return err
	}
	s.frameStudio(w, r, status, title, body)
	return nil
}

// sizeLabel says a size limit in MB, or KB below one MB.
func sizeLabel(n int64) string {
	if n >= 1<<20 {
		return strconv.FormatInt(n>>20, 10) + " MB"
	}
	return strconv.FormatInt(max(n>>10, 1), 10) + " KB"
}

// schemaText writes a schema in ParseSchema's notation, to edit it again.
func schemaText(sc Schema) string {
	var out string
	for _, c := range sc.Columns {
		out += c.Name + " " + string(c.Type)
		if c.Key {
			out += " kunci"
		} else if c.Required {
			out += " wajib"
		}
		if c.NonNegative {
			out += " >=0"
		}
		if c.Description != "" {
			out += " | " + c.Description
		}
		out += "\n"
	}
	return out
}
