package clinic

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/kominfo-jatim/warta/internal/clinic/match"
	"github.com/kominfo-jatim/warta/internal/warta"
)

const verdictColumns = `id, claim_id, title, claim_reviewed, label, type, explanation, references_json,
	claim_author, appearance_json, claim_date, images_json, category, region_code, article_id, url, author_name,
	published_at`

type scanner interface{ Scan(dest ...any) error }

// scanVerdict reads a row of verdictColumns; it returns the verdict's
// image hashes apart, as only the matcher needs them.
func scanVerdict(r scanner) (*Verdict, []uint64, error) {
	var v Verdict
	var refs, appear, images string
	var claimDate sql.NullInt64
	var published int64
	if err := r.Scan(&v.ID, &v.ClaimID, &v.Title, &v.ClaimReviewed, &v.Label, &v.Type, &v.Explanation, &refs,
		&v.ClaimAuthor, &appear, &claimDate, &images, &v.Category, &v.RegionCode, &v.ArticleID, &v.URL,
		&v.AuthorName, &published); err != nil {
		return nil, nil, err
	}
	json.Unmarshal([]byte(refs), &v.References)
	json.Unmarshal([]byte(appear), &v.ClaimAppearance)
	v.ClaimDate = fromUnix(claimDate)
	v.PublishedAt = unixTime(published)
	return &v, decodeHashes(images), nil
}

func jsonList(v []string) string {
	if v == nil {
		v = []string{}
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// verdict reads one verdict (ENotFound when none).
func (s *Service) verdict(ctx context.Context, q querier, id string) (*Verdict, error) {
	v, _, err := scanVerdict(q.queryRow(ctx, "SELECT "+verdictColumns+" FROM clinic_verdicts WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &warta.Error{Code: warta.ENotFound, Message: "Putusan cek fakta tidak ditemukan."}
	} else if err != nil {
		return nil, fmt.Errorf("clinic: read verdict %s: %w", id, err)
	}
	return v, nil
}

// verdictsByID reads verdicts, in no particular order.
func (s *Service) verdictsByID(ctx context.Context, ids []string) (map[string]*Verdict, error) {
	out := map[string]*Verdict{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.query(ctx, "SELECT "+verdictColumns+" FROM clinic_verdicts WHERE id IN ("+
		strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")+")", args...)
	if err != nil {
		return nil, fmt.Errorf("clinic: read verdicts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		v, _, err := scanVerdict(rows)
		if err != nil {
			return nil, fmt.Errorf("clinic: read verdicts: %w", err)
		}
		out[v.ID] = v
	}
	return out, rows.Err()
}

// insertVerdict stores a new verdict; source is "clinic" or "import".
func insertVerdict(ctx context.Context, t tx, v *Verdict, source, externalID string, images []uint64) error {
	var ext any
	if externalID != "" {
		ext = externalID
	}
	_, err := t.exec(ctx, `INSERT INTO clinic_verdicts (id, claim_id, source, external_id, title, claim_reviewed, label,
		type, explanation, references_json, claim_author, appearance_json, claim_date, images_json, category,
		region_code, article_id, url, author_name, published_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		v.ID, v.ClaimID, source, ext, v.Title, v.ClaimReviewed, v.Label, v.Type, v.Explanation, jsonList(v.References),
		v.ClaimAuthor, jsonList(v.ClaimAppearance), nullUnix(v.ClaimDate), encodeHashes(images), v.Category,
		v.RegionCode, v.ArticleID, v.URL, v.AuthorName, v.PublishedAt.Unix())
	if err != nil {
		return fmt.Errorf("clinic: store verdict: %w", err)
	}
	return nil
}

var cursorRE = regexp.MustCompile(`^(\d{1,12})-([0-9A-Za-z]{1,40})$`)

// Verdicts lists published verdicts, newest first, one keyset page at a
// time.
func (s *Service) Verdicts(ctx context.Context, f VerdictFilter) (VerdictPage, error) {
	var page VerdictPage
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	limit = min(limit, 100)
	var where []string
	var args []any
	if f.Label != "" {
		where = append(where, "label = ?")
		args = append(args, strings.ToUpper(f.Label))
	}
	if f.Region != "" {
		where = append(where, "region_code = ?")
		args = append(args, f.Region)
	}
	if f.After != "" {
		m := cursorRE.FindStringSubmatch(f.After)
		if m == nil {
			return page, invalid("after", "Penanda halaman tidak valid. Kembali ke halaman pertama.")
		}
		at, _ := strconv.ParseInt(m[1], 10, 64)
		where = append(where, "(published_at < ? OR (published_at = ? AND id < ?))")
		args = append(args, at, at, m[2])
	}
	q := "SELECT " + verdictColumns + " FROM clinic_verdicts"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += fmt.Sprintf(" ORDER BY published_at DESC, id DESC LIMIT %d", limit+1)
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return page, fmt.Errorf("clinic: list verdicts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		v, _, err := scanVerdict(rows)
		if err != nil {
			return page, fmt.Errorf("clinic: list verdicts: %w", err)
		}
		if len(page.Verdicts) == limit {
			last := page.Verdicts[limit-1]
			page.Next = fmt.Sprintf("%d-%s", last.PublishedAt.Unix(), last.ID)
			break
		}
		page.Verdicts = append(page.Verdicts, v)
	}
	return page, rows.Err()
}

// VerdictByArticle returns the verdict whose Cek Fakta article is id, or
// nil, nil when the article is not one.
func (s *Service) VerdictByArticle(ctx context.Context, articleID string) (*Verdict, error) {
	if articleID == "" {
		return nil, nil
	}
	v, _, err := scanVerdict(s.queryRow(ctx, "SELECT "+verdictColumns+" FROM clinic_verdicts WHERE article_id = ?", articleID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("clinic: verdict of article %s: %w", articleID, err)
	}
	return v, nil
}

// Search ranks published verdicts for q with the live matcher: the same
// matching a report gets, verdicts only, best first.
func (s *Service) Search(ctx context.Context, q string, limit int) ([]ScoredVerdict, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil, nil
	}
	if len([]rune(q)) > maxTextRunes {
		return nil, invalid("q", "Kata pencarian terlalu panjang; paling banyak %d karakter.", maxTextRunes)
	}
	if limit <= 0 {
		limit = 10
	}
	limit = min(limit, 100)
	ms := verdictMatches(s.index.Match(match.Query{Text: q}, limit*2+10))
	if len(ms) > limit {
		ms = ms[:limit]
	}
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	vs, err := s.verdictsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]ScoredVerdict, 0, len(ms))
	for _, m := range ms {
		if v := vs[m.ID]; v != nil {
			out = append(out, ScoredVerdict{Verdict: v, Score: m.Score, Reason: m.Reason})
		}
	}
	return out, nil
}
