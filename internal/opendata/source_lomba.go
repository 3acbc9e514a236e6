package opendata

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/contest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// ContestResults gives a contest's leaderboards as the public sees them;
// *contest.Service is one. The ranking (weighted rubric, normalisation,
// public vote, tie-break) is the contest package's alone: the dataset reads
// its results, never the scores.
type ContestResults interface {
	Results(ctx context.Context, u *warta.User, contestID string) (*contest.Results, error)
}

// RegisterLomba adds the contests' results ("hasil-lomba") to the catalog.
// The application calls it once, after New, with the contest service.
func (s *Service) RegisterLomba(cs ContestResults) error {
	if cs == nil {
		return fmt.Errorf("opendata: register hasil-lomba: no contest service")
	}
	return s.Register(s.lombaDataset(cs))
}

// lombaDataset is every announced contest's leaderboards: what the contest
// page shows from the announcement on, and nothing else (no email, birth
// date, region or judge of a participant, no judge's score).
func (s *Service) lombaDataset(cs ContestResults) Dataset {
	return Dataset{
		Slug:  "hasil-lomba",
		Title: "Hasil lomba konten",
		Description: "Peringkat setiap karya di setiap kategori lomba konten " + s.siteName + " yang hasilnya sudah diumumkan: " +
			"lomba, kategori, peringkat, judul karya, nama peserta sebagaimana diumumkan, hadiah, dan nilai akhir " +
			"(nilai rubrik juri, digabung dengan suara publik bila lomba memakainya).\n\n" +
			"Hasil lomba muncul di sini sejak waktu pengumumannya, sama seperti di halaman lomba. " +
			"Data pribadi peserta selain nama (surel, tanggal lahir, domisili) dan nilai per juri tidak termasuk. " +
			"Urutan: lomba yang terakhir diumumkan lebih dulu, lalu kategori sesuai urutan lomba, lalu peringkat.",
		Keywords:  []string{"lomba konten", "lomba", "pemenang", "hasil lomba"},
		Temporal:  "Sejak lomba pertama diumumkan hingga sekarang",
		Spatial:   "Provinsi Jawa Timur",
		Frequency: Irregular,
		Columns: []Column{
			{"contest", Text, "Slug lomba; dipakai filter lomba.", "lomba-poster-pemilu-damai"},
			{"contest_title", Text, "Nama lomba.", "Lomba Poster Pemilu Damai"},
			{"organiser", Text, "Instansi penyelenggara.", "KPU Provinsi Jawa Timur"},
			{"announced_at", DateTime, "Waktu hasil diumumkan.", "2024-01-20T10:00:00+07:00"},
			{"category", Text, "Slug kategori; dipakai filter kategori.", "poster"},
			{"category_name", Text, "Nama kategori.", "Poster"},
			{"rank", Integer, "Peringkat di kategori (1 terbaik).", "1"},
			{"entry_title", Text, "Judul karya.", "Suaramu Menentukan"},
			{"participant", Text, "Nama peserta sebagaimana diumumkan.", "Ayu Lestari"},
			{"prize", Text, "Hadiah untuk peringkat ini; kosong bila tidak ada.", "Juara 1"},
			{"final_score", Decimal, "Nilai akhir (skala 1–100, dua angka desimal).", "87.25"},
			{"votes", Integer, "Suara publik yang dihitung; kosong bila lomba tanpa pemungutan suara publik.", "120"},
			{"url", URL, "Halaman lomba beserta hasilnya.", s.abs("/lomba/lomba-poster-pemilu-damai")},
		},
		Filters: []Filter{
			{"lomba", "Slug satu lomba.", "lomba-poster-pemilu-damai"},
			{"kategori", "Slug satu kategori.", "poster"},
		},
		Source: lombaSource{s, cs},
	}
}

type lombaSource struct {
	s  *Service
	cs ContestResults
}

// Rows reads the announced contests from their timeline, newest first,
// asks the contest service for each one's results and pages through their
// categories and standings. Contests are few; a page computes the results
// of the contests it reaches.
func (src lombaSource) Rows(ctx context.Context, q Query) ([]Row, string, error) {
	after, err := decodeCursor(q.Cursor, 4)
	if err != nil {
		return nil, "", err
	}
	var afterAt int64
	var afterCat, afterRank int
	if after != nil {
		var e1, e2, e3 error
		afterAt, e1 = strconv.ParseInt(after[0], 10, 64)
		afterCat, e2 = strconv.Atoi(after[2])
		afterRank, e3 = strconv.Atoi(after[3])
		if e1 != nil || e2 != nil || e3 != nil {
			return nil, "", invalid("cursor", "Nilai cursor tidak valid.")
		}
	}
	where := []string{"published = 1", "announcement_at <= ?"}
	args := []any{src.s.now().Unix()}
	slug := q.Filter["lomba"]
	if slug != "" {
		where = append(where, "slug = ?")
		args = append(args, slug)
	}
	if after != nil {
		where = append(where, "(announcement_at < ? OR (announcement_at = ? AND id <= ?))")
		args = append(args, afterAt, afterAt, after[1])
	}
	rows, err := src.s.q(ctx, "SELECT id, announcement_at FROM contests WHERE "+strings.Join(where, " AND ")+
		" ORDER BY announcement_at DESC, id DESC", args...)
	if err != nil {
		return nil, "", fmt.Errorf("opendata: hasil lomba: %w", err)
	}
	type announced struct {
		id string
		at int64
	}
	var contests []announced
	for rows.Next() {
		var c announced
		if err := rows.Scan(&c.id, &c.at); err != nil {
			rows.Close()
			return nil, "", fmt.Errorf("opendata: hasil lomba: %w", err)
		}
		contests = append(contests, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("opendata: hasil lomba: %w", err)
	}
	if slug != "" && len(contests) == 0 && after == nil {
		return nil, "", invalid("lomba", "Lomba %q tidak ada atau hasilnya belum diumumkan.", slug)
	}
	organisers, err := src.organisers(ctx)
	if err != nil {
		return nil, "", err
	}
	var out []Row
	var last [4]string
	for _, ac := range contests {
		res, err := src.cs.Results(ctx, nil, ac.id)
		if code := warta.ErrorCode(err); code == warta.EForbidden || code == warta.ENotFound {
			continue // not public (yet) by the contest's own clock
		} else if err != nil {
			return nil, "", fmt.Errorf("opendata: hasil lomba %s: %w", ac.id, err)
		}
		if !res.Published {
			continue
		}
		c := res.Contest
		resume := after != nil && ac.id == after[1] && ac.at == afterAt
		for ci, cr := range res.Categories {
			if f := q.Filter["kategori"]; f != "" && cr.Category.Slug != f {
				continue
			}
			if resume && ci < afterCat {
				continue
			}
			for _, st := range cr.Standings {
				if resume && ci == afterCat && st.Rank <= afterRank {
					continue
				}
				if len(out) == q.Limit {
					return out, encodeCursor(last[:]...), nil
				}
				var prize, votes any
				if st.Prize != nil {
					prize = st.Prize.Title
				}
				if c.PublicVote {
					votes = int64(st.Votes)
				}
				out = append(out, Row{c.Slug, c.Title, orNil(organisers[c.AgencyID]), c.Timeline.AnnouncementAt,
					cr.Category.Slug, cr.Category.Name, int64(st.Rank), st.Entry.Title, orNil(st.Entry.ParticipantName),
					prize, Number(strconv.FormatFloat(st.Final, 'f', 2, 64)), votes, src.s.abs(c.Path())})
				last = [4]string{strconv.FormatInt(ac.at, 10), ac.id, strconv.Itoa(ci), strconv.Itoa(st.Rank)}
			}
		}
	}
	return out, "", nil
}

// organisers names the agencies by ID.
func (src lombaSource) organisers(ctx context.Context) (map[string]string, error) {
	agencies, err := src.s.db.Agencies(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(agencies))
	for _, a := range agencies {
		out[a.ID] = a.Name
	}
	return out, nil
}

// Modified is the latest announcement that has come.
func (src lombaSource) Modified(ctx context.Context) (time.Time, error) {
	var at sql.NullInt64
	err := src.s.sql.QueryRowContext(ctx, src.s.db.Rebind("SELECT MAX(announcement_at) FROM contests WHERE published = 1 AND announcement_at <= ?"),
		src.s.now().Unix()).Scan(&at)
	if err != nil {
		return time.Time{}, fmt.Errorf("opendata: hasil lomba modified: %w", err)
	}
	if !at.Valid {
		return time.Time{}, nil
	}
	return time.Unix(at.Int64, 0).UTC(), nil
}
