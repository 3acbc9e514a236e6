package warta

// Agency is an institution whose official information Warta publishes: an
// election body (KPU, Bawaslu, KPU kabupaten/kota) or the communications
// office.
type Agency struct {
	ID        string
	Slug      string // "kpu-jatim"
	Name      string // "KPU Provinsi Jawa Timur"
	ShortName string // "KPU Jatim"
	URL       string
}

// Tag is a free keyword attached to articles.
type Tag struct {
	Slug string
	Name string
}
