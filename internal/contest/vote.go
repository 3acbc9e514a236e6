package contest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"net/netip"
	"net/url"
	"strings"
	"time"

	wmail "github.com/kominfo-jatim/warta/internal/mail"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// VoteFlag is where a vote stands in the review of suspicious voting.
type VoteFlag string

// Vote flags. Only clean and cleared votes are counted.
const (
	VoteClean     VoteFlag = ""          // nothing suspicious
	VoteFlagged   VoteFlag = "flagged"   // part of a burst from one network; not counted until reviewed
	VoteCleared   VoteFlag = "cleared"   // reviewed and counted
	VoteDiscarded VoteFlag = "discarded" // reviewed and not counted
)

// Vote is one public vote for an entry, counted once its voter followed
// the emailed link.
type Vote struct {
	ID          string
	ContestID   string
	CategoryID  string
	EntryID     string
	Email       string
	IP          string
	Network     string // the /24 or /64 the request came from
	Flag        VoteFlag
	CreatedAt   time.Time
	ConfirmedAt time.Time // zero until the voter followed the link
	ReviewedBy  string
	ReviewedAt  time.Time
}

// Counted reports whether the vote counts in the results.
func (v *Vote) Counted() bool {
	return !v.ConfirmedAt.IsZero() && (v.Flag == VoteClean || v.Flag == VoteCleared)
}

// network is the /24 of an IPv4 address or the /64 of an IPv6 one: a home
// or office connection, where one person could hold many addresses.
func network(ip string) string {
	a, err := netip.ParseAddr(strings.TrimSpace(ip))
	if err != nil {
		return "?" + ip
	}
	a = a.Unmap()
	bits := 64
	if a.Is4() {
		bits = 24
	}
	p, _ := a.Prefix(bits)
	return p.String()
}

// RequestVote starts a public vote for an accepted entry while the vote is
// open: it emails the voter a link (BaseURL/lomba/suara?token=…) that
// casts the vote when followed. Each email votes once per category; each
// network and each email may ask only so often an hour (ETooMany). A burst
// of requests from one network is flagged: those votes are not counted
// until an editor reviews them.
func (s *Service) RequestVote(ctx context.Context, entryID, email, ip string) error {
	email = strings.ToLower(strings.TrimSpace(email))
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
		return invalid("email", "Alamat email tidak valid.")
	}
	e, err := s.entry(ctx, s, entryID)
	if err != nil {
		return err
	}
	c, err := s.Contest(ctx, nil, e.ContestID)
	if err != nil || e.Status != EntryAccepted {
		return notFoundEntry()
	}
	now := s.clock()
	if err := votingWindow(c, now); err != nil {
		return err
	}
	cat, _ := c.Category(e.CategoryID)
	var n int
	if err := s.queryRow(ctx, "SELECT COUNT(*) FROM contest_votes WHERE category_id = ? AND email = ? AND confirmed_at IS NOT NULL",
		cat.ID, email).Scan(&n); err != nil {
		return fmt.Errorf("contest: request vote: %w", err)
	}
	if n > 0 {
		return alreadyVoted(cat)
	}
	net := network(ip)
	hour := now.Add(-time.Hour).Unix()
	if err := s.queryRow(ctx, "SELECT COUNT(*) FROM contest_votes WHERE network = ? AND created_at >= ?", net, hour).Scan(&n); err != nil {
		return fmt.Errorf("contest: request vote: %w", err)
	}
	if n >= s.limits.VotesPerHour {
		return &warta.Error{Code: warta.ETooMany, Message: "Terlalu banyak suara dari jaringan Anda dalam satu jam terakhir. Coba lagi nanti."}
	}
	if err := s.queryRow(ctx, "SELECT COUNT(*) FROM contest_votes WHERE email = ? AND created_at >= ?", email, hour).Scan(&n); err != nil {
		return fmt.Errorf("contest: request vote: %w", err)
	}
	if n >= s.limits.VotesPerEmail {
		return &warta.Error{Code: warta.ETooMany, Field: "email", Message: "Email ini sudah terlalu sering meminta tautan pemungutan suara. Periksa kotak masuk Anda, atau coba lagi satu jam lagi."}
	}
	raw, hash := newToken()
	err = s.inTx(ctx, func(tx tx) error {
		if _, err := tx.exec(ctx, `INSERT INTO contest_votes (id, contest_id, category_id, entry_id, email, token_hash, ip, network,
			created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, warta.NewID(), c.ID, cat.ID, e.ID, email, hash, ip, net,
			now.Unix(), now.Add(s.limits.VoteValid).Unix()); err != nil {
			return fmt.Errorf("contest: request vote: %w", err)
		}
		var burst int
		since := now.Add(-s.limits.BurstWindow).Unix()
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM contest_votes WHERE contest_id = ? AND network = ? AND created_at >= ?",
			c.ID, net, since).Scan(&burst); err != nil {
			return fmt.Errorf("contest: request vote: %w", err)
		}
		if burst >= s.limits.BurstVotes {
			// The whole burst is suspect, not just the requests after the
			// threshold: flag every unreviewed vote in the window.
			if _, err := tx.exec(ctx, "UPDATE contest_votes SET flag = ? WHERE contest_id = ? AND network = ? AND created_at >= ? AND flag = ?",
				string(VoteFlagged), c.ID, net, since, string(VoteClean)); err != nil {
				return fmt.Errorf("contest: flag votes: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	link := s.baseURL + "/lomba/suara?token=" + url.QueryEscape(raw)
	err = s.mailer.Send(ctx, wmail.Message{To: email, Subject: "Konfirmasi suara Anda untuk " + c.Title,
		Text: fmt.Sprintf("Anda memilih karya \"%s\" di kategori %s, %s.\n\nBuka tautan berikut untuk mengonfirmasi suara Anda:\n\n%s\n\n"+
			"Setiap email hanya dapat memilih satu karya di setiap kategori. Tautan ini berlaku %d jam. Jika Anda tidak merasa memilih, abaikan email ini.\n",
			e.Title, cat.Name, c.Title, link, int(s.limits.VoteValid/time.Hour))})
	if err != nil {
		s.log.Error("contest: send vote link", "entry", e.ID, "err", err)
		return &warta.Error{Code: warta.EInternal, Field: "email", Message: "Email konfirmasi suara gagal dikirim. Coba lagi sebentar lagi."}
	}
	return nil
}

func votingWindow(c *Contest, now time.Time) error {
	switch {
	case !c.PublicVote:
		return &warta.Error{Code: warta.EConflict, Message: "Lomba ini tidak memakai suara publik."}
	case now.Before(c.Timeline.VoteStart):
		return &warta.Error{Code: warta.EConflict, Message: "Pemungutan suara publik baru dibuka pada " + FormatWIB(c.Timeline.VoteStart) + "."}
	case !c.VotingOpen(now):
		return &warta.Error{Code: warta.EConflict, Message: "Pemungutan suara publik sudah ditutup pada " + FormatWIB(c.Timeline.VoteEnd) + "."}
	}
	return nil
}

func alreadyVoted(cat *Category) error {
	return &warta.Error{Code: warta.EConflict, Field: "email",
		Message: fmt.Sprintf("Email ini sudah dipakai memilih di kategori %s. Setiap email hanya dapat memilih sekali di setiap kategori.", cat.Name)}
}

// ConfirmVote follows a vote link: the vote is cast, if the vote is still
// open and the email has not voted in the category since. Following the
// same link again is not an error. The returned vote's Flag tells whether
// it waits for review.
func (s *Service) ConfirmVote(ctx context.Context, token string) (*Vote, error) {
	v, err := s.vote(ctx, "token_hash", hashToken(token))
	if warta.ErrorCode(err) == warta.ENotFound {
		return nil, invalid("token", "Tautan konfirmasi suara tidak dikenal. Salin tautan lengkap dari email Anda.")
	} else if err != nil {
		return nil, err
	}
	if !v.ConfirmedAt.IsZero() {
		return v, nil
	}
	now := s.clock()
	c, err := s.contest(ctx, s, v.ContestID)
	if err != nil {
		return nil, err
	}
	if err := votingWindow(c, now); err != nil {
		return nil, err
	}
	if v.expired(s.limits.VoteValid, now) {
		return nil, invalid("token", "Tautan konfirmasi suara sudah kedaluwarsa. Pilih lagi untuk menerima tautan baru.")
	}
	_, err = s.exec(ctx, "UPDATE contest_votes SET confirmed_at = ? WHERE id = ? AND confirmed_at IS NULL", now.Unix(), v.ID)
	if isUniqueViolation(err) {
		cat, _ := c.Category(v.CategoryID)
		return nil, alreadyVoted(cat)
	} else if err != nil {
		return nil, fmt.Errorf("contest: confirm vote: %w", err)
	}
	return s.vote(ctx, "id", v.ID)
}

func (v *Vote) expired(valid time.Duration, now time.Time) bool {
	return !now.Before(v.CreatedAt.Add(valid))
}

const voteColumns = `id, contest_id, category_id, entry_id, email, ip, network, flag, created_at, confirmed_at, reviewed_by, reviewed_at`

func scanVote(row rowScanner) (*Vote, error) {
	var v Vote
	var flag string
	var created int64
	var confirmed, reviewed sql.NullInt64
	if err := row.Scan(&v.ID, &v.ContestID, &v.CategoryID, &v.EntryID, &v.Email, &v.IP, &v.Network, &flag, &created,
		&confirmed, &v.ReviewedBy, &reviewed); err != nil {
		return nil, err
	}
	v.Flag, v.CreatedAt = VoteFlag(flag), time.Unix(created, 0).UTC()
	v.ConfirmedAt, v.ReviewedAt = fromUnix(confirmed), fromUnix(reviewed)
	return &v, nil
}

func (s *Service) vote(ctx context.Context, column, value string) (*Vote, error) {
	v, err := scanVote(s.queryRow(ctx, "SELECT "+voteColumns+" FROM contest_votes WHERE "+column+" = ?", value))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, warta.Errorf(warta.ENotFound, "Suara tidak ditemukan.")
	} else if err != nil {
		return nil, fmt.Errorf("contest: vote: %w", err)
	}
	return v, nil
}

// VoteFilter selects votes for review. Zero fields do not filter.
type VoteFilter struct {
	ContestID string // required
	Flag      VoteFlag
	AnyFlag   bool // with Flag "", every vote rather than only clean ones
}

// Votes lists a contest's votes, oldest first, for admins and editors:
// flagged ones (Flag: VoteFlagged) are the review queue.
func (s *Service) Votes(ctx context.Context, u *warta.User, f VoteFilter) ([]Vote, error) {
	if err := staff(u); err != nil {
		return nil, err
	}
	q := "SELECT " + voteColumns + " FROM contest_votes WHERE contest_id = ?"
	args := []any{f.ContestID}
	if f.Flag != "" || !f.AnyFlag {
		q += " AND flag = ?"
		args = append(args, string(f.Flag))
	}
	rows, err := s.query(ctx, q+" ORDER BY created_at, id", args...)
	if err != nil {
		return nil, fmt.Errorf("contest: votes: %w", err)
	}
	defer rows.Close()
	var out []Vote
	for rows.Next() {
		v, err := scanVote(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *v)
	}
	return out, rows.Err()
}

// ReviewVotes decides on flagged votes of a contest: count them (cleared)
// or not (discarded). A decision can be changed until the results are
// announced. It returns how many votes changed.
func (s *Service) ReviewVotes(ctx context.Context, u *warta.User, contestID string, voteIDs []string, count bool) (int, error) {
	if err := staff(u); err != nil {
		return 0, err
	}
	c, err := s.contest(ctx, s, contestID)
	if err != nil {
		return 0, err
	}
	now := s.clock()
	if c.Announced(now) {
		return 0, &warta.Error{Code: warta.EConflict, Message: "Hasil lomba sudah diumumkan; suara tidak dapat ditinjau lagi."}
	}
	to := VoteDiscarded
	if count {
		to = VoteCleared
	}
	changed := 0
	err = s.inTx(ctx, func(tx tx) error {
		for _, id := range voteIDs {
			res, err := tx.exec(ctx, "UPDATE contest_votes SET flag = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ? AND contest_id = ? AND flag <> ?",
				string(to), u.ID, now.Unix(), id, c.ID, string(VoteClean))
			if err != nil {
				return fmt.Errorf("contest: review votes: %w", err)
			}
			n, _ := res.RowsAffected()
			changed += int(n)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	s.audit(ctx, u, "contest.votes."+string(to), "contest", c.ID, map[string]any{"votes": voteIDs, "changed": changed})
	return changed, nil
}

// countedVotes returns the counted votes of a contest by entry.
func (s *Service) countedVotes(ctx context.Context, contestID string) (map[string]int, error) {
	rows, err := s.query(ctx, `SELECT entry_id, COUNT(*) FROM contest_votes WHERE contest_id = ? AND confirmed_at IS NOT NULL
		AND flag IN (?, ?) GROUP BY entry_id`, contestID, string(VoteClean), string(VoteCleared))
	if err != nil {
		return nil, fmt.Errorf("contest: count votes: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}
