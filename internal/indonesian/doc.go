// Package indonesian analyses Indonesian text for full-text search and for the
// hoax clinic's claim matcher: it normalises, tokenises, drops stop words,
// expands chat slang and stems words to their root (kata dasar).
//
// The pipeline for one word is: fold (lowercase, strip diacritics, map fancy
// Unicode letters such as 𝗕𝗢𝗟𝗗 or ｆｕｌｌｗｉｄｔｈ to ASCII), collapse chat
// elongation ("bangeeet" → "banget"), slang map ("gak" → "tidak"), stop-word
// check, then stemming. Stop words are checked before stemming, so "pengadaan"
// keeps its stem "ada" although "ada" itself is a stop word.
//
// Decisions worth knowing:
//
//   - Negations (tidak, bukan, belum, jangan) are NOT stop words. In election
//     news they carry the topic ("surat suara tidak sah", "belum terdaftar",
//     "bukan hoaks"), and for the claim matcher their low IDF keeps them
//     harmless. Chat negations (gak, nggak, tdk, tak, …) all map to "tidak",
//     so query and index agree.
//   - "dpt" is the voter list (Daftar Pemilih Tetap), not chat for "dapat".
//   - Reduplication is folded to its base: "anak-anak", "bagi-bagi",
//     "berlari-lari" and "kemerah-merahan" each give one term.
//   - Letters and digits are split apart ("Rp71" → "rp", "71";
//     "COVID-19" → "covid", "19"), thousands separators are joined
//     ("70.000" → "70000"), single letters are dropped, single digits kept.
//   - Hashtags and mentions are split at camel case ("#PemiluDamai" →
//     "pemilu", "damai").
//
// The stemmer follows the Enhanced Confix Stripping algorithm (Nazief–Adriani
// as refined by Arifin et al., the one Sastrawi implements), checked against a
// compact embedded root list. Where no candidate is in the list it falls back
// to Tala-style rules with guards against over-stemming: a stem keeps at least
// three letters and two vowels, starts with a pronounceable onset, and confixes
// Indonesian does not have (di-…-an, me-…-an, ke-…-kan, …) are never removed.
// Stacked prefixes all come off: "memperhatikan" and "perhatian" give "hati",
// "pemerintahan" gives "perintah" (a root in the list, so per- stays).
// Extend roots.txt and names.txt when a word stems badly; TestStem and the
// claim-matching test in claims_test.go show whether a change helps.
//
// Work is capped: only the first MaxInput bytes of a text are analysed.
package indonesian
