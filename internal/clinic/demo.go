package clinic

import (
	"context"
	"fmt"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// demoVerdict is one made-up verdict of the demo archive.
type demoVerdict struct {
	days                          int // published this many days ago
	label, kind, region, category string
	title, claim, explanation     string
}

// demoVerdicts are invented election hoaxes of the kind an East Java
// clinic sees; none is a real case.
var demoVerdicts = []demoVerdict{
	{58, "HOAKS", "fabricated", "35", "pemilu", "KPU Jatim Umumkan Pemungutan Suara Diundur Satu Minggu",
		"Beredar pesan berantai bahwa KPU Jawa Timur mengundur hari pemungutan suara selama satu minggu karena cuaca buruk.",
		"KPU Provinsi Jawa Timur tidak pernah mengeluarkan pengumuman tersebut. Jadwal pemungutan suara ditetapkan secara nasional dan tidak berubah."},
	{52, "HOAKS", "manipulated", "35.78", "pemilu", "Foto Kotak Suara Dibakar di Kantor Kecamatan Tegalsari",
		"Foto kotak suara terbakar disebut terjadi di Kantor Kecamatan Tegalsari, Surabaya.",
		"Foto itu hasil suntingan dari foto kebakaran gudang pada 2019 di luar Jawa Timur. Kantor Kecamatan Tegalsari tidak mengalami kebakaran."},
	{47, "DISINFORMASI", "false-context", "35.09", "pemilu", "Video Warga Jember Ditolak Mencoblos Karena Tidak Bawa Undangan",
		"Video seorang warga ditolak petugas TPS di Jember karena tidak membawa undangan C6.",
		"Video diambil saat simulasi pemungutan suara. Pemilih terdaftar tetap boleh mencoblos dengan KTP-el tanpa undangan C6."},
	{44, "HOAKS", "imposter", "35", "pemilu", "Akun Bawaslu Jatim Palsu Minta Transfer Biaya Pendaftaran Pengawas TPS",
		"Akun media sosial mengatasnamakan Bawaslu Jatim meminta biaya pendaftaran pengawas TPS Rp250.000.",
		"Bawaslu Jatim memastikan rekrutmen pengawas TPS tidak dipungut biaya. Akun tersebut bukan akun resmi."},
	{40, "MISINFORMASI", "misleading", "35.15", "pemilu", "Surat Suara Rusak Dianggap Sah Asal Ada Tanda Tangan Ketua KPPS",
		"Pesan berantai menyebut surat suara yang sobek tetap sah asalkan ditandatangani ketua KPPS.",
		"Surat suara yang rusak diganti sebelum dipakai. Tanda tangan ketua KPPS adalah syarat sahnya surat suara, tetapi tidak membuat surat suara rusak menjadi sah."},
	{36, "HOAKS", "fabricated", "35.73", "pemilu", "Pemilih di Malang Bisa Mencoblos Lewat Aplikasi Ponsel",
		"Beredar tautan aplikasi yang disebut memungkinkan warga Kota Malang mencoblos dari ponsel.",
		"Tidak ada pemungutan suara elektronik. Tautan tersebut mengarah ke situs pencurian data pribadi."},
	{33, "FAKTA", "", "35", "pemilu", "Pemilih Pindahan Wajib Mengurus Formulir Pindah Memilih Sebelum Batas Waktu",
		"Pemilih yang pindah domisili harus mengurus formulir pindah memilih agar bisa mencoblos di TPS tujuan.",
		"Benar. KPU menetapkan batas waktu pengurusan formulir pindah memilih; pemilih dapat mengurusnya di kantor KPU kabupaten/kota."},
	{29, "HOAKS", "false-connection", "35.25", "pemilu", "Tinta Pemilu Mengandung Zat Berbahaya bagi Kulit",
		"Pesan berantai menyebut tinta pemilu mengandung merkuri yang berbahaya bagi kulit.",
		"Tinta pemilu telah diuji dan memiliki sertifikat halal serta keamanan. Tidak ada kandungan merkuri."},
	{25, "DISINFORMASI", "manipulated", "35.78", "pemilu", "Tangkapan Layar Hasil Hitung Cepat Sebelum TPS Ditutup",
		"Tangkapan layar hasil hitung cepat beredar sebelum pemungutan suara selesai.",
		"Tangkapan layar itu suntingan; lembaga survei yang namanya dicatut menyatakan tidak merilis data tersebut."},
	{21, "HOAKS", "fabricated", "35.25", "pemilu", "Warga Gresik yang Golput Akan Dicabut Bantuan Sosialnya",
		"Pesan berantai menyebut warga yang tidak datang ke TPS akan dicoret dari penerima bantuan sosial.",
		"Dinas Sosial menegaskan data penerima bantuan sosial tidak terkait dengan kehadiran di TPS."},
	{17, "MISINFORMASI", "misleading", "35", "pemilu", "Memotret Surat Suara di Bilik Dibolehkan Asal Tidak Diunggah",
		"Sebagian warga meyakini memotret surat suara di bilik suara boleh asalkan fotonya tidak diunggah.",
		"Peraturan melarang membawa dan menggunakan kamera atau telepon genggam di bilik suara untuk menjaga kerahasiaan suara."},
	{13, "HOAKS", "satire", "35.07", "pemilu", "Calon Bupati Janjikan Jalan Tol Menuju Setiap Desa",
		"Video calon bupati berjanji membangun jalan tol ke setiap desa beredar sebagai janji kampanye sungguhan.",
		"Video berasal dari akun parodi dan diberi keterangan satire pada unggahan aslinya."},
	{9, "HOAKS", "fabricated", "35", "pemilu", "Serangan Fajar Boleh Diterima Asal Tidak Memilih Pemberinya",
		"Pesan berantai menyebut menerima uang dari tim kampanye tidak melanggar hukum asalkan tidak memilih calon pemberinya.",
		"Menerima uang untuk memengaruhi pilihan adalah politik uang dan dapat dipidana, siapa pun yang kemudian dipilih."},
	{5, "DISINFORMASI", "false-context", "35.78", "pemilu", "Foto Antrean Panjang di TPS Surabaya Disebut Akibat Kecurangan",
		"Foto antrean panjang di TPS disebut bukti petugas sengaja memperlambat pemilih.",
		"Foto berasal dari pemilu sebelumnya ketika hujan deras membuat pemungutan suara dimulai terlambat."},
	{2, "HOAKS", "imposter", "35", "pemilu", "Surat Edaran KPU Palsu Soal Pemilih Wajib Membawa Kartu Keluarga",
		"Surat edaran berkop KPU mewajibkan pemilih membawa kartu keluarga asli ke TPS.",
		"KPU tidak mengeluarkan surat edaran itu. Pemilih cukup membawa undangan C6 dan/atau KTP-el."},
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

// LoadDemo fills an empty clinic with made-up verdicts and open claims for
// `serve --demo`: about fifteen verdicts and six claims, one overdue and
// one with a suggestion. It does nothing when the clinic holds verdicts
// already, and stores no personal data.
func (s *Service) LoadDemo(ctx context.Context) error {
	var n int
	if err := s.queryRow(ctx, "SELECT COUNT(*) FROM clinic_verdicts").Scan(&n); err != nil {
		return fmt.Errorf("clinic: demo: %w", err)
	}
	if n > 0 {
		return nil
	}
	now := s.clock()
	var verdicts []*Verdict
	err := s.inTx(ctx, func(t tx) error {
		for i, d := range demoVerdicts {
			at := now.Add(-time.Duration(d.days) * 24 * time.Hour)
			v := &Verdict{ID: warta.NewIDAt(at), Title: d.title, ClaimReviewed: d.claim, Label: d.label, Type: d.kind,
				Explanation: d.explanation, Category: d.category, RegionCode: d.region, PublishedAt: at,
				AuthorName: "Tim Cek Fakta (demo)", ClaimDate: at.Add(-36 * time.Hour)}
			v.URL = s.verdictLink(v)
			if err := insertVerdict(ctx, t, v, "demo", fmt.Sprintf("demo-%02d", i+1), nil); err != nil {
				return err
			}
			verdicts = append(verdicts, v)
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
