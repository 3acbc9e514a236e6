package clinic

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// maxImportRows bounds one import, so a wrong file cannot fill the disk.
const maxImportRows = 200000

// importRow is one verdict of an archive file.
type importRow struct {
	line                                      int
	id, title, label, url, category, pubInput string
	published                                 time.Time
}

// Import loads an archive of verdicts from CSV (columns id,title and
// optionally label,url,published,category, named in the header, in any
// order) into the matcher and archive. A verdict is identified by its id
// in the archive: importing again updates it. A file with any bad row
// changes nothing, and the error names the row.
func (s *Service) Import(ctx context.Context, r io.Reader) (ImportResult, error) {
	var res ImportResult
	rows, err := s.readImport(r)
	if err != nil {
		return res, err
	}
	existing := map[string]string{}
	var verdicts []*Verdict
	err = s.inTx(ctx, func(t tx) error {
		q, err := t.query(ctx, "SELECT external_id, id FROM clinic_verdicts WHERE source = 'import'")
		if err != nil {
			return fmt.Errorf("clinic: import: %w", err)
		}
		for q.Next() {
			var ext, id string
			if err := q.Scan(&ext, &id); err != nil {
				q.Close()
				return fmt.Errorf("clinic: import: %w", err)
			}
			existing[ext] = id
		}
		q.Close()
		if err := q.Err(); err != nil {
			return fmt.Errorf("clinic: import: %w", err)
		}
		for _, row := range rows {
			v := &Verdict{Title: row.title, ClaimReviewed: row.title, Label: row.label, URL: row.url,
				Category: row.category, PublishedAt: row.published}
			if id, ok := existing[row.id]; ok {
				v.ID = id
				_, err := t.exec(ctx, `UPDATE clinic_verdicts SET title = ?, claim_reviewed = ?, label = ?, url = ?,
					category = ?, published_at = ? WHERE id = ?`, v.Title, v.ClaimReviewed, v.Label, v.URL, v.Category,
					v.PublishedAt.Unix(), id)
				if err != nil {
					return fmt.Errorf("clinic: import row %d: %w", row.line, err)
				}
				res.Updated++
			} else {
				v.ID = warta.NewIDAt(v.PublishedAt)
				if err := insertVerdict(ctx, t, v, "import", row.id, nil); err != nil {
					return fmt.Errorf("clinic: import row %d: %w", row.line, err)
				}
				res.Added++
			}
			verdicts = append(verdicts, v)
		}
		return nil
	})
	if err != nil {
		return ImportResult{}, err
	}
	for _, v := range verdicts {
		// An updated verdict keeps what the import does not carry.
		full, images := v, []uint64(nil)
		if got, im, err := scanVerdict(s.queryRow(ctx, "SELECT "+verdictColumns+" FROM clinic_verdicts WHERE id = ?", v.ID)); err == nil {
			full, images = got, im
		}
		s.addVerdict(full, images)
	}
	// /cek-fakta and its feeds list the archive: every node's page cache
	// must let go of them.
	s.db.Changed()
	return res, nil
}

// readImport reads and checks the whole file before anything is stored.
func (s *Service) readImport(r io.Reader) ([]importRow, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, invalid("file", "Berkas CSV kosong. Baris pertama harus berisi nama kolom: id,title (dan boleh label,url,published,category).")
	} else if err != nil {
		return nil, invalid("file", "Berkas bukan CSV yang dapat dibaca: %s.", csvProblem(err))
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		switch h {
		case "id", "title", "label", "url", "published", "category":
			if _, dup := col[h]; dup {
				return nil, invalid("file", "Kolom %q muncul dua kali di baris judul.", h)
			}
			col[h] = i
		}
	}
	for _, need := range []string{"id", "title"} {
		if _, ok := col[need]; !ok {
			return nil, invalid("file", "Kolom %q tidak ada. Baris pertama harus berisi nama kolom: id,title (dan boleh label,url,published,category).", need)
		}
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	now := s.clock()
	seen := map[string]int{}
	var rows []importRow
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, invalid("file", "Baris %d: %s.", line, csvProblem(err))
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rows) >= maxImportRows {
			return nil, invalid("file", "Berkas berisi lebih dari %d putusan; bagi menjadi beberapa berkas.", maxImportRows)
		}
		row := importRow{line: line, id: get(rec, "id"), title: strings.Join(strings.Fields(get(rec, "title")), " "),
			label: strings.ToUpper(get(rec, "label")), url: get(rec, "url"), category: get(rec, "category"),
			pubInput: get(rec, "published")}
		if err := s.checkImportRow(&row, now); err != nil {
			return nil, err
		}
		if first, dup := seen[row.id]; dup {
			return nil, invalid("file", "Baris %d: id %q sudah dipakai di baris %d.", line, row.id, first)
		}
		seen[row.id] = line
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil, invalid("file", "Berkas tidak berisi satu putusan pun.")
	}
	return rows, nil
}

// checkImportRow checks one row, naming it in the error.
func (s *Service) checkImportRow(row *importRow, now time.Time) error {
	bad := func(format string, args ...any) error {
		return invalid("file", "Baris %d: %s", row.line, fmt.Sprintf(format, args...))
	}
	switch {
	case row.id == "":
		return bad("kolom id kosong.")
	case utf8.RuneCountInString(row.id) > 200:
		return bad("id terlalu panjang (paling banyak 200 karakter).")
	case row.title == "":
		return bad("kolom title kosong.")
	case utf8.RuneCountInString(row.title) > 500:
		return bad("judul terlalu panjang (paling banyak 500 karakter).")
	}
	if row.label == "" {
		row.label = "HOAKS"
	}
	known := false
	for _, l := range s.labels {
		known = known || l == row.label
	}
	if !known {
		return bad("label %q tidak dikenal; pakai salah satu dari %s.", row.label, strings.Join(s.labels, ", "))
	}
	if row.url != "" {
		if _, err := cleanLinks([]string{row.url}, "file", "url"); err != nil {
			return bad("url %q bukan tautan yang valid (diawali http:// atau https://).", row.url)
		}
	}
	row.published = now
	if row.pubInput != "" {
		t, err := time.ParseInLocation("2006-01-02", row.pubInput, warta.Jakarta)
		if err != nil {
			t, err = time.Parse(time.RFC3339, row.pubInput)
		}
		if err != nil {
			return bad("tanggal terbit %q tidak dikenal; tulis sebagai 2024-02-14 atau 2024-02-14T10:00:00+07:00.", row.pubInput)
		}
		row.published = t.UTC().Truncate(time.Second)
	}
	return nil
}

// csvProblem describes a CSV parse error in Indonesian.
func csvProblem(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(pe.Err, csv.ErrQuote), errors.Is(pe.Err, csv.ErrBareQuote):
			return "tanda kutip tidak seimbang"
		case errors.Is(pe.Err, csv.ErrFieldCount):
			return "jumlah kolom tidak sesuai"
		}
	}
	return "format tidak dikenali"
}
