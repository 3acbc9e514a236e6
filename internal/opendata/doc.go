// Package opendata publishes what Warta knows as reusable open data
// (pemanfaatan data): a catalog of datasets, each with a page, a data
// dictionary, a CC BY 4.0 licence, a streamed CSV download and a paged JSON
// API; a DCAT catalog and a CKAN-compatible read API for the government's
// Satu Data portals; imports of the election bodies' own CSV datasets,
// validated, previewed and published as versions; and the public
// statistics page with server-rendered SVG charts and their tables.
//
// # Datasets
//
// A Dataset is metadata plus a Source, which pages through rows in one fixed
// order with an opaque keyset cursor. The CSV download reads the Source in
// batches until the cursor runs out, flushing each; the JSON API reads one
// page. Both therefore give the same rows, with the same values, in the
// same order. Built in: tahapan (election stages), wilayah (regions with
// Kemendagri codes), artikel (metadata of live articles), distribusi
// (deliveries per channel kind, day and status, when dissemination's
// tables exist), and the hoax clinic's: putusan-cek-fakta (published
// verdicts shaped as ClaimReview), laporan-klinik-hoaks (reports per WIB
// day, region, topic and label) and waktu-putusan-klinik-hoaks (verdicts per
// day and label with the median hours from first report). RegisterLomba
// adds hasil-lomba, the announced contests' leaderboards as the contest
// service ranks them. Imported datasets come from the opendata_* tables.
//
// The clinic's datasets and statistics read its tables directly and count
// only: never a report's text, link or screenshot, its sender's address
// hash, or anything of clinic_contacts; a verdict is public from its
// published_at on.
//
// # Adding a dataset
//
// A capability that owns public data registers it once at start-up, after
// New and before serving:
//
//	od.Register(opendata.Dataset{
//		Slug:        "contoh",
//		Title:       "Contoh dataset",
//		Description: "…",
//		Keywords:    []string{"contoh"},
//		Frequency:   opendata.Continuous,
//		Columns:     []opendata.Column{{Name: "id", Type: opendata.Text, Description: "…", Example: "…"}, …},
//		Filters:     []opendata.Filter{{Name: "label", Description: "…", Example: "HOAKS"}},
//		Source:      exampleSource{db},
//	})
//
// Licence and publisher default to CC BY 4.0 and the catalog's publisher.
// The Source's Rows returns a page of Row values in column order (string,
// int64, Number, []string, time.Time or nil), ordered by an indexed key, and
// the next cursor (encode the last row's key; any string). Modified says
// when the data last changed, zero when there is none (the dataset's page
// then says "Belum ada data"). Nothing else is needed: the page, CSV, JSON,
// DCAT entry and CKAN package follow. A statistic for /statistik is a Stat
// (RegisterStat), drawn as an SVG chart beside a table of the same numbers
// and linked to its dataset; one that finds nothing says "Belum ada data".
//
// # Imports
//
// An administrator uploads a CSV file against a Schema (a built-in one such
// as TPSPerKecamatan, or one declared in the form, see ParseSchema). Check
// reads the whole file and reports every problem by row, in Indonesian. A
// file with any error changes nothing; a good file is kept as an upload
// until the admin confirms it on its preview, and Publish then writes the
// dataset's next version in one transaction. Earlier versions stay
// downloadable with ?versi=N.
//
// # Caching
//
// Pages, JSON pages, the DCAT catalog and /statistik go through the page
// cache. CSV downloads must not (see Uncached). Counts for /statistik and
// datasets' last-modified times are kept for Config.StatsTTL, independent
// of the page cache, which every publication purges.
package opendata
