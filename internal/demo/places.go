package demo

import (
	"strconv"
	"strings"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Province totals stated in demo stories: the real final voter lists.
const (
	dptPemilu  = 31_402_838 // DPT Pemilu 2024, Jawa Timur
	tpsPemilu  = 120_666    // TPS Pemilu 2024, Jawa Timur
	dptPilkada = 31_280_418 // DPT Pilkada 2024, Jawa Timur
)

// regionFacts are approximate populations in thousands, used only to share
// the province totals out plausibly, and a few kecamatan of each region for
// datelines inside stories.
var regionFacts = map[string]struct {
	pop int
	kec []string
}{
	"kabupaten-pacitan":     {590, []string{"Arjosari", "Donorojo", "Tulakan", "Ngadirojo"}},
	"kabupaten-ponorogo":    {960, []string{"Babadan", "Jetis", "Slahung", "Sukorejo"}},
	"kabupaten-trenggalek":  {740, []string{"Pogalan", "Durenan", "Watulimo", "Karangan"}},
	"kabupaten-tulungagung": {1100, []string{"Kedungwaru", "Ngunut", "Boyolangu", "Kauman"}},
	"kabupaten-blitar":      {1230, []string{"Kanigoro", "Wlingi", "Srengat", "Talun"}},
	"kabupaten-kediri":      {1650, []string{"Pare", "Ngasem", "Kandat", "Gurah"}},
	"kabupaten-malang":      {2650, []string{"Kepanjen", "Singosari", "Lawang", "Turen", "Dampit"}},
	"kabupaten-lumajang":    {1120, []string{"Tempeh", "Pasirian", "Senduro", "Sukodono"}},
	"kabupaten-jember":      {2540, []string{"Kaliwates", "Sumbersari", "Patrang", "Ambulu", "Puger"}},
	"kabupaten-banyuwangi":  {1720, []string{"Genteng", "Rogojampi", "Muncar", "Glagah", "Kalipuro"}},
	"kabupaten-bondowoso":   {780, []string{"Tenggarang", "Maesan", "Tamanan", "Curahdami"}},
	"kabupaten-situbondo":   {690, []string{"Panji", "Besuki", "Asembagus", "Kapongan"}},
	"kabupaten-probolinggo": {1160, []string{"Kraksaan", "Leces", "Paiton", "Dringu"}},
	"kabupaten-pasuruan":    {1610, []string{"Bangil", "Pandaan", "Gempol", "Beji"}},
	"kabupaten-sidoarjo":    {2080, []string{"Waru", "Candi", "Taman", "Buduran", "Porong"}},
	"kabupaten-mojokerto":   {1120, []string{"Mojosari", "Trowulan", "Sooko", "Puri"}},
	"kabupaten-jombang":     {1330, []string{"Diwek", "Mojoagung", "Ploso", "Peterongan"}},
	"kabupaten-nganjuk":     {1110, []string{"Kertosono", "Bagor", "Loceret", "Tanjunganom"}},
	"kabupaten-madiun":      {750, []string{"Mejayan", "Dolopo", "Jiwan", "Geger"}},
	"kabupaten-magetan":     {680, []string{"Maospati", "Plaosan", "Parang", "Panekan"}},
	"kabupaten-ngawi":       {870, []string{"Paron", "Geneng", "Kedunggalar", "Widodaren"}},
	"kabupaten-bojonegoro":  {1310, []string{"Kapas", "Dander", "Kalitidu", "Baureno"}},
	"kabupaten-tuban":       {1200, []string{"Jenu", "Palang", "Semanding", "Merakurak"}},
	"kabupaten-lamongan":    {1370, []string{"Babat", "Paciran", "Brondong", "Deket"}},
	"kabupaten-gresik":      {1310, []string{"Kebomas", "Manyar", "Driyorejo", "Menganti", "Cerme"}},
	"kabupaten-bangkalan":   {1080, []string{"Socah", "Kamal", "Arosbaya", "Burneh"}},
	"kabupaten-sampang":     {970, []string{"Torjun", "Camplong", "Omben", "Jrengik"}},
	"kabupaten-pamekasan":   {850, []string{"Pademawu", "Larangan", "Galis", "Proppo"}},
	"kabupaten-sumenep":     {1130, []string{"Kalianget", "Saronggi", "Arjasa", "Sapeken"}},
	"kota-kediri":           {290, []string{"Mojoroto", "Pesantren", "Kota"}},
	"kota-blitar":           {150, []string{"Sananwetan", "Kepanjenkidul", "Sukorejo"}},
	"kota-malang":           {850, []string{"Klojen", "Blimbing", "Lowokwaru", "Sukun", "Kedungkandang"}},
	"kota-probolinggo":      {240, []string{"Kademangan", "Kedopok", "Wonoasih", "Mayangan", "Kanigaran"}},
	"kota-pasuruan":         {210, []string{"Gadingrejo", "Purworejo", "Bugul Kidul", "Panggungrejo"}},
	"kota-mojokerto":        {135, []string{"Magersari", "Prajurit Kulon", "Kranggan"}},
	"kota-madiun":           {200, []string{"Taman", "Kartoharjo", "Manguharjo"}},
	"kota-surabaya":         {2880, []string{"Tegalsari", "Genteng", "Wonokromo", "Rungkut", "Tambaksari", "Sukolilo"}},
	"kota-batu":             {215, []string{"Batu", "Junrejo", "Bumiaji"}},
}

// place is a region with the figures its stories quote.
type place struct {
	warta.Region
	kec                 []string
	dpt, tps            int // Pemilu 2024
	dptPilkada, tpsPilk int // Pilkada 2024
}

// places returns the kabupaten/kota with the province's voter and polling
// station totals shared out by population, so that the regional figures in
// the demo add up to the real provincial ones. The province itself comes
// back separately with the real totals.
func places(regions []warta.Region) (province place, local []place) {
	total := 0
	for _, r := range regions {
		if r.Kind != warta.RegionProvinsi {
			total += popOf(r.Slug)
		}
	}
	share := func(sum, pop int) int { return int(int64(sum) * int64(pop) / int64(total)) }
	var gotDPT, gotTPS, gotPilk int
	for _, r := range regions {
		if r.Kind == warta.RegionProvinsi {
			province = place{Region: r, dpt: dptPemilu, tps: tpsPemilu, dptPilkada: dptPilkada}
			continue
		}
		pop := popOf(r.Slug)
		p := place{Region: r, kec: regionFacts[r.Slug].kec, dpt: share(dptPemilu, pop), tps: share(tpsPemilu, pop),
			dptPilkada: share(dptPilkada, pop)}
		gotDPT, gotTPS, gotPilk = gotDPT+p.dpt, gotTPS+p.tps, gotPilk+p.dptPilkada
		local = append(local, p)
	}
	// Rounding leftovers go to the largest region.
	big := 0
	for i, p := range local {
		if p.dpt > local[big].dpt {
			big = i
		}
	}
	if len(local) > 0 {
		local[big].dpt += dptPemilu - gotDPT
		local[big].tps += tpsPemilu - gotTPS
		local[big].dptPilkada += dptPilkada - gotPilk
	}
	for i := range local {
		// Pilkada 2024 merged polling stations up to 600 voters each.
		local[i].tpsPilk = local[i].dptPilkada / 470
		if len(local[i].kec) == 0 {
			local[i].kec = []string{"Kota", "Utara", "Selatan"}
		}
	}
	return province, local
}

// popOf returns a region's population weight; a region added after this
// table was written counts as a middling one.
func popOf(slug string) int {
	if f, ok := regionFacts[slug]; ok {
		return f.pop
	}
	return 800
}

// thousands formats n the Indonesian way: 31.402.838.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	lead := len(s) % 3
	if lead > 0 {
		b.WriteString(s[:lead])
	}
	for i := lead; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}
