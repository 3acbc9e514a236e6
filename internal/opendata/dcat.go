package opendata

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// dcatContext maps the JSON-LD prefixes: DCAT (v3 terms, which v2 readers
// share), Dublin Core terms, FOAF and vCard for the agents, XSD for typed
// dates.
var dcatContext = map[string]string{
	"dcat":  "http://www.w3.org/ns/dcat#",
	"dct":   "http://purl.org/dc/terms/",
	"foaf":  "http://xmlns.com/foaf/0.1/",
	"vcard": "http://www.w3.org/2006/vcard/ns#",
	"rdfs":  "http://www.w3.org/2000/01/rdf-schema#",
	"xsd":   "http://www.w3.org/2001/XMLSchema#",
}

type ldRef struct {
	ID string `json:"@id"`
}

type ldTyped struct {
	Value string `json:"@value"`
	Type  string `json:"@type"`
}

type ldAgent struct {
	ID   string `json:"@id,omitempty"`
	Type string `json:"@type"`
	Name string `json:"foaf:name"`
	Home *ldRef `json:"foaf:homepage,omitempty"`
}

type ldContact struct {
	Type  string `json:"@type"`
	Name  string `json:"vcard:fn"`
	Email *ldRef `json:"vcard:hasEmail,omitempty"`
	URL   *ldRef `json:"vcard:hasURL,omitempty"`
}

type ldLabelled struct {
	Type  string `json:"@type"`
	Label string `json:"rdfs:label"`
}

type ldDistribution struct {
	ID          string   `json:"@id"`
	Type        string   `json:"@type"`
	Title       string   `json:"dct:title"`
	Format      string   `json:"dct:format"`
	MediaType   ldRef    `json:"dcat:mediaType"`
	DownloadURL ldRef    `json:"dcat:downloadURL"`
	AccessURL   ldRef    `json:"dcat:accessURL"`
	License     ldRef    `json:"dct:license"`
	Modified    *ldTyped `json:"dct:modified,omitempty"`
}

type ldDataset struct {
	ID            string           `json:"@id"`
	Type          string           `json:"@type"`
	Identifier    string           `json:"dct:identifier"`
	Title         string           `json:"dct:title"`
	Description   string           `json:"dct:description"`
	License       ldRef            `json:"dct:license"`
	Publisher     ldAgent          `json:"dct:publisher"`
	Modified      *ldTyped         `json:"dct:modified,omitempty"`
	Issued        *ldTyped         `json:"dct:issued,omitempty"`
	Keywords      []string         `json:"dcat:keyword"`
	Language      ldRef            `json:"dct:language"`
	Temporal      *ldLabelled      `json:"dct:temporal,omitempty"`
	Spatial       *ldLabelled      `json:"dct:spatial,omitempty"`
	Periodicity   ldRef            `json:"dct:accrualPeriodicity"`
	LandingPage   ldRef            `json:"dcat:landingPage"`
	ContactPoint  ldContact        `json:"dcat:contactPoint"`
	Version       string           `json:"dcat:version,omitempty"`
	Distributions []ldDistribution `json:"dcat:distribution"`
}

type ldCatalog struct {
	Context     map[string]string `json:"@context"`
	ID          string            `json:"@id"`
	Type        string            `json:"@type"`
	Title       string            `json:"dct:title"`
	Description string            `json:"dct:description"`
	Publisher   ldAgent           `json:"dct:publisher"`
	Homepage    ldRef             `json:"foaf:homepage"`
	Language    ldRef             `json:"dct:language"`
	License     ldRef             `json:"dct:license"`
	Modified    *ldTyped          `json:"dct:modified,omitempty"`
	Datasets    []ldDataset       `json:"dcat:dataset"`
}

// indonesian is the language of every dataset's metadata and text.
var indonesian = ldRef{"http://id.loc.gov/vocabulary/iso639-1/id"}

func ldTime(t time.Time) *ldTyped {
	if t.IsZero() {
		return nil
	}
	return &ldTyped{t.UTC().Format(time.RFC3339), "xsd:dateTime"}
}

func ianaType(mime string) ldRef {
	return ldRef{"https://www.iana.org/assignments/media-types/" + mime}
}

// catalogJSONLD writes the catalog as DCAT in JSON-LD, for harvesters of
// the government's data portals (Satu Data) and any DCAT reader.
func (s *Service) catalogJSONLD(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	all, err := s.Datasets(ctx)
	if err != nil {
		return err
	}
	c := ldCatalog{
		Context: dcatContext, ID: s.abs("/data"), Type: "dcat:Catalog",
		Title:       "Katalog data terbuka " + s.siteName,
		Description: "Data terbuka " + s.siteName + ": tahapan pemilu, wilayah, metadata berita resmi, statistik distribusi dan data yang diterbitkan penyelenggara pemilu.",
		Publisher:   s.agent(s.publisher),
		Homepage:    ldRef{s.abs("/data")}, Language: indonesian, License: ldRef{CCBY4.URL},
		Datasets: []ldDataset{},
	}
	var newest time.Time
	for _, d := range all {
		ds := s.ldDataset(d, s.modified(ctx, d))
		if m := s.modified(ctx, d); m.After(newest) {
			newest = m
		}
		c.Datasets = append(c.Datasets, ds)
	}
	c.Modified = ldTime(newest)
	h := w.Header()
	h.Set("Content-Type", "application/ld+json; charset=utf-8")
	publicData(h)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(c)
}

func (s *Service) agent(p Publisher) ldAgent {
	a := ldAgent{Type: "foaf:Organization", Name: p.Name}
	if p.URL != "" {
		a.ID, a.Home = p.URL, &ldRef{p.URL}
	}
	return a
}

func (s *Service) ldDataset(d *Dataset, modified time.Time) ldDataset {
	page := s.abs("/data/" + d.Slug)
	ds := ldDataset{
		ID: page, Type: "dcat:Dataset", Identifier: d.Slug, Title: d.Title, Description: d.Description,
		License: ldRef{d.Licence.URL}, Publisher: s.agent(d.Publisher), Modified: ldTime(modified),
		Keywords: append([]string{}, d.Keywords...), Language: indonesian,
		Periodicity: ldRef{d.Frequency.URI()}, LandingPage: ldRef{page},
		ContactPoint: s.contact(d.Publisher),
	}
	if !d.Created.IsZero() {
		ds.Issued = ldTime(d.Created)
	}
	if d.Temporal != "" {
		ds.Temporal = &ldLabelled{"dct:PeriodOfTime", d.Temporal}
	}
	if d.Spatial != "" {
		ds.Spatial = &ldLabelled{"dct:Location", d.Spatial}
	}
	add := func(title, format, mime, url string, at time.Time) {
		ds.Distributions = append(ds.Distributions, ldDistribution{
			ID: url, Type: "dcat:Distribution", Title: title, Format: format, MediaType: ianaType(mime),
			DownloadURL: ldRef{url}, AccessURL: ldRef{page}, License: ldRef{d.Licence.URL}, Modified: ldTime(at),
		})
	}
	add(d.Title+" (CSV)", "CSV", "text/csv", s.abs("/data/"+d.Slug+".csv"), modified)
	add(d.Title+" (JSON)", "JSON", "application/json", s.abs("/data/"+d.Slug+".json"), modified)
	if len(d.Versions) > 0 {
		ds.Version = strconv.Itoa(d.Versions[0].Number)
		for _, v := range d.Versions[1:] {
			n := strconv.Itoa(v.Number)
			add(d.Title+" versi "+n+" (CSV)", "CSV", "text/csv", s.abs("/data/"+d.Slug+".csv?versi="+n), v.PublishedAt)
		}
	}
	return ds
}

// contact is a dataset's contact point: its publisher, with the catalog's
// e-mail when the publisher has none.
func (s *Service) contact(p Publisher) ldContact {
	c := ldContact{Type: "vcard:Organization", Name: p.Name}
	email := p.Email
	if email == "" {
		email = s.publisher.Email
	}
	if email != "" {
		c.Email = &ldRef{"mailto:" + email}
	}
	if p.URL != "" {
		c.URL = &ldRef{p.URL}
	} else {
		c.URL = &ldRef{s.abs("/data")}
	}
	return c
}
