package contest

import (
	"fmt"
	"math"
	"sort"
)

// Scoring, for one category:
//
//  1. Each judge's total for an entry is the weighted rubric score,
//     Σ weight × score / 100, on the 1–100 scale.
//  2. With normalisation on, each total becomes M + S × z, where z is the
//     total's z-score among that judge's totals in the category (mean and
//     population standard deviation; z = 0 when the judge gave every entry
//     the same total) and M and S are the mean and population standard
//     deviation of all judges' totals in the category. A harsh judge and a
//     lenient one then pull equally, and the scores stay on the rubric's
//     scale.
//  3. An entry's rubric score is the mean of its judges' totals.
//  4. With the public vote on at weight w %, the final score is
//     (100 − w) % of the rubric score plus w % of 100 × the entry's share of
//     the category's counted votes. Otherwise it is the rubric score.
//  5. Equal final scores are ordered by the contest's tie-break rule, then
//     by entry ID, so that every entry has its own rank.

// Standing is one entry's place on a category's leaderboard.
type Standing struct {
	Rank      int
	Entry     Entry
	Judges    int     // judges whose complete scores count
	Rubric    float64 // weighted rubric score, normalised when the contest says so
	Heaviest  float64 // mean score on the heaviest criterion, for the tie-break
	Votes     int     // counted public votes
	VoteShare float64 // of the category's counted votes, 0–1
	Final     float64
	Prize     *Prize // the prize for this place, if any and the entry was judged
	// TieBreak says how the entry was placed above the next one when
	// their final scores were equal.
	TieBreak string
}

// candidate is an entry with what its ranking needs: each judge's complete
// scores (judge ID → criterion ID → score) and its counted votes.
type candidate struct {
	entry  Entry
	scores map[string]map[string]int
	votes  int
}

// eps is how close two scores must be to count as equal: far below any
// difference a score of whole points can make, far above float error.
const eps = 1e-9

// rank orders a category's candidates by the scoring rules above.
func rank(c *Contest, criteria []Criterion, cands []candidate) []Standing {
	weight := map[string]int{}
	heaviest := ""
	for _, cr := range criteria {
		weight[cr.ID] = cr.Weight
		if heaviest == "" || cr.Weight > weight[heaviest] {
			heaviest = cr.ID
		}
	}
	// totals[judge][i] is the judge's weighted total for candidate i.
	totals := map[string]map[int]float64{}
	for i, cd := range cands {
		for j, sc := range cd.scores {
			sum := 0
			for id, v := range sc {
				sum += weight[id] * v
			}
			if totals[j] == nil {
				totals[j] = map[int]float64{}
			}
			totals[j][i] = float64(sum) / 100
		}
	}
	if c.Normalize {
		normalize(totals)
	}
	totalVotes := 0
	for _, cd := range cands {
		totalVotes += cd.votes
	}
	out := make([]Standing, len(cands))
	for i, cd := range cands {
		st := Standing{Entry: cd.entry, Votes: cd.votes}
		sum, heavy := 0.0, 0.0
		for j, sc := range cd.scores {
			sum += totals[j][i]
			heavy += float64(sc[heaviest])
			st.Judges++
		}
		if st.Judges > 0 {
			st.Rubric, st.Heaviest = sum/float64(st.Judges), heavy/float64(st.Judges)
		}
		st.Final = st.Rubric
		if c.PublicVote {
			if totalVotes > 0 {
				st.VoteShare = float64(cd.votes) / float64(totalVotes)
			}
			w := float64(c.VoteWeight) / 100
			st.Final = (1-w)*st.Rubric + w*100*st.VoteShare
		}
		out[i] = st
	}
	sort.SliceStable(out, func(a, b int) bool { return before(c, &out[a], &out[b]) })
	for i := range out {
		out[i].Rank = i + 1
		// An entry no judge has scored wins nothing, whatever its place.
		if p, ok := c.Prize(i + 1); ok && out[i].Judges > 0 {
			out[i].Prize = &p
		}
		if i+1 < len(out) && math.Abs(out[i].Final-out[i+1].Final) < eps {
			out[i].TieBreak = tieReason(c, &out[i], &out[i+1], criteria, heaviest)
		}
	}
	return out
}

// before reports whether a ranks above b.
func before(c *Contest, a, b *Standing) bool {
	if math.Abs(a.Final-b.Final) >= eps {
		return a.Final > b.Final
	}
	if c.TieBreak != TieBreakEarlierSubmission && math.Abs(a.Heaviest-b.Heaviest) >= eps {
		return a.Heaviest > b.Heaviest
	}
	if !a.Entry.SubmittedAt.Equal(b.Entry.SubmittedAt) {
		return a.Entry.SubmittedAt.Before(b.Entry.SubmittedAt)
	}
	return a.Entry.ID < b.Entry.ID
}

// tieReason explains why a ranks above b although their final scores are
// equal.
func tieReason(c *Contest, a, b *Standing, criteria []Criterion, heaviest string) string {
	if c.TieBreak != TieBreakEarlierSubmission && math.Abs(a.Heaviest-b.Heaviest) >= eps {
		name := ""
		for _, cr := range criteria {
			if cr.ID == heaviest {
				name = cr.Name
			}
		}
		return fmt.Sprintf("Nilai akhir sama; unggul pada kriteria berbobot terbesar (%s): %s lawan %s.", name, decimal2(a.Heaviest), decimal2(b.Heaviest))
	}
	if !a.Entry.SubmittedAt.Equal(b.Entry.SubmittedAt) {
		return "Nilai akhir sama; dikirim lebih awal (" + FormatWIB(a.Entry.SubmittedAt) + ")."
	}
	return "Nilai akhir dan waktu kirim sama; diurutkan menurut nomor karya."
}

// normalize replaces each judge's totals by M + S × z (see above).
func normalize(totals map[string]map[int]float64) {
	var all []float64
	for _, ts := range totals {
		for _, t := range ts {
			all = append(all, t)
		}
	}
	m, sd := meanStd(all)
	for _, ts := range totals {
		vals := make([]float64, 0, len(ts))
		for _, t := range ts {
			vals = append(vals, t)
		}
		mj, sj := meanStd(vals)
		for i, t := range ts {
			z := 0.0
			if sj > eps {
				z = (t - mj) / sj
			}
			ts[i] = m + sd*z
		}
	}
}

// meanStd returns the mean and population standard deviation.
func meanStd(v []float64) (mean, sd float64) {
	if len(v) == 0 {
		return 0, 0
	}
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	for _, x := range v {
		sd += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sd / float64(len(v)))
}

// decimal2 writes a score with two decimals and a decimal comma.
func decimal2(v float64) string {
	s := fmt.Sprintf("%.2f", v)
	for i := range s {
		if s[i] == '.' {
			return s[:i] + "," + s[i+1:]
		}
	}
	return s
}
