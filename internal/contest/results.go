package contest

import (
	"context"
	"fmt"
	"strings"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Results are a contest's leaderboards.
type Results struct {
	Contest *Contest
	// Published reports whether the results are public (the announcement
	// time has come); before that only admins and editors see them, as a
	// preview.
	Published  bool
	Categories []CategoryResults
}

// CategoryResults is one category's leaderboard, best first.
type CategoryResults struct {
	Category  Category
	Criteria  []Criterion
	Standings []Standing
}

// Results computes a contest's leaderboards (see the scoring rules in
// score.go). Everyone may read them from the announcement time on; before
// it, admins and editors see a preview and everyone else is refused with
// the time the results will be announced.
func (s *Service) Results(ctx context.Context, u *warta.User, contestID string) (*Results, error) {
	c, err := s.Contest(ctx, u, contestID)
	if err != nil {
		return nil, err
	}
	published := c.Announced(s.clock())
	if !published && !isStaff(u) {
		return nil, &warta.Error{Code: warta.EForbidden, Message: "Hasil lomba diumumkan pada " + FormatWIB(c.Timeline.AnnouncementAt) + "."}
	}
	return s.results(ctx, c, published)
}

func (s *Service) results(ctx context.Context, c *Contest, published bool) (*Results, error) {
	entries, err := s.entries(ctx, s, "WHERE e.contest_id = ? AND e.status = ? ORDER BY e.id", c.ID, string(EntryAccepted))
	if err != nil {
		return nil, err
	}
	rubrics, err := s.rubrics(ctx, s, c.ID)
	if err != nil {
		return nil, err
	}
	votes := map[string]int{}
	if c.PublicVote {
		if votes, err = s.countedVotes(ctx, c.ID); err != nil {
			return nil, err
		}
	}
	// Scores count only from judges the entry is still assigned to, so a
	// conflict declared after scoring, or a judge taken off the panel,
	// leaves no trace.
	rows, err := s.query(ctx, `SELECT s.entry_id, s.judge_id, s.criterion_id, s.score FROM contest_scores s
		JOIN contest_entries e ON e.id = s.entry_id JOIN contest_participants p ON p.id = e.participant_id
		WHERE e.contest_id = ? AND `+assignedTo("s.judge_id"), c.ID)
	if err != nil {
		return nil, fmt.Errorf("contest: results: %w", err)
	}
	scores := map[string]map[string]map[string]int{} // entry → judge → criterion → score
	for rows.Next() {
		var entry, judge, crit string
		var v int
		if err := rows.Scan(&entry, &judge, &crit, &v); err != nil {
			rows.Close()
			return nil, err
		}
		if scores[entry] == nil {
			scores[entry] = map[string]map[string]int{}
		}
		if scores[entry][judge] == nil {
			scores[entry][judge] = map[string]int{}
		}
		scores[entry][judge][crit] = v
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	res := &Results{Contest: c, Published: published}
	for _, cat := range c.Categories {
		criteria := rubrics.of(cat.ID)
		var cands []candidate
		for _, e := range entries {
			if e.CategoryID != cat.ID {
				continue
			}
			cd := candidate{entry: e, votes: votes[e.ID], scores: map[string]map[string]int{}}
			for j, sc := range scores[e.ID] {
				if complete(sc, criteria) {
					cd.scores[j] = sc
				}
			}
			cands = append(cands, cd)
		}
		res.Categories = append(res.Categories, CategoryResults{Category: cat, Criteria: criteria, Standings: rank(c, criteria, cands)})
	}
	return res, nil
}

// complete reports whether a judge's scores cover exactly the rubric.
func complete(sc map[string]int, criteria []Criterion) bool {
	if len(criteria) == 0 || len(sc) != len(criteria) {
		return false
	}
	for _, cr := range criteria {
		if _, ok := sc[cr.ID]; !ok {
			return false
		}
	}
	return true
}

// DraftAnnouncement drafts the winners' announcement as a newsroom article
// of the contest's organiser, "Pemenang Lomba …", listing the winners of
// each category, for the editors to publish (or schedule for the
// announcement time) and disseminate. It can be drafted once judging and
// the public vote are over, once per contest.
func (s *Service) DraftAnnouncement(ctx context.Context, u *warta.User, contestID string) (*warta.Article, error) {
	if err := staff(u); err != nil {
		return nil, err
	}
	if s.nr == nil {
		return nil, fmt.Errorf("contest: no newsroom to draft the announcement in")
	}
	c, err := s.contest(ctx, s, contestID)
	if err != nil {
		return nil, err
	}
	if c.AnnouncementArticleID != "" {
		return nil, &warta.Error{Code: warta.EConflict, Message: "Draf pengumuman pemenang lomba ini sudah dibuat; sunting draf itu di ruang redaksi."}
	}
	closes := c.Timeline.JudgingEnd
	if c.PublicVote && c.Timeline.VoteEnd.After(closes) {
		closes = c.Timeline.VoteEnd
	}
	now := s.clock()
	if now.Before(closes) {
		return nil, &warta.Error{Code: warta.EConflict, Message: "Pengumuman pemenang dapat disusun setelah penjurian dan pemungutan suara selesai pada " + FormatWIB(closes) + "."}
	}
	res, err := s.results(ctx, c, c.Announced(now))
	if err != nil {
		return nil, err
	}
	art := announcement(res, s.baseURL)
	if err := s.nr.Create(ctx, u, art); err != nil {
		return nil, err
	}
	if _, err := s.exec(ctx, "UPDATE contests SET announcement_article_id = ? WHERE id = ?", art.ID, c.ID); err != nil {
		return nil, fmt.Errorf("contest: record announcement: %w", err)
	}
	s.audit(ctx, u, "contest.announcement", "contest", c.ID, map[string]any{"article_id": art.ID})
	return art, nil
}

// announcement writes the winners' article.
func announcement(res *Results, baseURL string) *warta.Article {
	c := res.Contest
	name := strings.TrimPrefix(c.Title, "Lomba ")
	var b strings.Builder
	if c.Theme != "" {
		fmt.Fprintf(&b, "Panitia Lomba %s mengumumkan para pemenang lomba bertema \"%s\" pada %s.", name, c.Theme, FormatWIB(c.Timeline.AnnouncementAt))
	} else {
		fmt.Fprintf(&b, "Panitia Lomba %s mengumumkan para pemenangnya pada %s.", name, FormatWIB(c.Timeline.AnnouncementAt))
	}
	b.WriteString(" Karya dinilai panel juri dengan rubrik berbobot")
	if c.PublicVote && c.VoteWeight > 0 {
		fmt.Fprintf(&b, ", digabung dengan suara publik berbobot %d%%", c.VoteWeight)
	}
	b.WriteString(".\n")
	for _, cr := range res.Categories {
		fmt.Fprintf(&b, "\n## Kategori %s\n\n", cr.Category.Name)
		winners := 0
		for _, st := range cr.Standings {
			if st.Prize == nil {
				continue
			}
			winners++
			line := fmt.Sprintf("%d. **%s**: \"%s\" karya %s", st.Rank, escape(st.Prize.Title), escape(st.Entry.Title), escape(st.Entry.ParticipantName))
			if st.Prize.Reward != "" {
				line += " (" + escape(st.Prize.Reward) + ")"
			}
			fmt.Fprintf(&b, "%s, nilai akhir %s.\n", line, decimal2(st.Final))
		}
		if winners == 0 {
			b.WriteString("Tidak ada pemenang di kategori ini.\n")
		}
	}
	fmt.Fprintf(&b, "\n%s\n\nHasil lengkap: %s%s\n", c.TieBreak.Statement(), baseURL, c.Path())
	return &warta.Article{
		Title:    "Pemenang Lomba " + name,
		Dek:      fmt.Sprintf("Para pemenang %s diumumkan pada %s.", "Lomba "+name, FormatWIB(c.Timeline.AnnouncementAt)),
		Body:     b.String(),
		AgencyID: c.AgencyID,
		Regions:  append([]warta.Region(nil), c.Regions...),
		Tags:     []warta.Tag{{Name: "Lomba Konten"}},
	}
}

// escape keeps participants' titles and names from being read as Markdown.
var escape = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", `\<`, "#", `\#`).Replace
