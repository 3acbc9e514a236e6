package match

import "strings"

// Fact-check headlines say how a claim circulated and that it was checked
// as well as what it claims: "Pesan Berantai …", "Video …", "Tangkapan
// Layar Artikel …", "Akun Facebook Mengatasnamakan …", "… Lewat Pesan WA",
// "Benarkah …". People forward the claim, not those words, so the
// calibrated score (Index.claimCoverage) leaves them out of the title's
// coverage. The lists are general headline style, built from the most
// frequent words of turnbackhoax.id titles, not from any one claim. Words
// are canonical (slang resolved: "wa" is "whatsapp", "info" is
// "informasi") and not stemmed, since the form tells the medium from the
// claim: "unggahan" names a post, "diunggah" may be the claim.

// mediumAnywhere are words that describe the checking or the circulation
// wherever they stand in a headline.
var mediumAnywhere = setOf(
	"beredar", "benarkah", "faktanya", "ternyata", "hoaks", "narasi",
	"diklaim", "dikabarkan", "disebut", "unggahan", "postingan",
	"screenshot", "berjudul", "bertuliskan",
)

// mediumPairs are two-word media named anywhere: each word alone may be
// part of a claim ("rantai pasok", "layar tancap", "fakta integritas").
var mediumPairs = pairsOf(
	"pesan berantai", "tangkapan layar", "cek fakta",
)

// mediumLeading are words that name the medium when they open a headline
// ("Video …", "Akun TikTok Palsu …", "Surat Edaran …") or follow a
// preposition of mediumIntro ("… Lewat Pesan WA", "… di TikTok"); in the
// middle of a claim they may be its subject ("Komeng Promosikan Situs
// Judi", "Gas LPG Berisi Air").
var mediumLeading = setOf(
	"video", "foto", "gambar", "potret", "rekaman", "potongan", "cuplikan",
	"dokumentasi", "poster", "pamflet", "selebaran", "flyer", "brosur",
	"akun", "tautan", "link", "situs", "pesan", "informasi", "artikel",
	"berita", "konten", "status", "cuitan", "twit", "tweet", "thumbnail",
	"klaim", "palsu", "tiruan", "berisi", "beredar",
	"facebook", "whatsapp", "tiktok", "instagram", "youtube", "twitter",
	"telegram", "messenger", "sms", "threads",
)

// mediumLeadingPairs open a headline as a medium: "Surat Edaran …" (a
// "surat suara" is a ballot, and the claim).
var mediumLeadingPairs = pairsOf("surat edaran")

// pairsOf maps the first word of each two-word phrase to the second; a
// first word opens one phrase only.
func pairsOf(phrases ...string) map[string]string {
	m := make(map[string]string, len(phrases))
	for _, p := range phrases {
		a, b, _ := strings.Cut(p, " ")
		m[a] = b
	}
	return m
}

// mediumIntro are the prepositions after which media are named ("lewat
// pesan WhatsApp", "melalui tautan", "di TikTok", "dari akun Facebook").
var mediumIntro = setOf("lewat", "melalui", "via", "di", "dari")

// markMedium reports which of a headline's canonical words, stop words
// included, name the medium or the checking rather than the claim.
func markMedium(parts []string, noise []bool) []bool {
	flags := make([]bool, len(parts))
	pair := func(i int, set map[string]string) bool {
		return i+1 < len(parts) && set[parts[i]] == parts[i+1]
	}
	for i, p := range parts {
		if _, ok := mediumAnywhere[p]; ok {
			flags[i] = true
		}
		if pair(i, mediumPairs) {
			flags[i], flags[i+1] = true, true
		}
	}
	run := true // in a run of media: the headline's start or after mediumIntro
	for i := 0; i < len(parts); i++ {
		p := parts[i]
		if _, ok := mediumIntro[p]; ok {
			run = true
			continue
		}
		if flags[i] || noise[i] {
			continue
		}
		if !run {
			continue
		}
		if _, ok := mediumLeading[p]; ok {
			flags[i] = true
			continue
		}
		if pair(i, mediumLeadingPairs) {
			flags[i], flags[i+1] = true, true
			i++
			continue
		}
		run = false
	}
	return flags
}
