package clinic

import (
	"context"
	"fmt"
	"time"

	"github.com/kominfo-jatim/warta/internal/markdown"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// demoVerdict is one made-up verdict of the demo archive.
type demoVerdict struct {
	days                          int // published this many days ago
	label, kind, region, category string
	title, claim, explanation     string
	refs                          []string
}

// The demo's references are the public sites of the demo's own sources.
const (
	refKPU     = "https://jatim.kpu.go.id"
	refBawaslu = "https://jatim.bawaslu.go.id"
	refKominfo = "https://kominfo.jatimprov.go.id"
)

// demoVerdicts are invented election hoaxes of the kind an East Java
// clinic sees; none is a real case.
var demoVerdicts = []demoVerdict{
	{58, "HOAKS", "fabricated", "35", "pemilu", "KPU Jatim Umumkan Pemungutan Suara Diundur Satu Minggu",
		"Beredar pesan berantai bahwa KPU Jawa Timur mengundur hari pemungutan suara selama satu minggu karena cuaca buruk.",
		"KPU Provinsi Jawa Timur tidak pernah mengeluarkan pengumuman tersebut. Jadwal pemungutan suara ditetapkan secara nasional dan tidak berubah.",
		[]string{refKPU}},
	{52, "HOAKS", "manipulated", "35.78", "pemilu", "Foto Kotak Suara Dibakar di Kantor Kecamatan Tegalsari",
		"Foto kotak suara terbakar disebut terjadi di Kantor Kecamatan Tegalsari, Surabaya.",
		"Foto itu hasil suntingan dari foto kebakaran gudang pada 2019 di luar Jawa Timur. Kantor Kecamatan Tegalsari tidak mengalami kebakaran.",
		[]string{refKPU, refKominfo}},
	{47, "DISINFORMASI", "false-context", "35.09", "pemilu", "Video Warga Jember Ditolak Mencoblos Karena Tidak Bawa Undangan",
		"Video seorang warga ditolak petugas TPS di Jember karena tidak membawa undangan C6.",
		"Video diambil saat simulasi pemungutan suara. Pemilih terdaftar tetap boleh mencoblos dengan KTP-el tanpa undangan C6.",
		[]string{refKPU}},
	{44, "HOAKS", "imposter", "35", "pemilu", "Akun Bawaslu Jatim Palsu Minta Transfer Biaya Pendaftaran Pengawas TPS",
		"Akun media sosial mengatasnamakan Bawaslu Jatim meminta biaya pendaftaran pengawas TPS Rp250.000.",
		"Bawaslu Jatim memastikan rekrutmen pengawas TPS tidak dipungut biaya. Akun tersebut bukan akun resmi.",
		[]string{refBawaslu}},
	{40, "MISINFORMASI", "misleading", "35.15", "pemilu", "Surat Suara Rusak Dianggap Sah Asal Ada Tanda Tangan Ketua KPPS",
		"Pesan berantai menyebut surat suara yang sobek tetap sah asalkan ditandatangani ketua KPPS.",
		"Surat suara yang rusak diganti sebelum dipakai. Tanda tangan ketua KPPS adalah syarat sahnya surat suara, tetapi tidak membuat surat suara rusak menjadi sah.",
		[]string{refKPU}},
	{36, "HOAKS", "fabricated", "35.73", "pemilu", "Pemilih di Malang Bisa Mencoblos Lewat Aplikasi Ponsel",
		"Beredar tautan aplikasi yang disebut memungkinkan warga Kota Malang mencoblos dari ponsel.",
		"Tidak ada pemungutan suara elektronik. Tautan tersebut mengarah ke situs pencurian data pribadi.",
		[]string{refKPU, refKominfo}},
	{33, "FAKTA", "", "35", "pemilu", "Pemilih Pindahan Wajib Mengurus Formulir Pindah Memilih Sebelum Batas Waktu",
		"Pemilih yang pindah domisili harus mengurus formulir pindah memilih agar bisa mencoblos di TPS tujuan.",
		"Benar. KPU menetapkan batas waktu pengurusan formulir pindah memilih; pemilih dapat mengurusnya di kantor KPU kabupaten/kota.",
		[]string{refKPU}},
	{29, "HOAKS", "false-connection", "35.25", "pemilu", "Tinta Pemilu Mengandung Zat Berbahaya bagi Kulit",
		"Pesan berantai menyebut tinta pemilu mengandung merkuri yang berbahaya bagi kulit.",
		"Tinta pemilu telah diuji dan memiliki sertifikat halal serta keamanan. Tidak ada kandungan merkuri.",
		[]string{refKPU}},
	{25, "DISINFORMASI", "manipulated", "35.78", "pemilu", "Tangkapan Layar Hasil Hitung Cepat Sebelum TPS Ditutup",
		"Tangkapan layar hasil hitung cepat beredar sebelum pemungutan suara selesai.",
		"Tangkapan layar itu suntingan; lembaga survei yang namanya dicatut menyatakan tidak merilis data tersebut.",
		[]string{refKominfo}},
	{21, "HOAKS", "fabricated", "35.25", "pemilu", "Warga Gresik yang Golput Akan Dicabut Bantuan Sosialnya",
		"Pesan berantai menyebut warga yang tidak datang ke TPS akan dicoret dari penerima bantuan sosial.",
		"Dinas Sosial menegaskan data penerima bantuan sosial tidak terkait dengan kehadiran di TPS.",
		[]string{refKominfo}},
	{17, "MISINFORMASI", "misleading", "35", "pemilu", "Memotret Surat Suara di Bilik Dibolehkan Asal Tidak Diunggah",
		"Sebagian warga meyakini memotret surat suara di bilik suara boleh asalkan fotonya tidak diunggah.",
		"Peraturan melarang membawa dan menggunakan kamera atau telepon genggam di bilik suara untuk menjaga kerahasiaan suara.",
		[]string{refKPU}},
	{13, "HOAKS", "satire", "35.07", "pemilu", "Calon Bupati Janjikan Jalan Tol Menuju Setiap Desa",
		"Video calon bupati berjanji membangun jalan tol ke setiap desa beredar sebagai janji kampanye sungguhan.",
		"Video berasal dari akun parodi dan diberi keterangan satire pada unggahan aslinya.",
		[]string{refKominfo}},
	{9, "HOAKS", "fabricated", "35", "pemilu", "Serangan Fajar Boleh Diterima Asal Tidak Memilih Pemberinya",
		"Pesan berantai menyebut menerima uang dari tim kampanye tidak melanggar hukum asalkan tidak memilih calon pemberinya.",
		"Menerima uang untuk memengaruhi pilihan adalah politik uang dan dapat dipidana, siapa pun yang kemudian dipilih.",
		[]string{refBawaslu}},
	{5, "DISINFORMASI", "false-context", "35.78", "pemilu", "Foto Antrean Panjang di TPS Surabaya Disebut Akibat Kecurangan",
		"Foto antrean panjang di TPS disebut bukti petugas sengaja memperlambat pemilih.",
		"Foto berasal dari pemilu sebelumnya ketika hujan deras membuat pemungutan suara dimulai terlambat.",
		[]string{refKPU, refBawaslu}},
	{2, "HOAKS", "imposter", "35", "pemilu", "Surat Edaran KPU Palsu Soal Pemilih Wajib Membawa Kartu Keluarga",
		"Surat edaran berkop KPU mewajibkan pemilih membawa kartu keluarga asli ke TPS.",
		"KPU tidak mengeluarkan surat edaran itu. Pemilih cukup membawa undangan C6 dan/atau KTP-el.",
		[]string{refKPU}},
}

// demoReports are invented reports: each inner list is one claim.
var demoReports = []struct {
	hoursAgo int
	texts    []string
}{
	{30, []string{"Benarkah besok TPS di Kecamatan Wonokromo dipindah ke lapangan karena banjir? Pesannya dari grup RT."}},
	{6, []string{
		"SEBARKAN! Petugas KPPS di Sidoarjo dilatih cara mengganti surat suara yang sudah dicoblos, videonya viral",
		"Ada video petugas KPPS Sidoarjo dilatih mengganti surat suara yang sudah dicoblos, apa benar?",
		"Petugas KPPS di Sidoarjo dilatih cara mengganti surat suara yang sudah dicoblos!! videonya viral, sebarkan 🙏"}},
	{4, []string{"Katanya pemilih wajib bawa fotokopi kartu keluarga ke TPS, ada surat edarannya dari KPU. Betul?"}},
	{3, []string{"Kabar paslon nomor 3 mundur dari pilkada Kota Kediri beredar di grup WhatsApp alumni"}},
	{2, []string{"Harga beras di Pasar Legi Blitar katanya naik jadi Rp30 ribu per kilo mulai besok"}},
	{1, []string{"Ada link pendaftaran saksi TPS dibayar Rp500 ribu per hari, disuruh isi data KTP dan nomor rekening"}},
}

// demoAgency is the slug of the demo's communications office
// (internal/demo creates it), which runs the clinic.
const demoAgency = "diskominfo-jatim"

// demoAuthor signs the demo verdicts and their articles.
const demoAuthor = "Tim Cek Fakta (demo)"

// demoNote ends every demo Cek Fakta article, as the demo's news
// articles end with theirs.
const demoNote = "*Putusan ini adalah contoh untuk demonstrasi Warta. Klaim dan penilaiannya rekaan, bukan kasus nyata.*"

// LoadDemo fills an empty clinic with made-up verdicts and open claims for
// `serve --demo`: about fifteen verdicts, each published as a Cek Fakta
// article on its own day, and six claims, one overdue and one with a
// suggestion. It does nothing when the clinic holds verdicts already, and
// stores no personal data.
func (s *Service) LoadDemo(ctx context.Context) error {
	var n int
	if err := s.queryRow(ctx, "SELECT COUNT(*) FROM clinic_verdicts").Scan(&n); err != nil {
		return fmt.Errorf("clinic: demo: %w", err)
	}
	if n > 0 {
		return nil
	}
	now := s.clock()
	// Without a configured agency the clinic files under the first one;
	// the demo's are filed under its communications office when present.
	agencyID := ""
	if s.cfg.Agency == "" {
		if a, err := s.db.AgencyBySlug(ctx, demoAgency); err == nil {
			agencyID = a.ID
		}
	}
	verdicts := make([]*Verdict, 0, len(demoVerdicts))
	for i, d := range demoVerdicts {
		v, err := s.demoVerdict(ctx, i, d, now, agencyID)
		if err != nil {
			return err
		}
		verdicts = append(verdicts, v)
	}
	err := s.inTx(ctx, func(t tx) error {
		for i, v := range verdicts {
			if err := insertVerdict(ctx, t, v, "demo", fmt.Sprintf("demo-%02d", i+1), nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("clinic: demo verdicts: %w", err)
	}
	for _, v := range verdicts {
		s.addVerdict(v, nil)
	}
	var suggestFor string
	for i, c := range demoReports {
		var ticket string
		for j, text := range c.texts {
			at := now.Add(-time.Duration(c.hoursAgo)*time.Hour + time.Duration(j)*17*time.Minute)
			r, err := s.Submit(ctx, Submission{Channel: ChannelWeb, Text: text, ReceivedAt: at})
			if err != nil {
				return fmt.Errorf("clinic: demo report: %w", err)
			}
			ticket = r.Ticket
		}
		if i == 2 {
			suggestFor = ticket
		}
	}
	// The fact-checkers see one suggestion to confirm: the report about a
	// family-card circular resembles the last demo verdict. Intake may have
	// suggested it already; if the matcher scored it otherwise, set it.
	if suggestFor != "" {
		_, err := s.exec(ctx, `UPDATE clinic_claims SET suggested_verdict_id = ?, suggested_score = 0.72
			WHERE suggested_verdict_id = '' AND id = (SELECT claim_id FROM clinic_reports WHERE ticket = ?) AND status = ?`,
			verdicts[len(verdicts)-1].ID, suggestFor, StatusNew)
		if err != nil {
			return fmt.Errorf("clinic: demo suggestion: %w", err)
		}
	}
	return nil
}

// demoVerdict publishes the i-th demo verdict's Cek Fakta article, dated
// during a working hour of its day, straight into the store (the
// newsroom's Publish would date it now and queue its dissemination) and
// returns the verdict pointing at it, not yet stored. agencyID, when set,
// files the article under that agency.
func (s *Service) demoVerdict(ctx context.Context, i int, d demoVerdict, now time.Time, agencyID string) (*Verdict, error) {
	day := now.In(warta.Jakarta).AddDate(0, 0, -d.days)
	at := time.Date(day.Year(), day.Month(), day.Day(), 9+i%8, (i*17)%60, 0, 0, warta.Jakarta).UTC()
	in := VerdictInput{Title: d.title, ClaimReviewed: d.claim, Label: d.label, Type: d.kind,
		Explanation: d.explanation, References: d.refs, ClaimDate: at.Add(-36 * time.Hour), RegionCode: d.region}
	art, err := s.verdictArticle(ctx, &warta.User{Name: demoAuthor}, in)
	if err != nil {
		return nil, fmt.Errorf("clinic: demo article %q: %w", d.title, err)
	}
	art.ID = warta.NewIDAt(at)
	if agencyID != "" {
		art.AgencyID = agencyID
	}
	art.Body += "\n\n" + demoNote
	if art.BodyHTML, err = markdown.Render(art.Body); err != nil {
		return nil, fmt.Errorf("clinic: demo article %q: %w", d.title, err)
	}
	art.Status, art.PublishedAt = warta.StatusPublished, at
	art.CreatedAt, art.UpdatedAt = at.Add(-2*time.Hour), at
	// Out of the matcher as an article before it exists: it goes in as
	// the verdict.
	s.markVerdictArticle(art.ID)
	if err := s.db.CreateArticle(ctx, art); err != nil {
		return nil, fmt.Errorf("clinic: demo article %q: %w", d.title, err)
	}
	return &Verdict{ID: warta.NewIDAt(at), Title: in.Title, ClaimReviewed: in.ClaimReviewed, Label: in.Label,
		Type: in.Type, Explanation: in.Explanation, References: in.References, Category: d.category,
		RegionCode: in.RegionCode, ArticleID: art.ID, URL: s.baseURL + art.Path(), PublishedAt: at,
		AuthorName: demoAuthor, ClaimDate: in.ClaimDate}, nil
}
