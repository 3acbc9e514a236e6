package clinic

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // screenshots may come as GIF
	_ "image/jpeg"
	_ "image/png"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	_ "golang.org/x/image/webp" // screenshots may come as WebP

	"github.com/kominfo-jatim/warta/internal/clinic/match"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// Limits of one report.
const (
	maxTextRunes  = 5000
	maxURLLength  = 2000
	maxImageBytes = 5 << 20
)

// reportedImage is a screenshot as stored: its media key and hash.
type reportedImage struct {
	key  string
	hash uint64
}

// intake is one submission on its way in.
type intake struct {
	in       Submission
	received time.Time
	image    *reportedImage
	decision string
	best     match.Match // the best verdict match, if any
	verdict  *Verdict    // for DecisionAuto
	// related are the official articles the report matches, offered
	// when no verdict answers it.
	related []RelatedArticle
}

// Submit takes in one report from any channel: stores it with a ticket
// code, matches it, answers at once above the automatic threshold and
// otherwise clusters it into a claim. Bad input is an EInvalid error with a
// message for the reporter; too many reports from one address is
// warta.ETooMany.
func (s *Service) Submit(ctx context.Context, in Submission) (*Receipt, error) {
	return s.submit(ctx, in, nil)
}

// submit is Submit, storing the idempotency key idem (nil for none) with
// the report, in its transaction.
func (s *Service) submit(ctx context.Context, in Submission, idem *idemKey) (*Receipt, error) {
	if err := s.validate(&in); err != nil {
		return nil, err
	}
	if in.ExternalID != "" {
		if r, err := s.repeat(ctx, in.Channel, in.ExternalID); r != nil || err != nil {
			return r, err
		}
	}
	it := &intake{in: in, received: in.ReceivedAt.UTC().Truncate(time.Second)}
	if it.received.IsZero() {
		it.received = s.clock()
	}
	if err := s.rateLimit(ctx, &in, it.received); err != nil {
		return nil, err
	}
	if len(in.Image) > 0 {
		img, err := s.saveScreenshot(in.Image, it.received)
		if err != nil {
			return nil, err
		}
		it.image = img
	}
	if err := s.decide(ctx, it); err != nil {
		return nil, err
	}
	var rec *Receipt
	var joined struct {
		claimID, title string
		open           bool
	}
	err := s.inTx(ctx, func(t tx) error {
		ticket, err := nextTicket(ctx, t, it.received)
		if err != nil {
			return err
		}
		var contactID any
		if in.Contact != nil {
			id, err := s.saveContact(ctx, t.Tx, in.Contact, in.ConsentText, in.ReferralConsent, it.received)
			if err != nil {
				return err
			}
			contactID = id
		}
		var claimID, title string
		open := true
		if it.decision == DecisionAuto {
			claimID, err = s.answeredClaim(ctx, t, it)
			open = false
		} else {
			claimID, title, err = s.openClaim(ctx, t, it)
		}
		if err != nil {
			return err
		}
		id := warta.NewIDAt(it.received)
		var answered any
		answerVerdict := ""
		if it.verdict != nil {
			answered, answerVerdict = it.received.Unix(), it.verdict.ID
		}
		var ext, hash any
		if in.ExternalID != "" {
			ext = in.ExternalID
		}
		imageKey := ""
		if it.image != nil {
			imageKey, hash = it.image.key, int64(it.image.hash)
		}
		_, err = t.exec(ctx, `INSERT INTO clinic_reports (id, ticket, claim_id, channel, external_id, body, url, image_path,
			image_hash, contact_id, decision, match_score, ip_hash, received_at, answered_at, answer_verdict_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, ticket, claimID, in.Channel, ext, in.Text, in.URL, imageKey, hash, contactID, it.decision,
			it.best.Score, s.ipHash(in.IP), it.received.Unix(), answered, answerVerdict)
		if err != nil {
			return fmt.Errorf("clinic: store report: %w", err)
		}
		if err := s.recomputePriority(ctx, t, claimID); err != nil {
			return err
		}
		if idem != nil {
			if err := idem.store(ctx, t, id, it.received); err != nil {
				return err
			}
		}
		joined.claimID, joined.title, joined.open = claimID, title, open
		rec = s.receipt(ticket, it.decision, it.best.Score, it.verdict)
		withRelated(rec, it.related)
		return nil
	})
	if isUniqueViolation(err) && in.ExternalID != "" {
		// The same message delivered twice at once: the other won.
		if r, err := s.repeat(ctx, in.Channel, in.ExternalID); r != nil || err != nil {
			return r, err
		}
	}
	if isUniqueViolation(err) && idem != nil {
		// The same key sent twice at once: the other won.
		if r, err := s.idemReplay(ctx, idem); r != nil || err != nil {
			return r, err
		}
	}
	if err != nil {
		return nil, err
	}
	if joined.open {
		var h *uint64
		if it.image != nil {
			h = &it.image.hash
		}
		s.clusterAdd(joined.claimID, joined.title, in.Text, in.URL, h)
	}
	return rec, nil
}

// validate checks and tidies a submission.
func (s *Service) validate(in *Submission) error {
	switch in.Channel {
	case ChannelWeb, ChannelAPI, ChannelWhatsApp, ChannelTelegram:
	default:
		return invalid("channel", "Kanal laporan %q tidak dikenal.", in.Channel)
	}
	in.Text = strings.TrimSpace(strings.ToValidUTF8(in.Text, ""))
	in.URL = strings.TrimSpace(in.URL)
	in.ExternalID = strings.TrimSpace(in.ExternalID)
	if in.Text == "" && in.URL == "" && len(in.Image) == 0 {
		return invalid("text", "Laporan masih kosong. Tempelkan isi pesan yang mencurigakan, tautannya, atau lampirkan tangkapan layarnya.")
	}
	if n := utf8.RuneCountInString(in.Text); n > maxTextRunes {
		return invalid("text", "Isi pesan terlalu panjang (%d karakter); paling banyak %d karakter. Kirim bagian yang terpenting saja.", n, maxTextRunes)
	}
	if in.URL != "" {
		u, err := url.Parse(in.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(in.URL) > maxURLLength {
			return invalid("url", "Tautan tidak valid. Salin alamat lengkapnya, yang diawali http:// atau https://.")
		}
	}
	if len(in.Image) > maxImageBytes {
		return invalid("image", "Tangkapan layar terlalu besar; paling besar %d MB.", maxImageBytes>>20)
	}
	if in.Contact != nil {
		if !in.Consent {
			return invalid("consent", "Untuk menerima jawaban, centang persetujuan penyimpanan kontak Anda. Tanpa kontak, laporan tetap bisa dikirim dan dipantau lewat nomor tiket.")
		}
		if strings.TrimSpace(in.ConsentText) == "" {
			in.ConsentText = s.ConsentText()
		}
	}
	return nil
}

// ConsentText is the default wording a reporter agrees to when leaving a
// contact: purpose, retention and rights.
func (s *Service) ConsentText() string {
	days := int(s.cfg.Retention / (24 * time.Hour))
	return fmt.Sprintf("Saya setuju kontak saya disimpan dan dipakai hanya untuk menjawab laporan ini. "+
		"Kontak disimpan terenkripsi paling lama %d hari sejak laporan terakhir saya, lalu dihapus otomatis. "+
		"Saya dapat meminta salinan atau penghapusan data saya kapan saja.", days)
}

// rateLimit refuses web and API reports beyond ReportsPerHour from one
// address; webhooks carry no address and are limited by their platforms.
func (s *Service) rateLimit(ctx context.Context, in *Submission, now time.Time) error {
	if in.IP == "" || (in.Channel != ChannelWeb && in.Channel != ChannelAPI) {
		return nil
	}
	var n int
	err := s.queryRow(ctx, "SELECT COUNT(*) FROM clinic_reports WHERE ip_hash = ? AND received_at > ?",
		s.ipHash(in.IP), now.Add(-time.Hour).Unix()).Scan(&n)
	if err != nil {
		return fmt.Errorf("clinic: rate limit: %w", err)
	}
	if n >= s.cfg.ReportsPerHour {
		return &warta.Error{Code: warta.ETooMany, Message: fmt.Sprintf(
			"Anda sudah mengirim %d laporan dalam satu jam terakhir. Mohon tunggu sebentar sebelum mengirim laporan lagi.", n)}
	}
	return nil
}

// saveScreenshot checks that the upload really is an image, stores it
// re-encoded (which drops its metadata) and hashes it for matching.
func (s *Service) saveScreenshot(data []byte, at time.Time) (*reportedImage, error) {
	bad := invalid("image", "Berkas yang dilampirkan bukan gambar yang dapat dibaca. Kirim tangkapan layar berformat JPEG, PNG, GIF atau WebP.")
	switch http.DetectContentType(data) {
	case "image/jpeg", "image/png", "image/gif", "image/webp":
	default:
		return nil, bad
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, bad
	}
	if cfg.Width*cfg.Height > 40_000_000 {
		return nil, invalid("image", "Gambar terlalu besar dimensinya. Kirim tangkapan layar biasa.")
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, bad
	}
	if s.cfg.Media == nil {
		return nil, invalid("image", "Maaf, lampiran gambar belum dapat diterima. Kirim teks atau tautannya saja.")
	}
	m, err := s.cfg.Media.SaveImage(img, warta.Media{}, at)
	if err != nil {
		if warta.ErrorCode(err) == warta.EInvalid {
			return nil, err
		}
		return nil, fmt.Errorf("clinic: store screenshot: %w", err)
	}
	return &reportedImage{key: m.Key, hash: match.DHash(img)}, nil
}

// decide matches the report against the verdicts and, when none answers
// it, keeps the official articles it matches.
func (s *Service) decide(ctx context.Context, it *intake) error {
	q := match.Query{Text: it.in.Text}
	if it.in.URL != "" {
		q.URLs = []string{it.in.URL}
	}
	if it.image != nil {
		q.ImageHash, q.HasImage = it.image.hash, true
	}
	all := s.index.Match(q, 20)
	ms := verdictMatches(all)
	it.decision = s.opts.Decide(ms)
	if len(ms) > 0 {
		it.best = ms[0]
	}
	if it.decision == DecisionAuto {
		switch v, err := s.verdict(ctx, s, it.best.ID); {
		case warta.ErrorCode(err) == warta.ENotFound:
			// Gone from the database but not yet from the matcher.
			it.decision = DecisionNew
		case err != nil:
			return err
		default:
			it.verdict = v
		}
	}
	if it.verdict != nil {
		return nil
	}
	related, err := s.relatedArticles(ctx, s.articleMatches(all), maxRelatedReceipt)
	if err != nil {
		return err
	}
	it.related = related
	return nil
}

// answeredClaim returns the done claim that holds the reports answered
// with the verdict, opening one when there is none, and counts the report.
func (s *Service) answeredClaim(ctx context.Context, t tx, it *intake) (string, error) {
	v := it.verdict
	var id string
	err := t.queryRow(ctx, `SELECT id FROM clinic_claims WHERE verdict_id = ? AND status = ?
		ORDER BY first_report_at LIMIT 1`, v.ID, StatusDone).Scan(&id)
	if err == nil {
		_, err = t.exec(ctx, "UPDATE clinic_claims SET report_count = report_count + 1, updated_at = ? WHERE id = ?",
			it.received.Unix(), id)
		if err != nil {
			return "", fmt.Errorf("clinic: count report: %w", err)
		}
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("clinic: find answered claim: %w", err)
	}
	id = warta.NewIDAt(it.received)
	at := it.received.Unix()
	_, err = t.exec(ctx, `INSERT INTO clinic_claims (id, title, status, report_count, first_report_at, due_at,
		region_code, election, verdict_id, closed_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)`,
		id, truncate(v.Title, maxTitleRunes), StatusDone, at, it.received.Add(answerWithin).Unix(), v.RegionCode,
		boolInt(electionRelated(v.Title+" "+v.ClaimReviewed+" "+it.in.Text)), v.ID, at, at)
	if err != nil {
		return "", fmt.Errorf("clinic: open answered claim: %w", err)
	}
	return id, nil
}

// openClaim clusters the report into the open claim it matches at the
// automatic threshold, or opens a new claim. A suggestion between the two
// thresholds is kept on the claim when it beats the one it has.
func (s *Service) openClaim(ctx context.Context, t tx, it *intake) (id, title string, err error) {
	q := match.Query{Text: it.in.Text}
	if it.in.URL != "" {
		q.URLs = []string{it.in.URL}
	}
	if it.image != nil {
		q.ImageHash, q.HasImage = it.image.hash, true
	}
	suggested, score := "", 0.0
	if it.decision == DecisionSuggest {
		suggested, score = it.best.ID, it.best.Score
	}
	at := it.received.Unix()
	for _, m := range s.claims.Match(q, 3) {
		if m.Score < s.opts.AutoThreshold {
			break
		}
		res, err := t.exec(ctx, `UPDATE clinic_claims SET report_count = report_count + 1, updated_at = ?,
			suggested_verdict_id = CASE WHEN ? > suggested_score THEN ? ELSE suggested_verdict_id END,
			suggested_score = CASE WHEN ? > suggested_score THEN ? ELSE suggested_score END
			WHERE id = ? AND status IN (?, ?)`, at, score, suggested, score, score, m.ID, StatusNew, StatusChecking)
		if err != nil {
			return "", "", fmt.Errorf("clinic: cluster report: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return m.ID, "", nil
		}
	}
	id = warta.NewIDAt(it.received)
	title = claimTitle(it.in.Text, it.in.URL)
	_, err = t.exec(ctx, `INSERT INTO clinic_claims (id, title, status, report_count, first_report_at, due_at,
		election, suggested_verdict_id, suggested_score, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?)`,
		id, title, StatusNew, at, it.received.Add(answerWithin).Unix(), boolInt(electionRelated(it.in.Text)),
		suggested, score, at)
	if err != nil {
		return "", "", fmt.Errorf("clinic: open claim: %w", err)
	}
	return id, title, nil
}

// answerWithin is the clinic's promise: an answer within 1×24 hours of
// the first report.
const answerWithin = 24 * time.Hour

// maxTitleRunes bounds a claim's title.
const maxTitleRunes = 160

// claimTitle is a new claim's first title: the start of the report's text,
// or its link, or a placeholder for a screenshot alone.
func claimTitle(text, link string) string {
	text = strings.Join(strings.Fields(text), " ")
	switch {
	case text != "":
		return truncate(text, maxTitleRunes)
	case link != "":
		return truncate(link, maxTitleRunes)
	}
	return "Tangkapan layar tanpa teks"
}

// truncate shortens s to at most n runes, at a word boundary when one is
// near, marking the cut with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n-1])
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}
