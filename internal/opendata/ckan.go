package opendata

import (
	"context"
	"crypto/sha1"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The CKAN action API (v3), read side, as the government's Satu Data
// portals harvest it: package_list, package_show and package_search answer
// in CKAN's envelope {"help", "success", "result"}, and failures as CKAN's
// do: {"help", "success": false, "error": {"__type": …, "message": …}} with
// its statuses (404 Not Found Error, 409 Validation Error, 400 for an
// unknown action). Package fields follow CKAN 2.9–2.11.

type ckanEnvelope struct {
	Help    string `json:"help"`
	Success bool   `json:"success"`
	Result  any    `json:"result,omitempty"`
	Error   any    `json:"error,omitempty"`
}

type ckanOrganization struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	Title          string `json:"title"`
	Type           string `json:"type"`
	Description    string `json:"description"`
	ImageURL       string `json:"image_url"`
	Created        string `json:"created"`
	IsOrganization bool   `json:"is_organization"`
	ApprovalStatus string `json:"approval_status"`
	State          string `json:"state"`
}

type ckanTag struct {
	ID           string  `json:"id"`
	Name         string  `json:"name"`
	DisplayName  string  `json:"display_name"`
	State        string  `json:"state"`
	VocabularyID *string `json:"vocabulary_id"`
}

type ckanResource struct {
	ID               string  `json:"id"`
	PackageID        string  `json:"package_id"`
	Name             string  `json:"name"`
	Description      string  `json:"description"`
	URL              string  `json:"url"`
	Format           string  `json:"format"`
	Mimetype         string  `json:"mimetype"`
	State            string  `json:"state"`
	Position         int     `json:"position"`
	Created          string  `json:"created"`
	LastModified     *string `json:"last_modified"`
	URLType          *string `json:"url_type"`
	Size             *int64  `json:"size"`
	Hash             string  `json:"hash"`
	DatastoreActive  bool    `json:"datastore_active"`
	MimetypeInner    *string `json:"mimetype_inner"`
	CacheURL         *string `json:"cache_url"`
	ResourceType     *string `json:"resource_type"`
	MetadataModified string  `json:"metadata_modified"`
}

type ckanPackage struct {
	ID               string           `json:"id"`
	Name             string           `json:"name"`
	Title            string           `json:"title"`
	Notes            string           `json:"notes"`
	URL              string           `json:"url"`
	Version          *string          `json:"version"`
	Type             string           `json:"type"`
	State            string           `json:"state"`
	Private          bool             `json:"private"`
	Isopen           bool             `json:"isopen"`
	LicenseID        string           `json:"license_id"`
	LicenseTitle     string           `json:"license_title"`
	LicenseURL       string           `json:"license_url"`
	Author           string           `json:"author"`
	AuthorEmail      string           `json:"author_email"`
	Maintainer       string           `json:"maintainer"`
	MaintainerEmail  string           `json:"maintainer_email"`
	MetadataCreated  string           `json:"metadata_created"`
	MetadataModified string           `json:"metadata_modified"`
	OwnerOrg         string           `json:"owner_org"`
	Organization     ckanOrganization `json:"organization"`
	Tags             []ckanTag        `json:"tags"`
	NumTags          int              `json:"num_tags"`
	Resources        []ckanResource   `json:"resources"`
	NumResources     int              `json:"num_resources"`
	Groups           []any            `json:"groups"`
	Extras           []ckanExtra      `json:"extras"`
	RelationsSubject []any            `json:"relationships_as_subject"`
	RelationsObject  []any            `json:"relationships_as_object"`
}

type ckanExtra struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

type ckanSearchResult struct {
	Count        int            `json:"count"`
	Facets       map[string]any `json:"facets"`
	Results      []ckanPackage  `json:"results"`
	Sort         string         `json:"sort"`
	SearchFacets map[string]any `json:"search_facets"`
}

// ckanTime is CKAN's timestamp: UTC, microseconds, no zone.
func ckanTime(t time.Time) string {
	if t.IsZero() {
		t = time.Unix(0, 0)
	}
	return t.UTC().Format("2006-01-02T15:04:05.000000")
}

// uuid5 is a name-based UUID (RFC 9562 version 5) in the URL namespace:
// CKAN ids are UUIDs, and a dataset's must stay the same on every node and
// every start.
func uuid5(name string) string {
	ns := []byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	h := sha1.New()
	h.Write(ns)
	h.Write([]byte(name))
	u := h.Sum(nil)[:16]
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// ckanPackage describes a dataset as a CKAN package.
func (s *Service) ckanPackage(ctx context.Context, d *Dataset) ckanPackage {
	page := s.abs("/data/" + d.Slug)
	id := uuid5(page)
	modified := s.modified(ctx, d)
	created := d.Created
	if created.IsZero() {
		created = modified
	}
	org := ckanOrganization{
		ID: uuid5(s.abs("/data/organisasi/" + d.Publisher.Slug)), Name: d.Publisher.Slug, Title: d.Publisher.Name,
		Type: "organization", Description: d.Publisher.Name, Created: ckanTime(created), IsOrganization: true,
		ApprovalStatus: "approved", State: "active",
	}
	email := d.Publisher.Email
	if email == "" {
		email = s.publisher.Email
	}
	p := ckanPackage{
		ID: id, Name: d.Slug, Title: d.Title, Notes: d.Description, URL: page, Type: "dataset", State: "active",
		Isopen: d.Licence.ID == CCBY4.ID, LicenseID: d.Licence.ID, LicenseTitle: d.Licence.Title, LicenseURL: d.Licence.URL,
		Author: d.Publisher.Name, Maintainer: d.Publisher.Name, MaintainerEmail: email,
		MetadataCreated: ckanTime(created), MetadataModified: ckanTime(modified),
		OwnerOrg: org.ID, Organization: org, Tags: []ckanTag{}, Groups: []any{},
		RelationsSubject: []any{}, RelationsObject: []any{},
		Extras: []ckanExtra{
			{"frequency", d.Frequency.URI()},
			{"spatial_text", d.Spatial},
			{"temporal_text", d.Temporal},
			{"dcat_landing_page", page},
		},
	}
	for _, k := range d.Keywords {
		p.Tags = append(p.Tags, ckanTag{ID: uuid5("tag:" + k), Name: k, DisplayName: k, State: "active"})
	}
	lastMod := ckanTime(modified)
	dict := make([]string, len(d.Columns))
	for i, c := range d.Columns {
		dict[i] = c.Name + " (" + c.Type.Label() + ")"
	}
	add := func(key, name, format, mime, url, desc string, at string) {
		p.Resources = append(p.Resources, ckanResource{
			ID: uuid5(page + "#" + key), PackageID: id, Name: name, Description: desc, URL: url, Format: format,
			Mimetype: mime, State: "active", Position: len(p.Resources), Created: ckanTime(created),
			LastModified: &at, MetadataModified: at,
		})
	}
	cols := "Kolom: " + strings.Join(dict, ", ") + "."
	add("csv", d.Title+" (CSV)", "CSV", "text/csv", s.abs("/data/"+d.Slug+".csv"),
		"Seluruh data dalam CSV UTF-8 (RFC 4180) dengan baris judul. "+cols, lastMod)
	add("json", d.Title+" (JSON API)", "JSON", "application/json", s.abs("/data/"+d.Slug+".json"),
		"API JSON dengan filter dan halaman (limit, cursor); lihat "+page+". "+cols, lastMod)
	if len(d.Versions) > 0 {
		v := strconv.Itoa(d.Versions[0].Number)
		p.Version = &v
		for _, ver := range d.Versions[1:] {
			n := strconv.Itoa(ver.Number)
			add("csv-"+n, d.Title+" versi "+n+" (CSV)", "CSV", "text/csv", s.abs("/data/"+d.Slug+".csv?versi="+n),
				"Versi "+n+" yang diterbitkan "+humanDate(ver.PublishedAt)+".", ckanTime(ver.PublishedAt))
		}
	}
	p.NumTags, p.NumResources = len(p.Tags), len(p.Resources)
	return p
}
