package contest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// EntryStatus is where an entry stands in moderation.
type EntryStatus string

// Entry statuses.
const (
	EntryPending   EntryStatus = "pending"   // waiting for an editor
	EntryAccepted  EntryStatus = "accepted"  // judged and open to the public vote
	EntryRejected  EntryStatus = "rejected"  // with a reason the participant sees
	EntryWithdrawn EntryStatus = "withdrawn" // by the participant
)

// Label is the status as participants read it.
func (s EntryStatus) Label() string {
	switch s {
	case EntryPending:
		return "Menunggu moderasi"
	case EntryAccepted:
		return "Diterima"
	case EntryRejected:
		return "Ditolak"
	case EntryWithdrawn:
		return "Ditarik"
	}
	return string(s)
}

// Entry is one work sent to a contest.
type Entry struct {
	ID            string
	ContestID     string
	CategoryID    string
	ParticipantID string
	// ParticipantName is empty where identities are hidden (blind judging).
	ParticipantName string
	Title           string
	Description     string
	Kind            Kind
	File            *EntryFile // file entries
	Link            string     // link entries, as stored
	Platform        string
	Status          EntryStatus
	Reason          string // the moderator's reason, shown to the participant
	ModeratedAt     time.Time
	CreatedAt       time.Time
	SubmittedAt     time.Time // when the current version was sent
	WithdrawnAt     time.Time
}

// Code is a stable anonymous label for the entry ("K-3F9A2C"), for blind
// judging and for talking about an entry without naming its author.
func (e *Entry) Code() string {
	sum := sha256.Sum256([]byte(e.ID))
	return fmt.Sprintf("K-%X", sum[:3])
}

// EntryInput is what a participant sends: the category (ID or slug) and
// title, and a file or a link as the category asks. For an edit, a nil File
// and empty Link keep the current work.
type EntryInput struct {
	Category    string
	Title       string
	Description string
	File        io.Reader
	Link        string
}

func (in *EntryInput) validate() error {
	in.Title, in.Description = strings.TrimSpace(in.Title), strings.TrimSpace(in.Description)
	if in.Title == "" {
		return invalid("title", "Judul karya wajib diisi.")
	}
	if len([]rune(in.Title)) > 200 {
		return invalid("title", "Judul karya paling panjang 200 karakter.")
	}
	if len([]rune(in.Description)) > 5000 {
		return invalid("description", "Deskripsi karya paling panjang 5.000 karakter.")
	}
	return nil
}

// content is an entry's work, checked and (for files) stored.
type content struct {
	file *EntryFile
	link *Link
	key  string
}

// Submit sends a participant's entry to a contest while submissions are
// open, registering them for it first if needed (see Join). Files are checked by content and size; links by
// platform. The same file or post twice in one contest is refused, as is
// more than the category's number of entries per participant.
func (s *Service) Submit(ctx context.Context, p *Participant, contestID string, in EntryInput) (*Entry, error) {
	if err := signedIn(p); err != nil {
		return nil, err
	}
	c, err := s.Contest(ctx, nil, contestID)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	if err := submissionWindow(c, now); err != nil {
		return nil, err
	}
	// Sending an entry registers the participant if they had not yet,
	// with every check Join makes, so an ineligible participant hears why.
	if err := s.Join(ctx, p, c.ID); err != nil {
		return nil, err
	}
	cat, ok := c.Category(in.Category)
	if !ok {
		return nil, invalid("category", "Pilih kategori lomba.")
	}
	if err := in.validate(); err != nil {
		return nil, err
	}
	var active int
	if err := s.queryRow(ctx, "SELECT COUNT(*) FROM contest_entries WHERE category_id = ? AND participant_id = ? AND status <> ?",
		cat.ID, p.ID, EntryWithdrawn).Scan(&active); err != nil {
		return nil, fmt.Errorf("contest: submit: %w", err)
	}
	if active >= cat.MaxEntries {
		return nil, &warta.Error{Code: warta.EConflict, Field: "category",
			Message: fmt.Sprintf("Anda sudah mengirim %d karya di kategori %s, batas untuk setiap peserta. Ubah atau tarik karya itu untuk mengirim yang lain.",
				active, cat.Name)}
	}
	ct, err := s.prepareContent(ctx, c, cat, in, "", now)
	if err != nil {
		return nil, err
	}
	e := &Entry{ID: warta.NewID(), ContestID: c.ID, CategoryID: cat.ID, ParticipantID: p.ID, ParticipantName: p.Name,
		Title: in.Title, Description: in.Description, Kind: cat.Kind, Status: EntryPending, CreatedAt: now, SubmittedAt: now}
	ct.apply(e)
	f := fileColumns(e.File)
	_, err = s.exec(ctx, `INSERT INTO contest_entries (id, contest_id, category_id, participant_id, title, description, kind,
		file_key, file_mime, file_size, file_width, file_height, file_variants, link_url, platform, content_key, status,
		created_at, submitted_at) VALUES (`+placeholders(19)+`)`,
		e.ID, e.ContestID, e.CategoryID, e.ParticipantID, e.Title, e.Description, string(e.Kind),
		f[0], f[1], f[2], f[3], f[4], f[5], e.Link, e.Platform, ct.key, string(e.Status), now.Unix(), now.Unix())
	if err != nil {
		s.removeFile(ct.file)
		if isUniqueViolation(err) {
			return nil, duplicate(cat.Kind)
		}
		return nil, fmt.Errorf("contest: submit: %w", err)
	}
	return e, nil
}

func (ct *content) apply(e *Entry) {
	e.File, e.Link, e.Platform = ct.file, "", ""
	if ct.link != nil {
		e.Link, e.Platform = ct.link.URL, ct.link.Platform
	}
}

func fileColumns(f *EntryFile) []any {
	if f == nil {
		return []any{"", "", 0, 0, 0, ""}
	}
	vs := make([]string, len(f.Variants))
	for i, v := range f.Variants {
		vs[i] = strconv.Itoa(v)
	}
	return []any{f.Key, f.MIME, f.Size, f.Width, f.Height, strings.Join(vs, ",")}
}

func duplicate(k Kind) error {
	if k == KindLink {
		return &warta.Error{Code: warta.EConflict, Field: "link", Message: "Kiriman pada tautan ini sudah diikutkan dalam lomba ini."}
	}
	return &warta.Error{Code: warta.EConflict, Field: "file", Message: "Berkas yang sama persis sudah dikirim ke lomba ini."}
}

// submissionWindow refuses changes to entries outside the submission
// window.
func submissionWindow(c *Contest, now time.Time) error {
	if now.Before(c.Timeline.submissionOpen()) {
		return &warta.Error{Code: warta.EConflict, Message: "Pengiriman karya baru dibuka pada " + FormatWIB(c.Timeline.submissionOpen()) + "."}
	}
	if !c.SubmissionOpen(now) {
		return &warta.Error{Code: warta.EConflict,
			Message: "Batas pengiriman karya sudah lewat (" + FormatWIB(c.Timeline.SubmissionDeadline) + "). Karya tidak dapat dikirim, diubah atau ditarik lagi."}
	}
	return nil
}

// prepareContent checks the input's file or link for the category, refuses
// a work already in the contest (other than the entry self), and stores a
// file.
func (s *Service) prepareContent(ctx context.Context, c *Contest, cat *Category, in EntryInput, self string, now time.Time) (*content, error) {
	ct := &content{}
	var up *upload
	if cat.Kind == KindLink {
		l, err := ParseLink(in.Link, cat.Platforms)
		if err != nil {
			return nil, err
		}
		ct.link, ct.key = l, l.Key
	} else {
		var err error
		if up, err = checkUpload(cat, in.File); err != nil {
			return nil, err
		}
		ct.key = up.hash
	}
	var n int
	if err := s.queryRow(ctx, "SELECT COUNT(*) FROM contest_entries WHERE contest_id = ? AND content_key = ? AND status <> ? AND id <> ?",
		c.ID, ct.key, EntryWithdrawn, self).Scan(&n); err != nil {
		return nil, fmt.Errorf("contest: duplicate check: %w", err)
	}
	if n > 0 {
		return nil, duplicate(cat.Kind)
	}
	if up != nil {
		f, err := s.storeUpload(up, now)
		if err != nil {
			return nil, err
		}
		ct.file = f
	}
	return ct, nil
}

// EditEntry changes a participant's own entry while submissions are open:
// its title and description, and its file or link when one is given. The
// edited entry goes back to moderation and counts as sent now.
func (s *Service) EditEntry(ctx context.Context, p *Participant, entryID string, in EntryInput) (*Entry, error) {
	e, c, err := s.ownEntry(ctx, p, entryID)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	if err := submissionWindow(c, now); err != nil {
		return nil, err
	}
	if e.Status == EntryWithdrawn {
		return nil, &warta.Error{Code: warta.EConflict, Message: "Karya yang sudah ditarik tidak dapat diubah. Kirim sebagai karya baru."}
	}
	if err := in.validate(); err != nil {
		return nil, err
	}
	cat, _ := c.Category(e.CategoryID)
	old := e.File
	var ct *content
	if (cat.Kind == KindFile && in.File != nil) || (cat.Kind == KindLink && strings.TrimSpace(in.Link) != "") {
		if ct, err = s.prepareContent(ctx, c, cat, in, e.ID, now); err != nil {
			return nil, err
		}
	}
	q := `UPDATE contest_entries SET title = ?, description = ?, status = ?, moderation_reason = '', moderated_by = '',
		moderated_at = NULL, submitted_at = ?`
	args := []any{in.Title, in.Description, string(EntryPending), now.Unix()}
	if ct != nil {
		f := fileColumns(ct.file)
		q += `, file_key = ?, file_mime = ?, file_size = ?, file_width = ?, file_height = ?, file_variants = ?, link_url = ?,
			platform = ?, content_key = ?`
		ct.apply(e)
		args = append(args, f[0], f[1], f[2], f[3], f[4], f[5], e.Link, e.Platform, ct.key)
	}
	_, err = s.exec(ctx, q+" WHERE id = ?", append(args, e.ID)...)
	if err != nil {
		if ct != nil {
			s.removeFile(ct.file)
		}
		if isUniqueViolation(err) {
			return nil, duplicate(cat.Kind)
		}
		return nil, fmt.Errorf("contest: edit entry: %w", err)
	}
	if ct != nil && old != nil {
		s.removeFile(old)
	}
	e.Title, e.Description, e.Status, e.Reason, e.ModeratedAt, e.SubmittedAt = in.Title, in.Description, EntryPending, "", time.Time{}, now
	return e, nil
}

// WithdrawEntry takes a participant's own entry out of the contest while
// submissions are open. Its file is deleted, and the same work may be sent
// again.
func (s *Service) WithdrawEntry(ctx context.Context, p *Participant, entryID string) error {
	e, c, err := s.ownEntry(ctx, p, entryID)
	if err != nil {
		return err
	}
	now := s.clock()
	if err := submissionWindow(c, now); err != nil {
		return err
	}
	if e.Status == EntryWithdrawn {
		return nil
	}
	if _, err := s.exec(ctx, "UPDATE contest_entries SET status = ?, withdrawn_at = ?, file_key = '', file_variants = '' WHERE id = ?",
		string(EntryWithdrawn), now.Unix(), e.ID); err != nil {
		return fmt.Errorf("contest: withdraw entry: %w", err)
	}
	s.removeFile(e.File)
	return nil
}

// ownEntry reads the participant's entry and its contest.
func (s *Service) ownEntry(ctx context.Context, p *Participant, entryID string) (*Entry, *Contest, error) {
	if err := signedIn(p); err != nil {
		return nil, nil, err
	}
	e, err := s.entry(ctx, s, entryID)
	if err != nil {
		return nil, nil, err
	}
	if e.ParticipantID != p.ID {
		return nil, nil, notFoundEntry()
	}
	c, err := s.contest(ctx, s, e.ContestID)
	if err != nil {
		return nil, nil, err
	}
	return e, c, nil
}

// MyEntries lists the participant's entries, withdrawn ones included, in
// one contest or (contestID "") in all, newest first.
func (s *Service) MyEntries(ctx context.Context, p *Participant, contestID string) ([]Entry, error) {
	if err := signedIn(p); err != nil {
		return nil, err
	}
	q := "WHERE e.participant_id = ?"
	args := []any{p.ID}
	if contestID != "" {
		q += " AND e.contest_id = ?"
		args = append(args, contestID)
	}
	return s.entries(ctx, s, q+" ORDER BY e.id DESC", args...)
}

// MyEntry returns one of the participant's entries.
func (s *Service) MyEntry(ctx context.Context, p *Participant, entryID string) (*Entry, error) {
	e, _, err := s.ownEntry(ctx, p, entryID)
	return e, err
}

func notFoundEntry() error { return warta.Errorf(warta.ENotFound, "Karya tidak ditemukan.") }

const entryColumns = `e.id, e.contest_id, e.category_id, e.participant_id, p.name, e.title, e.description, e.kind, e.file_key,
	e.file_mime, e.file_size, e.file_width, e.file_height, e.file_variants, e.link_url, e.platform, e.status,
	e.moderation_reason, e.moderated_at, e.created_at, e.submitted_at, e.withdrawn_at`

const entryFrom = " FROM contest_entries e JOIN contest_participants p ON p.id = e.participant_id "

func scanEntry(row rowScanner) (*Entry, error) {
	var e Entry
	var kind, status, variants string
	var f EntryFile
	var moderated, withdrawn sql.NullInt64
	var created, submitted int64
	err := row.Scan(&e.ID, &e.ContestID, &e.CategoryID, &e.ParticipantID, &e.ParticipantName, &e.Title, &e.Description, &kind,
		&f.Key, &f.MIME, &f.Size, &f.Width, &f.Height, &variants, &e.Link, &e.Platform, &status, &e.Reason, &moderated,
		&created, &submitted, &withdrawn)
	if err != nil {
		return nil, err
	}
	e.Kind, e.Status = Kind(kind), EntryStatus(status)
	if f.Key != "" {
		for _, v := range strings.Split(variants, ",") {
			if w, err := strconv.Atoi(v); err == nil {
				f.Variants = append(f.Variants, w)
			}
		}
		e.File = &f
	}
	e.ModeratedAt, e.WithdrawnAt = fromUnix(moderated), fromUnix(withdrawn)
	e.CreatedAt, e.SubmittedAt = time.Unix(created, 0).UTC(), time.Unix(submitted, 0).UTC()
	return &e, nil
}

func (s *Service) entry(ctx context.Context, q querier, id string) (*Entry, error) {
	e, err := scanEntry(q.queryRow(ctx, "SELECT "+entryColumns+entryFrom+"WHERE e.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFoundEntry()
	} else if err != nil {
		return nil, fmt.Errorf("contest: entry %s: %w", id, err)
	}
	return e, nil
}

// entries reads entries with a WHERE (and ORDER) clause over e and p.
func (s *Service) entries(ctx context.Context, q querier, where string, args ...any) ([]Entry, error) {
	rows, err := q.query(ctx, "SELECT "+entryColumns+entryFrom+where, args...)
	if err != nil {
		return nil, fmt.Errorf("contest: entries: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *e)
	}
	return out, rows.Err()
}
