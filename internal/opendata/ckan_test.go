package opendata_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The structs below mirror CKAN's documented action API responses (CKAN
// 2.9–2.11, ckan.logic.action.get and ckan.views.api), field for field as
// far as a harvester reads them. Decoding disallows unknown fields only in
// the envelope, which CKAN fixes to help, success and result or error.

type ckanEnvelope struct {
	Help    string          `json:"help"`
	Success *bool           `json:"success"`
	Result  json.RawMessage `json:"result"`
	Error   json.RawMessage `json:"error"`
}

type ckanPackage struct {
	ID               string  `json:"id"`
	Name             string  `json:"name"`
	Title            string  `json:"title"`
	Notes            string  `json:"notes"`
	LicenseID        string  `json:"license_id"`
	LicenseTitle     string  `json:"license_title"`
	LicenseURL       string  `json:"license_url"`
	Isopen           bool    `json:"isopen"`
	State            string  `json:"state"`
	Type             string  `json:"type"`
	Private          *bool   `json:"private"`
	OwnerOrg         string  `json:"owner_org"`
	MetadataCreated  string  `json:"metadata_created"`
	MetadataModified string  `json:"metadata_modified"`
	Version          *string `json:"version"`
	Organization     *struct {
		ID             string `json:"id"`
		Name           string `json:"name"`
		Title          string `json:"title"`
		IsOrganization bool   `json:"is_organization"`
	} `json:"organization"`
	Tags []struct {
		Name        string `json:"name"`
		DisplayName string `json:"display_name"`
	} `json:"tags"`
	NumTags   *int `json:"num_tags"`
	Resources []struct {
		ID          string `json:"id"`
		PackageID   string `json:"package_id"`
		Name        string `json:"name"`
		URL         string `json:"url"`
		Format      string `json:"format"`
		Mimetype    string `json:"mimetype"`
		Description string `json:"description"`
	} `json:"resources"`
	NumResources *int              `json:"num_resources"`
	Groups       []json.RawMessage `json:"groups"`
	Extras       []struct {
		Key   string `json:"key"`
		Value string `json:"value"`
	} `json:"extras"`
}

type ckanSearch struct {
	Count        *int                       `json:"count"`
	Results      []ckanPackage              `json:"results"`
	Sort         string                     `json:"sort"`
	Facets       map[string]json.RawMessage `json:"facets"`
	SearchFacets map[string]json.RawMessage `json:"search_facets"`
}

// ckan calls an action and decodes its envelope strictly.
func (e *env) ckan(path string, wantStatus int) ckanEnvelope {
	e.t.Helper()
	w := e.get(path)
	return decodeEnvelope(e.t, path, w, wantStatus)
}

func decodeEnvelope(t *testing.T, path string, w *httptest.ResponseRecorder, wantStatus int) ckanEnvelope {
	t.Helper()
	if w.Code != wantStatus {
		t.Fatalf("%s: %d, want %d\n%s", path, w.Code, wantStatus, w.Body.String())
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: Content-Type %q", path, ct)
	}
	var env ckanEnvelope
	dec := json.NewDecoder(w.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&env); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	action := strings.TrimPrefix(strings.SplitN(path, "?", 2)[0], "/api/3/action/")
	if env.Help != base+"/api/3/action/help_show?name="+action {
		t.Errorf("%s: help %q", path, env.Help)
	}
	if env.Success == nil || *env.Success != (wantStatus == http.StatusOK) {
		t.Errorf("%s: success %v", path, env.Success)
	}
	if (wantStatus == http.StatusOK) == (len(env.Result) == 0) || (wantStatus == http.StatusOK) == (len(env.Error) != 0) {
		t.Errorf("%s: result %s, error %s", path, env.Result, env.Error)
	}
	return env
}

func checkPackage(t *testing.T, p ckanPackage) {
	t.Helper()
	if p.ID == "" || len(p.ID) != 36 || p.Name == "" || p.Title == "" || p.Notes == "" {
		t.Errorf("package %q: id, name, title, notes: %+v", p.Name, p)
	}
	if p.LicenseID != "cc-by" || p.LicenseURL != "https://creativecommons.org/licenses/by/4.0/" || !p.Isopen ||
		!strings.Contains(p.LicenseTitle, "CC BY 4.0") {
		t.Errorf("package %q: licence %q %q %q", p.Name, p.LicenseID, p.LicenseTitle, p.LicenseURL)
	}
	if p.Organization == nil || p.Organization.Name == "" || p.Organization.Title == "" || p.Organization.ID != p.OwnerOrg {
		t.Errorf("package %q: organization %+v", p.Name, p.Organization)
	}
	if p.NumTags == nil || *p.NumTags != len(p.Tags) || len(p.Tags) == 0 || p.Tags[0].Name == "" {
		t.Errorf("package %q: tags %+v", p.Name, p.Tags)
	}
	if p.NumResources == nil || *p.NumResources != len(p.Resources) || len(p.Resources) < 2 {
		t.Fatalf("package %q: resources %+v", p.Name, p.Resources)
	}
	csv, js := p.Resources[0], p.Resources[1]
	if csv.Format != "CSV" || csv.Mimetype != "text/csv" || csv.URL != base+"/data/"+p.Name+".csv" || csv.PackageID != p.ID ||
		js.Format != "JSON" || js.Mimetype != "application/json" || js.URL != base+"/data/"+p.Name+".json" || csv.ID == js.ID {
		t.Errorf("package %q: resources %+v", p.Name, p.Resources)
	}
	for _, ts := range []string{p.MetadataCreated, p.MetadataModified} {
		if len(ts) != len("2024-02-14T10:00:00.000000") || strings.HasSuffix(ts, "Z") {
			t.Errorf("package %q: timestamp %q is not CKAN's", p.Name, ts)
		}
	}
	if p.Private == nil || *p.Private || p.State != "active" || p.Type != "dataset" || p.Groups == nil {
		t.Errorf("package %q: private, state, type, groups: %+v", p.Name, p)
	}
}

func TestCKANActions(t *testing.T) {
	each(t, 50, func(t *testing.T, e *env) {
		e.publish(newTPS("tps-kecamatan"), "tps.csv", tpsV1)

		var names []string
		if err := json.Unmarshal(e.ckan("/api/3/action/package_list", 200).Result, &names); err != nil {
			t.Fatal(err)
		}
		if strings.Join(names, " ") != "artikel distribusi hasil-lomba laporan-klinik-hoaks putusan-cek-fakta tahapan tps-kecamatan waktu-putusan-klinik-hoaks wilayah" {
			t.Errorf("package_list %q", names)
		}
		if err := json.Unmarshal(e.ckan("/api/3/action/package_list?limit=2&offset=1", 200).Result, &names); err != nil ||
			strings.Join(names, " ") != "distribusi hasil-lomba" {
			t.Errorf("package_list limit/offset %q", names)
		}

		var p ckanPackage
		if err := json.Unmarshal(e.ckan("/api/3/action/package_show?id=artikel", 200).Result, &p); err != nil {
			t.Fatal(err)
		}
		checkPackage(t, p)
		var byID ckanPackage
		json.Unmarshal(e.ckan("/api/3/action/package_show?id="+p.ID, 200).Result, &byID)
		if byID.Name != "artikel" {
			t.Errorf("package_show by id: %q", byID.Name)
		}
		var tps ckanPackage
		json.Unmarshal(e.ckan("/api/3/action/package_show?id=tps-kecamatan", 200).Result, &tps)
		checkPackage(t, tps)
		if tps.Version == nil || *tps.Version != "1" || tps.Organization.Name != "kpu-jatim" {
			t.Errorf("imported package: version %v, organization %+v", tps.Version, tps.Organization)
		}

		var all ckanSearch
		json.Unmarshal(e.ckan("/api/3/action/package_search", 200).Result, &all)
		if all.Count == nil || *all.Count != 9 || len(all.Results) != 9 || all.Sort == "" || all.Facets == nil || all.SearchFacets == nil {
			t.Fatalf("package_search: %+v", all)
		}
		for _, p := range all.Results {
			checkPackage(t, p)
		}
		var page ckanSearch
		json.Unmarshal(e.ckan("/api/3/action/package_search?q=*:*&rows=2&start=2&sort=name+asc", 200).Result, &page)
		if *page.Count != 9 || len(page.Results) != 2 || page.Results[0].Name != "hasil-lomba" || page.Results[1].Name != "laporan-klinik-hoaks" {
			t.Errorf("package_search rows/start/sort: count %d, %d results", *page.Count, len(page.Results))
		}
		var found ckanSearch
		json.Unmarshal(e.ckan("/api/3/action/package_search?q=kode+wilayah", 200).Result, &found)
		if *found.Count != 1 || found.Results[0].Name != "wilayah" {
			t.Errorf("package_search q: %+v", found)
		}
		var none ckanSearch
		json.Unmarshal(e.ckan("/api/3/action/package_search?fq=metadata_modified:[2999-01-01T00:00:00Z+TO+*]", 200).Result, &none)
		if *none.Count != 0 || none.Results == nil {
			t.Errorf("package_search fq: count %d, results %v", *none.Count, none.Results)
		}

		// Errors, as CKAN answers them.
		var nf struct {
			Type    string `json:"__type"`
			Message string `json:"message"`
		}
		json.Unmarshal(e.ckan("/api/3/action/package_show?id=tidak-ada", 404).Error, &nf)
		if nf.Type != "Not Found Error" || nf.Message != "Not found" {
			t.Errorf("404 error %+v", nf)
		}
		var missing map[string]any
		json.Unmarshal(e.ckan("/api/3/action/package_show", 409).Error, &missing)
		if missing["__type"] != "Validation Error" || missing["id"] == nil {
			t.Errorf("409 error %+v", missing)
		}
		json.Unmarshal(e.ckan("/api/3/action/package_search?rows=banyak", 409).Error, &missing)
		if missing["__type"] != "Validation Error" || missing["rows"] == nil {
			t.Errorf("409 rows error %+v", missing)
		}
		w := e.get("/api/3/action/package_delete")
		if w.Code != http.StatusBadRequest || strings.TrimSpace(w.Body.String()) != `"Bad request - Action name not known: package_delete"` {
			t.Errorf("unknown action: %d %s", w.Code, w.Body.String())
		}

		// CKAN clients also POST a JSON object.
		r := httptest.NewRequest(http.MethodPost, "/api/3/action/package_show", strings.NewReader(`{"id": "tahapan"}`))
		r.Header.Set("Content-Type", "application/json")
		var posted ckanPackage
		json.Unmarshal(decodeEnvelope(t, "/api/3/action/package_show", e.do(r), 200).Result, &posted)
		if posted.Name != "tahapan" {
			t.Errorf("POST package_show: %q", posted.Name)
		}
	})
}
