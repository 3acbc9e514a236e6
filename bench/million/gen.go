package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// words is the common vocabulary, most frequent first: articles draw from
// it with a Zipf-like skew, so the first words are in most articles and the
// last in a few per thousand.
var words = strings.Fields(`pemilu kpu suara pemilih tahapan calon kampanye bawaslu data daftar
	pengawas petugas tps logistik surat rekapitulasi penghitungan provinsi kabupaten kota desa kecamatan
	sosialisasi partai peserta pendaftaran verifikasi debat pasangan gubernur bupati wali wakil anggota
	dprd dpd presiden legislatif pilkada pencoblosan kotak segel gudang distribusi relawan pemantau
	masyarakat warga pemuda mahasiswa perempuan disabilitas pemula lansia difabel santri pesantren
	sekolah kampus pasar balai aula gedung lapangan alun alun masjid gereja pura vihara klenteng
	hoaks informasi klarifikasi sengketa laporan pelanggaran sanksi teguran rekomendasi putusan
	sidang gugatan mahkamah konstitusi keamanan polisi tni apel patroli pengamanan ketertiban damai
	netralitas asn kepala desa perangkat birokrasi anggaran dana hibah honor bimbingan teknis pelatihan
	simulasi uji coba aplikasi sirekap silon sidalih sipol coklit pantarlih kpps ppk pps panwascam
	formulir salinan berita acara hasil perolehan kursi dapil ambang batas koalisi dukungan syarat
	berkas dokumen ijazah kesehatan pemeriksaan psikologi rumah sakit jadwal tanggal pukul hari minggu
	bulan malam pagi siang sore rapat koordinasi pleno terbuka tertutup audiensi silaturahmi kunjungan
	inspeksi pemantauan evaluasi laporan akhir anggaran transparansi akuntabilitas integritas
	partisipasi golput kesadaran edukasi literasi digital media sosial whatsapp spanduk baliho poster
	alat peraga atribut pembersihan penertiban zona larangan iklan televisi radio koran daring
	banjir hujan cuaca jalan jembatan pulau kepulauan perahu kapal nelayan petani buruh pedagang umkm
	madura bawean kangean masalembu sapeken raas giligenting karimun mandangin gili ketapang
	difteri sambang ronda kentongan gotong royong tumpeng syukuran selamatan kenduri kirab budaya reog
	jaranan ludruk kentrung tayub gandrung karapan sapi batik tenun anyaman gerabah`)

// Place-name syllables: villages (a few hundred articles each) and people
// (a few dozen each) give search its selective terms.
var syll = strings.Fields(`ka ra jo sa ri wo no mo ge deng ban tar ngan sum ber pu ru lo wa ti ma ja ya tu ngun gun kro si`)

// sentence templates glue vocabulary into prose.
var glue = strings.Fields(`di dan yang untuk pada dengan dari ke oleh akan telah sudah dalam serta agar bahwa juga para`)

const (
	nVillages = 5000
	nPeople   = 20000
	nTags     = 300
)

// gen makes synthetic articles. It is not safe for concurrent use.
type gen struct {
	r        *rand.Rand
	zipf     *rand.Zipf
	tagZipf  *rand.Zipf
	villages []string
	people   []string
	tags     []warta.Tag
	regions  []warta.Region // weighted by repetition
	province warta.Region
	stages   []warta.Stage
	agencies []warta.Agency
}

func newGen(seed uint64, regions []warta.Region, stages []warta.Stage, agencies []warta.Agency) *gen {
	r := rand.New(rand.NewPCG(seed, 7))
	g := &gen{r: r, stages: stages, agencies: agencies}
	g.zipf = rand.NewZipf(r, 1.05, 3, uint64(len(words)-1))
	g.tagZipf = rand.NewZipf(r, 1.1, 2, nTags-1)
	names := rand.New(rand.NewPCG(1, 1)) // the same names whatever the seed
	for range nVillages {
		g.villages = append(g.villages, name(names, 3))
	}
	for range nPeople {
		g.people = append(g.people, name(names, 2)+" "+name(names, 3))
	}
	for i := range nTags {
		w := words[i%len(words)]
		if i >= len(words)/2 {
			w = g.villages[i] // rarer tags are places
		}
		t := fmt.Sprintf("%s %s", w, words[(i*7+3)%len(words)])
		g.tags = append(g.tags, warta.Tag{Slug: warta.Slugify(t), Name: t})
	}
	for _, rg := range regions {
		if rg.Kind == warta.RegionProvinsi {
			g.province = rg
			continue
		}
		g.regions = append(g.regions, rg)
		if rg.Slug == "kota-surabaya" || rg.Slug == "kota-malang" || rg.Slug == "kabupaten-sidoarjo" {
			g.regions = append(g.regions, rg, rg, rg, rg) // big cities get more news
		}
	}
	return g
}

// name is a capitalised pseudo-Javanese name of n syllables.
func name(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(syll[r.IntN(len(syll))])
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

func (g *gen) word() string { return words[g.zipf.Uint64()] }

// sentence is 8–16 words of vocabulary and glue, sometimes with a village
// or a person.
func (g *gen) sentence() string {
	n := 8 + g.r.IntN(9)
	parts := make([]string, 0, n+4)
	for i := range n {
		if i > 0 && g.r.IntN(3) == 0 {
			parts = append(parts, glue[g.r.IntN(len(glue))])
		}
		parts = append(parts, g.word())
	}
	switch g.r.IntN(4) {
	case 0:
		parts = append(parts, "di", "desa", g.villages[g.r.IntN(nVillages)])
	case 1:
		parts = append(parts, "kata", g.people[g.r.IntN(nPeople)])
	}
	s := strings.Join(parts, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

// article fills a published article; published is its publication time.
func (g *gen) article(i int, published time.Time) *warta.Article {
	tw := make([]string, 0, 9)
	for range 5 + g.r.IntN(4) {
		tw = append(tw, g.word())
	}
	title := strings.ToUpper(tw[0][:1]) + tw[0][1:] + " " + strings.Join(tw[1:], " ")
	if g.r.IntN(3) == 0 {
		title += " di " + g.villages[g.r.IntN(nVillages)]
	}
	var body, html strings.Builder
	for p := range 3 {
		var para []string
		for range 3 + g.r.IntN(2) {
			para = append(para, g.sentence())
		}
		text := strings.Join(para, " ")
		if p > 0 {
			body.WriteString("\n\n")
		}
		body.WriteString(text)
		html.WriteString("<p>" + text + "</p>\n")
	}
	a := &warta.Article{
		ID:          warta.NewIDAt(published),
		Slug:        warta.Slugify(title) + "-" + strconv.FormatInt(int64(i), 36),
		Title:       title,
		Dek:         g.sentence(),
		Body:        body.String(),
		BodyHTML:    html.String(),
		Dateline:    "Surabaya",
		Byline:      g.people[g.r.IntN(nPeople)],
		BylineCode:  "/rd",
		Status:      warta.StatusPublished,
		PublishedAt: published,
		UpdatedAt:   published,
		CreatedAt:   published.Add(-time.Hour),
	}
	ag := g.agencies[int(math.Min(float64(len(g.agencies)-1), g.r.ExpFloat64()*1.5))]
	a.AgencyID, a.Agency = ag.ID, ag
	rg := g.regions[g.r.IntN(len(g.regions))]
	a.Dateline = strings.TrimPrefix(strings.TrimPrefix(rg.Name, "Kabupaten "), "Kota ")
	a.Regions = []warta.Region{rg}
	if g.r.IntN(5) == 0 {
		a.Regions = append(a.Regions, g.province)
	}
	if g.r.IntN(5) < 3 {
		a.Stages = []warta.Stage{g.stages[g.r.IntN(len(g.stages))]}
	}
	seen := map[uint64]bool{}
	for range 1 + g.r.IntN(3) {
		k := g.tagZipf.Uint64()
		if !seen[k] {
			seen[k] = true
			a.Tags = append(a.Tags, g.tags[k])
		}
	}
	return a
}
