package match

// forwardingNoise are words that chain messages add around a claim to push
// it on ("SEBARKAN!", "info A1", "viral", "breaking"). They say nothing
// about what is claimed, and verdict titles rarely contain them, so they
// only blur the character n-grams and the near-duplicate test.
var forwardingNoise = setOf(
	"sebarkan", "sebarluaskan", "sebarin", "viralkan", "viral", "viralin",
	"share", "shared", "forward", "forwarded", "fwd", "fw", "repost", "copas",
	"broadcast", "bc", "breaking", "news", "a1", "urgent",
	"penting", "pentingg", "wajib", "tonton", "simak", "bacalah", "sampai",
	"aamiin", "amiin", "amin", "aamin", "subhanallah", "masyaallah",
	"masya", "allahu", "akbar", "astagfirullah", "astaghfirullah", "innalillahi",
	"wkwk", "wkwkwk", "haha", "hahaha", "wow", "dhuar", "duar", "dhuarr",
	"gaes", "guys", "gan", "lur", "min", "sebelah", "mohon", "tolong", "mari", "ayo", "yuk",
	"fyp",
	"foryou", "foryoupage", "fypage", "reels", "trending",
	"cmiiw", "btw", "nb", "ps",
)

// slang maps chat spellings and abbreviations to the standard word before
// stop-word removal and stemming. Only general chat forms are listed.
var slang = map[string]string{
	"gak": "tidak", "ga": "tidak", "gk": "tidak", "nggak": "tidak", "ngga": "tidak",
	"enggak": "tidak", "engga": "tidak", "kagak": "tidak", "tdk": "tidak", "tak": "tidak",
	"ndak": "tidak", "gag": "tidak", "ngak": "tidak",
	"yg": "yang", "yng": "yang", "dgn": "dengan", "dg": "dengan", "utk": "untuk",
	"untk": "untuk", "krn": "karena", "karna": "karena", "sdh": "sudah", "udh": "sudah",
	"udah": "sudah", "blm": "belum", "blom": "belum", "belom": "belum", "bgt": "banget",
	"jg": "juga", "sm": "sama", "dr": "dari", "dri": "dari", "dlm": "dalam", "pd": "pada",
	"kpd": "kepada", "tsb": "tersebut", "bs": "bisa", "bsa": "bisa", "org": "orang",
	"orng": "orang", "skrg": "sekarang", "skrng": "sekarang", "hrs": "harus", "aja": "saja",
	"gmn": "bagaimana", "gimana": "bagaimana", "kalo": "kalau", "klo": "kalau", "emang": "memang",
	"tau": "tahu", "jd": "jadi", "jdi": "jadi", "sy": "saya", "gw": "saya", "gue": "saya",
	"tp": "tapi", "tpi": "tapi", "bkn": "bukan", "msh": "masih", "lg": "lagi", "spt": "seperti",
	"kyk": "seperti", "kayak": "seperti", "sbg": "sebagai", "sblm": "sebelum", "stlh": "setelah",
	"ttg": "tentang", "trs": "terus", "bnyk": "banyak", "byk": "banyak", "sgt": "sangat",
	"lbh": "lebih", "mrk": "mereka", "ttp": "tetap", "kmrn": "kemarin", "kemaren": "kemarin",
	"bsk": "besok", "hr": "hari", "thn": "tahun", "th": "tahun", "bln": "bulan", "tgl": "tanggal",
	"jln": "jalan", "jl": "jalan", "bener": "benar", "bnr": "benar", "pake": "pakai",
	"dapet": "dapat", "liat": "lihat", "denger": "dengar", "ngasih": "kasih", "nyoblos": "coblos",
	"milih": "pilih", "nyari": "cari", "nyebar": "sebar", "gede": "besar", "dtg": "datang",
	"dateng": "datang", "tlg": "tolong", "info": "informasi", "infonya": "informasi",
	"hoax": "hoaks", "hoaxs": "hoaks", "wa": "whatsapp", "watsap": "whatsapp", "fb": "facebook",
	"ig": "instagram", "yt": "youtube", "duit": "uang", "pemerintahan": "pemerintah",
	"sampe": "sampai", "skr": "sekarang", "pgn": "ingin", "pengen": "ingin", "biar": "agar",
	"sbb": "sebagai", "jkt": "jakarta", "sdr": "saudara", "bpk": "bapak",
	"pak": "bapak", "bu": "ibu", "rp": "rupiah", "jt": "juta", "jta": "juta", "rb": "ribu",
	"ribuan": "ribu", "jutaan": "juta", "milyar": "miliar", "praktek": "praktik",
	"resiko": "risiko", "jaman": "zaman", "ijin": "izin", "propinsi": "provinsi",
	"aktifitas": "aktivitas", "hutang": "utang", "himbauan": "imbauan", "himbau": "imbau",
	"sholat": "salat", "shalat": "salat", "ramadhan": "ramadan", "nopember": "november",
	"pebruari": "februari", "ustadz": "ustaz", "ustad": "ustaz", "ijasah": "ijazah",
	"kadaluarsa": "kedaluwarsa", "nomer": "nomor", "no": "nomor", "hp": "ponsel",
	"handphone": "ponsel", "tlp": "telepon", "telpon": "telepon", "telp": "telepon",
	"online": "daring", "gratiss": "gratis", "indo": "indonesia", "ri": "indonesia",
	"loker": "lowongan", "recruitment": "rekrutmen",
}

func setOf(words ...string) map[string]struct{} {
	m := make(map[string]struct{}, len(words))
	for _, w := range words {
		m[w] = struct{}{}
	}
	return m
}

// headlineFraming are the stems fact-checkers frame a headline with ("Video
// …", "Akun Facebook Mengatasnamakan …", "Beredar Tautan …"): they describe
// the form of the hoax, and the forwarded text itself seldom says them, so
// a title's coverage counts them for less.
var headlineFraming = setOf(
	"video", "foto", "gambar", "akun", "tangkap", "layar", "edar", "beredar",
	"klaim", "narasi", "unggah", "pesan", "tautan", "link", "atasnama",
	"palsu", "tiru", "hoaks", "berita", "informasi", "artikel", "posting",
	"konten", "isi", "sebut", "surat", "dokumen", "facebook", "whatsapp",
	"tiktok", "instagram", "youtube", "twitter", "situs", "laman",
)
