package clinic

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Checkers' work on a claim: assignment, status, title and region, notes.
// Each change is recorded in the audit log.

// Assign gives the claim to userID ("" to nobody) and marks it diperiksa.
func (s *Service) Assign(ctx context.Context, u *warta.User, claimID, userID string) error {
	if err := checker(u); err != nil {
		return err
	}
	if _, err := s.openForWork(ctx, s, claimID); err != nil {
		return err
	}
	name := ""
	if userID != "" {
		a, err := s.db.UserByID(ctx, userID)
		if warta.ErrorCode(err) == warta.ENotFound {
			return invalid("assignee", "Petugas yang dipilih tidak ditemukan.")
		} else if err != nil {
			return fmt.Errorf("clinic: assignee: %w", err)
		}
		if checker(a) != nil {
			return invalid("assignee", "%s bukan pemeriksa fakta, redaktur atau admin yang aktif.", a.Name)
		}
		name = a.Name
	}
	now := s.clock()
	err := s.inTx(ctx, func(t tx) error {
		// Assigning starts the check; unassigning leaves the status.
		q := "UPDATE clinic_claims SET assignee_id = ?, updated_at = ?, status = ? WHERE id = ? AND status IN (?, ?)"
		args := []any{userID, now.Unix(), StatusChecking, claimID, StatusNew, StatusChecking}
		if userID == "" {
			q = "UPDATE clinic_claims SET assignee_id = ?, updated_at = ? WHERE id = ? AND status IN (?, ?)"
			args = []any{userID, now.Unix(), claimID, StatusNew, StatusChecking}
		}
		_, err := t.exec(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("clinic: assign claim %s: %w", claimID, err)
		}
		return s.recomputePriority(ctx, t, claimID)
	})
	if err != nil {
		return err
	}
	s.audit(ctx, u, "clinic.assign", claimID, map[string]any{"assignee_id": userID, "assignee": name})
	return nil
}

// SetStatus moves a claim; StatusRejected needs a reason. A rejected claim
// may be reopened (baru or diperiksa); selesai is reached only by
// answering with a verdict.
func (s *Service) SetStatus(ctx context.Context, u *warta.User, claimID, status, reason string) error {
	if err := checker(u); err != nil {
		return err
	}
	reason = strings.Join(strings.Fields(reason), " ")
	c, err := s.claim(ctx, s, claimID)
	if err != nil {
		return err
	}
	switch status {
	case StatusNew, StatusChecking:
		if c.Status == StatusDone {
			return &warta.Error{Code: warta.EConflict, Message: "Klaim ini sudah selesai dijawab dan tidak dapat dibuka kembali."}
		}
		reason = ""
	case StatusRejected:
		if c.Status == StatusDone {
			return &warta.Error{Code: warta.EConflict, Message: "Klaim ini sudah selesai dijawab dan tidak dapat ditolak."}
		}
		if reason == "" {
			return invalid("reason", "Tuliskan alasan penolakan, misalnya \"bukan klaim faktual\".")
		}
		if utf8.RuneCountInString(reason) > 500 {
			return invalid("reason", "Alasan penolakan paling panjang 500 karakter.")
		}
	case StatusDone:
		return invalid("status", "Klaim diselesaikan dengan menerbitkan putusan atau mengonfirmasi saran putusan.")
	default:
		return invalid("status", "Status klaim %q tidak dikenal.", status)
	}
	now := s.clock()
	var closed any
	if status == StatusRejected {
		closed = now.Unix()
	}
	err = s.inTx(ctx, func(t tx) error {
		_, err := t.exec(ctx, `UPDATE clinic_claims SET status = ?, reject_reason = ?, closed_at = ?, updated_at = ?
			WHERE id = ?`, status, reason, closed, now.Unix(), claimID)
		if err != nil {
			return fmt.Errorf("clinic: set status of claim %s: %w", claimID, err)
		}
		return s.recomputePriority(ctx, t, claimID)
	})
	if err != nil {
		return err
	}
	if status == StatusRejected {
		s.clusterRemove(claimID)
	} else if c.Status == StatusRejected {
		if err := s.reindexClaim(ctx, claimID); err != nil {
			s.log.Warn("clinic: reindex reopened claim", "claim", claimID, "err", err)
		}
	}
	s.audit(ctx, u, "clinic.status", claimID, map[string]any{"from": c.Status, "to": status, "reason": reason})
	return nil
}

// reindexClaim puts a reopened claim back into the clustering index.
func (s *Service) reindexClaim(ctx context.Context, claimID string) error {
	c, err := s.claim(ctx, s, claimID)
	if err != nil {
		return err
	}
	rows, err := s.query(ctx, "SELECT body, url, image_hash FROM clinic_reports WHERE claim_id = ? ORDER BY received_at, id", claimID)
	if err != nil {
		return err
	}
	defer rows.Close()
	first := true
	for rows.Next() {
		var body, link string
		var hash sql.NullInt64
		if err := rows.Scan(&body, &link, &hash); err != nil {
			return err
		}
		if first {
			s.clusterRemove(claimID)
			first = false
		}
		s.clusterAdd(claimID, c.Title, body, link, hashPtr(hash))
	}
	return rows.Err()
}

// UpdateClaim edits the claim's title, region and election relevance.
func (s *Service) UpdateClaim(ctx context.Context, u *warta.User, claimID, title, regionCode string, election bool) error {
	if err := checker(u); err != nil {
		return err
	}
	title = strings.Join(strings.Fields(title), " ")
	regionCode = strings.TrimSpace(regionCode)
	if title == "" {
		return invalid("title", "Tuliskan inti klaim sebagai judul.")
	}
	if utf8.RuneCountInString(title) > maxTitleRunes {
		return invalid("title", "Judul klaim paling panjang %d karakter.", maxTitleRunes)
	}
	if regionCode != "" {
		if _, err := s.region(ctx, regionCode); err != nil {
			return err
		}
	}
	c, err := s.claim(ctx, s, claimID)
	if err != nil {
		return err
	}
	err = s.inTx(ctx, func(t tx) error {
		_, err := t.exec(ctx, "UPDATE clinic_claims SET title = ?, region_code = ?, election = ?, updated_at = ? WHERE id = ?",
			title, regionCode, boolInt(election), s.clock().Unix(), claimID)
		if err != nil {
			return fmt.Errorf("clinic: update claim %s: %w", claimID, err)
		}
		return s.recomputePriority(ctx, t, claimID)
	})
	if err != nil {
		return err
	}
	s.clusterRetitle(claimID, title)
	s.audit(ctx, u, "clinic.update", claimID, map[string]any{"title": title, "old_title": c.Title,
		"region_code": regionCode, "election": election})
	return nil
}

// region finds a region by its code (EInvalid when unknown).
func (s *Service) region(ctx context.Context, code string) (warta.Region, error) {
	regions, err := s.db.Regions(ctx)
	if err != nil {
		return warta.Region{}, fmt.Errorf("clinic: regions: %w", err)
	}
	for _, r := range regions {
		if r.Code == code {
			return r, nil
		}
	}
	return warta.Region{}, invalid("region", "Kode wilayah %q tidak dikenal.", code)
}

// AddNote adds an internal note and/or an evidence link.
func (s *Service) AddNote(ctx context.Context, u *warta.User, claimID, body, evidenceURL string) error {
	if err := checker(u); err != nil {
		return err
	}
	body = strings.TrimSpace(body)
	evidenceURL = strings.TrimSpace(evidenceURL)
	if body == "" && evidenceURL == "" {
		return invalid("body", "Tuliskan catatan atau tautan bukti.")
	}
	if utf8.RuneCountInString(body) > 5000 {
		return invalid("body", "Catatan paling panjang 5.000 karakter.")
	}
	if evidenceURL != "" {
		p, err := url.Parse(evidenceURL)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || len(evidenceURL) > maxURLLength {
			return invalid("evidence_url", "Tautan bukti tidak valid; salin alamat lengkapnya yang diawali http:// atau https://.")
		}
	}
	if _, err := s.claim(ctx, s, claimID); err != nil {
		return err
	}
	now := s.clock()
	id := warta.NewIDAt(now)
	if _, err := s.exec(ctx, `INSERT INTO clinic_notes (id, claim_id, author_id, body, evidence_url, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, id, claimID, u.ID, body, evidenceURL, now.Unix()); err != nil {
		return fmt.Errorf("clinic: add note to claim %s: %w", claimID, err)
	}
	s.audit(ctx, u, "clinic.note", claimID, map[string]any{"note_id": id, "evidence_url": evidenceURL})
	return nil
}
