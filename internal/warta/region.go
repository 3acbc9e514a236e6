package warta

// Region kinds.
const (
	RegionProvinsi  = "provinsi"
	RegionKabupaten = "kabupaten"
	RegionKota      = "kota"
)

// Region is the province or one of its kabupaten/kota (wilayah), identified
// by its Kemendagri code ("35", "35.78").
type Region struct {
	Code string
	Name string // "Kota Surabaya"
	Slug string // "kota-surabaya"
	Kind string // provinsi, kabupaten, kota
}

// ShortName is the name without its kind, as used in datelines and tags
// ("Surabaya" for "Kota Surabaya").
func (r Region) ShortName() string {
	for _, p := range []string{"Provinsi ", "Kabupaten ", "Kota "} {
		if len(r.Name) > len(p) && r.Name[:len(p)] == p {
			return r.Name[len(p):]
		}
	}
	return r.Name
}
