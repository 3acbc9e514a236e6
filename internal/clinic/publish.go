package clinic

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Limits of a verdict.
const (
	maxVerdictTitle = 180 // "[DISINFORMASI] " must still fit the article's 200
	maxExplanation  = 50000
)

// validateVerdict checks and tidies what a checker filled in.
func (s *Service) validateVerdict(ctx context.Context, in *VerdictInput) error {
	in.Title = strings.Join(strings.Fields(in.Title), " ")
	in.ClaimReviewed = strings.TrimSpace(in.ClaimReviewed)
	in.Label = strings.ToUpper(strings.TrimSpace(in.Label))
	in.Type = strings.TrimSpace(in.Type)
	in.Explanation = strings.TrimSpace(in.Explanation)
	in.ClaimAuthor = strings.TrimSpace(in.ClaimAuthor)
	in.RegionCode = strings.TrimSpace(in.RegionCode)
	if in.Title == "" {
		return invalid("title", "Judul putusan wajib diisi, tanpa label; label ditambahkan otomatis.")
	}
	if utf8.RuneCountInString(in.Title) > maxVerdictTitle {
		return invalid("title", "Judul putusan paling panjang %d karakter.", maxVerdictTitle)
	}
	known := false
	for _, l := range s.labels {
		known = known || l == in.Label
	}
	if !known {
		return invalid("label", "Pilih label putusan: %s.", strings.Join(s.labels, ", "))
	}
	known = false
	var names []string
	for _, t := range FirstDraftTypes {
		known = known || t.Key == in.Type
		names = append(names, t.Name)
	}
	if !known {
		return invalid("type", "Pilih jenis gangguan informasi: %s.", strings.Join(names, ", "))
	}
	if in.Explanation == "" {
		return invalid("explanation", "Penjelasan wajib diisi: apa yang keliru dan apa faktanya, dengan sumbernya.")
	}
	if utf8.RuneCountInString(in.Explanation) > maxExplanation {
		return invalid("explanation", "Penjelasan terlalu panjang; paling banyak %d karakter.", maxExplanation)
	}
	var err error
	if in.References, err = cleanLinks(in.References, "references", "Referensi"); err != nil {
		return err
	}
	if in.ClaimAppearance, err = cleanLinks(in.ClaimAppearance, "claim_appearance", "Tautan tempat klaim beredar"); err != nil {
		return err
	}
	if in.RegionCode != "" {
		if _, err := s.region(ctx, in.RegionCode); err != nil {
			return err
		}
	}
	return nil
}

// cleanLinks drops empty entries and checks that the rest are web links.
func cleanLinks(in []string, field, what string) ([]string, error) {
	var out []string
	for _, l := range in {
		if l = strings.TrimSpace(l); l == "" {
			continue
		}
		p, err := url.Parse(l)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || len(l) > maxURLLength {
			return nil, invalid(field, "%s %q bukan tautan yang valid; salin alamat lengkap yang diawali http:// atau https://.", what, l)
		}
		out = append(out, l)
	}
	return out, nil
}

// PublishVerdict publishes the claim's verdict as a Cek Fakta article
// titled "[LABEL] …", disseminated like any article, and answers every
// reporter of the claim on their channel, once.
//
// Fact-checkers may not publish in the newsroom's own workflow
// (warta.Authorize lets them only read it), yet publishing a verdict is
// exactly their job. So the clinic, having checked that u works the
// clinic, calls the newsroom with a copy of u whose role is editor: the
// same ID, so the article's history and the audit log name the checker.
// Only this one article, built here, is published that way.
func (s *Service) PublishVerdict(ctx context.Context, u *warta.User, claimID string, in VerdictInput) (*Verdict, error) {
	if err := checker(u); err != nil {
		return nil, err
	}
	if err := s.validateVerdict(ctx, &in); err != nil {
		return nil, err
	}
	c, err := s.openForWork(ctx, s, claimID)
	if err != nil {
		return nil, err
	}
	if in.ClaimReviewed == "" {
		in.ClaimReviewed = c.Title
	}
	if in.RegionCode == "" {
		in.RegionCode = c.RegionCode
	}
	if s.cfg.Newsroom == nil {
		return nil, &warta.Error{Code: warta.EConflict, Message: "Penerbitan putusan belum tersedia: ruang redaksi belum terhubung ke klinik."}
	}
	art, err := s.verdictArticle(ctx, u, in)
	if err != nil {
		return nil, err
	}
	editor := *u
	editor.Role = warta.RoleEditor
	if err := s.cfg.Newsroom.Create(ctx, &editor, art); err != nil {
		return nil, fmt.Errorf("clinic: create Cek Fakta article: %w", err)
	}
	s.markVerdictArticle(art.ID)
	sa, err := s.cfg.Newsroom.Publish(ctx, &editor, art.ID)
	if err != nil {
		return nil, fmt.Errorf("clinic: publish Cek Fakta article %s: %w", art.ID, err)
	}
	now := s.clock()
	published := sa.Article.PublishedAt
	if published.IsZero() {
		published = now
	}
	v := &Verdict{ID: warta.NewIDAt(now), ClaimID: claimID, Title: in.Title, ClaimReviewed: in.ClaimReviewed,
		Label: in.Label, Type: in.Type, Explanation: in.Explanation, References: in.References,
		ClaimAuthor: in.ClaimAuthor, ClaimAppearance: in.ClaimAppearance, ClaimDate: in.ClaimDate.UTC().Truncate(time.Second),
		RegionCode: in.RegionCode, ArticleID: art.ID, URL: s.baseURL + sa.Article.Path(),
		PublishedAt: published.UTC().Truncate(time.Second), AuthorName: u.Name}
	images, err := s.claimImages(ctx, claimID)
	if err != nil {
		return nil, err
	}
	var queued int
	err = s.inTx(ctx, func(t tx) error {
		if err := insertVerdict(ctx, t, v, "clinic", "", images); err != nil {
			return err
		}
		if err := closeClaim(ctx, t, claimID, v.ID, now); err != nil {
			return err
		}
		queued, err = s.enqueueReplies(ctx, t, claimID)
		return err
	})
	if err != nil {
		// The article is out; the claim stays open so that the checker
		// can try again or confirm it by hand.
		s.log.Error("clinic: Cek Fakta article published but the verdict was not stored",
			"claim", claimID, "article", art.ID, "err", err)
		return nil, err
	}
	s.addVerdict(v, images)
	s.clusterRemove(claimID)
	s.audit(ctx, u, "clinic.publish", claimID, map[string]any{"verdict_id": v.ID, "article_id": art.ID,
		"label": v.Label, "title": v.Title, "answers_queued": queued})
	return v, nil
}

// verdictArticle builds the Cek Fakta article of a verdict.
func (s *Service) verdictArticle(ctx context.Context, u *warta.User, in VerdictInput) (*warta.Article, error) {
	agency, err := s.agency(ctx)
	if err != nil {
		return nil, err
	}
	// The verdict leads, as readers of a fact-check look for it first:
	// the claim as it circulated, the label and the kind of falsehood.
	var b strings.Builder
	if claim := strings.Join(strings.Fields(in.ClaimReviewed), " "); claim != "" {
		fmt.Fprintf(&b, "**Klaim yang beredar:** %s\n\n", claim)
	}
	fmt.Fprintf(&b, "**Penilaian:** %s", in.Label)
	for _, t := range FirstDraftTypes {
		if t.Key == in.Type {
			fmt.Fprintf(&b, " (%s)", strings.ToLower(t.Name))
		}
	}
	b.WriteString("\n\n## Penjelasan\n\n")
	b.WriteString(in.Explanation)
	if len(in.References) > 0 {
		b.WriteString("\n\n## Referensi\n\n")
		for _, r := range in.References {
			fmt.Fprintf(&b, "- <%s>\n", r)
		}
	}
	art := &warta.Article{
		Title:    "[" + in.Label + "] " + in.Title,
		Dek:      truncate(strings.Join(strings.Fields(in.ClaimReviewed), " "), 300),
		Body:     b.String(),
		Byline:   u.Name,
		AgencyID: agency.ID,
		Tags:     []warta.Tag{{Slug: "cek-fakta", Name: "Cek Fakta"}, {Slug: warta.Slugify(in.Label), Name: in.Label}},
	}
	if in.RegionCode != "" {
		r, err := s.region(ctx, in.RegionCode)
		if err != nil {
			return nil, err
		}
		art.Regions = []warta.Region{{Slug: r.Slug}}
	}
	return art, nil
}

// agency is the agency Cek Fakta articles are filed under.
func (s *Service) agency(ctx context.Context) (warta.Agency, error) {
	if s.cfg.Agency != "" {
		a, err := s.db.AgencyBySlug(ctx, s.cfg.Agency)
		if warta.ErrorCode(err) == warta.ENotFound {
			return a, &warta.Error{Code: warta.EConflict, Message: fmt.Sprintf("Instansi %q untuk artikel Cek Fakta tidak ditemukan; periksa pengaturan clinic-agency.", s.cfg.Agency)}
		}
		return a, err
	}
	as, err := s.db.Agencies(ctx)
	if err != nil {
		return warta.Agency{}, fmt.Errorf("clinic: agencies: %w", err)
	}
	if len(as) == 0 {
		return warta.Agency{}, &warta.Error{Code: warta.EConflict, Message: "Belum ada instansi untuk menerbitkan artikel Cek Fakta. Tambahkan instansi terlebih dahulu."}
	}
	return as[0], nil
}

// maxVerdictImages caps the screenshot hashes a verdict keeps.
const maxVerdictImages = 20

// mergeHashes returns a followed by the hashes of b it lacks, at most max.
func mergeHashes(a, b []uint64, max int) []uint64 {
	out := append([]uint64(nil), a...)
	for _, h := range b {
		if len(out) >= max {
			break
		}
		if !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	return out
}

// claimImages are the hashes of the claim's screenshots: the verdict is
// about them, so later reports of the same picture find it.
func (s *Service) claimImages(ctx context.Context, claimID string) ([]uint64, error) {
	rows, err := s.query(ctx, "SELECT DISTINCT image_hash FROM clinic_reports WHERE claim_id = ? AND image_hash IS NOT NULL", claimID)
	if err != nil {
		return nil, fmt.Errorf("clinic: images of claim %s: %w", claimID, err)
	}
	defer rows.Close()
	var out []uint64
	for rows.Next() {
		var h sql.NullInt64
		if err := rows.Scan(&h); err != nil {
			return nil, fmt.Errorf("clinic: images of claim %s: %w", claimID, err)
		}
		if p := hashPtr(h); p != nil && len(out) < maxVerdictImages {
			out = append(out, *p)
		}
	}
	return out, rows.Err()
}

// closeClaim marks an open claim answered with the verdict.
func closeClaim(ctx context.Context, t tx, claimID, verdictID string, now time.Time) error {
	res, err := t.exec(ctx, `UPDATE clinic_claims SET status = ?, verdict_id = ?, closed_at = ?, updated_at = ?
		WHERE id = ? AND status IN (?, ?)`, StatusDone, verdictID, now.Unix(), now.Unix(), claimID, StatusNew, StatusChecking)
	if err != nil {
		return fmt.Errorf("clinic: close claim %s: %w", claimID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return &warta.Error{Code: warta.EConflict, Message: "Klaim ini baru saja dijawab atau ditolak oleh petugas lain."}
	}
	return nil
}

// ConfirmSuggestion answers the claim with its suggested verdict: the
// one-click confirmation; every reporter is answered.
func (s *Service) ConfirmSuggestion(ctx context.Context, u *warta.User, claimID string) error {
	if err := checker(u); err != nil {
		return err
	}
	c, err := s.openForWork(ctx, s, claimID)
	if err != nil {
		return err
	}
	if c.SuggestedVerdictID == "" {
		return &warta.Error{Code: warta.EConflict, Message: "Klaim ini tidak memiliki saran putusan untuk dikonfirmasi."}
	}
	v, known, err := scanVerdict(s.queryRow(ctx, "SELECT "+verdictColumns+" FROM clinic_verdicts WHERE id = ?", c.SuggestedVerdictID))
	if errors.Is(err, sql.ErrNoRows) {
		return &warta.Error{Code: warta.ENotFound, Message: "Putusan cek fakta yang disarankan tidak ditemukan."}
	} else if err != nil {
		return fmt.Errorf("clinic: read verdict %s: %w", c.SuggestedVerdictID, err)
	}
	// The claim's screenshots show the same hoax: the verdict takes them
	// on, so the next report of one of those pictures is answered at once.
	claimImgs, err := s.claimImages(ctx, claimID)
	if err != nil {
		return err
	}
	images := mergeHashes(known, claimImgs, maxVerdictImages)
	var queued int
	err = s.inTx(ctx, func(t tx) error {
		if err := closeClaim(ctx, t, claimID, v.ID, s.clock()); err != nil {
			return err
		}
		if len(images) > len(known) {
			if _, err := t.exec(ctx, "UPDATE clinic_verdicts SET images_json = ? WHERE id = ?", encodeHashes(images), v.ID); err != nil {
				return fmt.Errorf("clinic: add screenshots to verdict %s: %w", v.ID, err)
			}
		}
		queued, err = s.enqueueReplies(ctx, t, claimID)
		return err
	})
	if err != nil {
		return err
	}
	if len(images) > len(known) {
		s.addVerdict(v, images)
		s.db.Changed() // other nodes reload their matcher
	}
	s.clusterRemove(claimID)
	s.audit(ctx, u, "clinic.confirm", claimID, map[string]any{"verdict_id": v.ID, "label": v.Label,
		"title": v.Title, "score": c.SuggestedScore, "answers_queued": queued})
	return nil
}
