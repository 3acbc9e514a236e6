package demo

// reporters are the demo newsroom's staff. The names are invented; any
// likeness to a real journalist is a coincidence.
var reporters = []struct{ name, code string }{
	{"Rina Wulandari", "rw"},
	{"Dimas Prasetyo", "dp"},
	{"Nur Aini Safitri", "ns"},
	{"Bagus Hermawan", "bh"},
	{"Yuliana Kartika", "yk"},
	{"Fajar Ramadhan", "fr"},
	{"Lailatul Fitriyah", "lf"},
	{"Moch. Rizal Efendi", "mr"},
	{"Anggraini Puspita", "ap"},
	{"Wahyu Kurniawan", "wk"},
}

// editors' codes close the byline code: reporter/editor.
var editors = []string{"ms", "hd", "tn", "ek"}

// closings end every story with where readers get more official
// information, in the voice of the story's source.
var closings = map[string][]string{
	"kpu": {
		"Informasi resmi mengenai tahapan dan jadwal dapat dipantau melalui laman dan akun media sosial resmi {kpu}. Warga yang menerima kabar meragukan diminta memeriksanya lebih dahulu sebelum membagikan.",
		"{kpu} membuka layanan informasi di kantornya pada hari dan jam kerja. Pertanyaan juga dapat disampaikan melalui kanal pengaduan KPU, sementara pesan berantai yang meragukan bisa dikirim ke klinik hoaks Diskominfo Jatim untuk diperiksa.",
		"Masyarakat yang membutuhkan penjelasan lebih lanjut dapat menghubungi PPS di desa atau kelurahan masing-masing, PPK di tingkat kecamatan, atau langsung ke {kpu}.",
	},
	"bawaslu": {
		"Warga yang mengetahui dugaan pelanggaran dapat melapor ke {bawaslu} atau Panwaslu Kecamatan terdekat paling lambat tujuh hari sejak kejadian diketahui, dengan menyertakan identitas pelapor, pihak terlapor, waktu dan tempat kejadian, uraian peristiwa, serta bukti.",
		"Bawaslu membuka posko pengaduan di setiap kabupaten/kota dan kecamatan. Laporan yang memenuhi syarat formal dan materiel akan diregistrasi dan ditindaklanjuti sesuai ketentuan.",
		"Pengawasan partisipatif tetap dibuka bagi siapa pun. Informasi awal dugaan pelanggaran dapat disampaikan ke {bawaslu}, termasuk melalui kanal pengaduan daring.",
	},
	"kominfo": {
		"Warga dapat mengirimkan pesan, tautan atau tangkapan layar yang meragukan ke klinik hoaks Diskominfo Jatim melalui formulir di portal ini, WhatsApp atau Telegram. Setiap aduan dijawab paling lambat 1×24 jam.",
		"Diskominfo Jatim mengajak masyarakat menjadikan KPU dan Bawaslu sebagai rujukan utama informasi kepemiluan. Sebelum membagikan pesan, periksa sumbernya, tanggalnya dan kesesuaiannya dengan informasi resmi.",
		"Informasi resmi penyelenggara pemilu disebarluaskan Diskominfo Jatim melalui portal ini dan kanal media sosial pemerintah provinsi. Aduan soal kabar bohong dapat disampaikan ke klinik hoaks kapan saja.",
	},
}

// disclaimer closes every demo story so that nobody takes it for news.
const disclaimer = "*Artikel ini adalah konten contoh untuk demonstrasi Warta. Peristiwa, kutipan dan angka di tingkat kabupaten/kota di dalamnya bersifat ilustratif, bukan pernyataan resmi penyelenggara pemilu.*"
