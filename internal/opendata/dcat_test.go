package opendata_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// The DCAT catalog is JSON-LD: a dcat:Catalog with its @context and a
// dcat:Dataset per dataset, each with what DCAT-AP asks for and a CSV and a
// JSON distribution.
func TestDCATCatalog(t *testing.T) {
	each(t, 50, func(t *testing.T, e *env) {
		e.publish(newTPS("tps-kecamatan"), "tps.csv", tpsV1)
		e.publish(map[string]string{"dataset": "tps-kecamatan", "schema": "tps-kecamatan"}, "tps2.csv", tpsV1+"35.78.03,Dukuh Pakis,70,30000\r\n")
		e.seedClinic()
		e.seedLomba()
		w := e.getOK("/data/catalog.jsonld")
		if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/ld+json") {
			t.Errorf("Content-Type %q", ct)
		}
		var cat map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &cat); err != nil {
			t.Fatal(err)
		}
		ctx, _ := cat["@context"].(map[string]any)
		if ctx["dcat"] != "http://www.w3.org/ns/dcat#" || ctx["dct"] != "http://purl.org/dc/terms/" {
			t.Errorf("@context %v", cat["@context"])
		}
		if cat["@type"] != "dcat:Catalog" || cat["dct:title"] == nil || cat["dct:publisher"] == nil {
			t.Errorf("catalog %v", cat)
		}
		datasets, _ := cat["dcat:dataset"].([]any)
		seen := map[string]bool{}
		for _, x := range datasets {
			d := x.(map[string]any)
			id, _ := d["dct:identifier"].(string)
			seen[id] = true
			if d["@type"] != "dcat:Dataset" || d["@id"] != base+"/data/"+id {
				t.Errorf("%s: @type %v @id %v", id, d["@type"], d["@id"])
			}
			for _, k := range []string{"dct:title", "dct:description", "dct:license", "dct:publisher", "dct:modified",
				"dcat:keyword", "dcat:contactPoint", "dcat:landingPage", "dct:accrualPeriodicity"} {
				if d[k] == nil {
					t.Errorf("%s: no %s", id, k)
				}
			}
			cp, _ := d["dcat:contactPoint"].(map[string]any)
			if email, _ := cp["vcard:hasEmail"].(map[string]any); email == nil || !strings.HasPrefix(email["@id"].(string), "mailto:") {
				t.Errorf("%s: contact point %v", id, cp)
			}
			media := map[string]string{}
			for _, y := range d["dcat:distribution"].([]any) {
				dist := y.(map[string]any)
				url := dist["dcat:downloadURL"].(map[string]any)["@id"].(string)
				media[url] = dist["dcat:mediaType"].(map[string]any)["@id"].(string)
				if dist["@type"] != "dcat:Distribution" {
					t.Errorf("%s: distribution %v", id, dist)
				}
			}
			if media[base+"/data/"+id+".csv"] != "https://www.iana.org/assignments/media-types/text/csv" ||
				media[base+"/data/"+id+".json"] != "https://www.iana.org/assignments/media-types/application/json" {
				t.Errorf("%s: distributions %v", id, media)
			}
			if id == "tps-kecamatan" && (d["dcat:version"] != "2" || media[base+"/data/tps-kecamatan.csv?versi=1"] == "") {
				t.Errorf("imported dataset: version %v, distributions %v", d["dcat:version"], media)
			}
		}
		for _, slug := range []string{"tahapan", "wilayah", "artikel", "distribusi", "tps-kecamatan",
			"putusan-cek-fakta", "laporan-klinik-hoaks", "waktu-putusan-klinik-hoaks", "hasil-lomba"} {
			if !seen[slug] {
				t.Errorf("no dataset %s in the catalog", slug)
			}
		}
	})
}
