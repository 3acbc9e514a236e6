package warta

import "time"

// Election is one election run by the election bodies, for example
// Pemilu 2024 or Pilkada 2024. Admins may add more.
type Election struct {
	ID        string
	Slug      string // "pemilu-2024"
	Name      string // "Pemilu 2024"
	VotingDay time.Time
	Stages    []Stage
}

// Stage is one stage (tahapan) of an election with its dates. Start and End
// are calendar days in Asia/Jakarta; End is inclusive.
type Stage struct {
	ID           string
	ElectionID   string
	ElectionSlug string
	ElectionName string
	Slug         string // globally unique: "pemilu-2024-kampanye"
	Name         string
	Note         string
	Position     int
	Start        time.Time // 00:00 WIB of the first day
	End          time.Time // 00:00 WIB of the last day
}

// Jakarta is the Asia/Jakarta time zone (WIB, UTC+7, no daylight saving).
var Jakarta = time.FixedZone("WIB", 7*60*60)

// Current reports whether now falls within the stage's days in WIB.
func (s Stage) Current(now time.Time) bool {
	return !now.Before(s.Start) && now.Before(s.End.AddDate(0, 0, 1))
}

// Finished reports whether the stage's last day is over.
func (s Stage) Finished(now time.Time) bool {
	return !now.Before(s.End.AddDate(0, 0, 1))
}

// Milestone is a point in time shown with a countdown: the next stage start
// or end after now.
type Milestone struct {
	Stage Stage
	Label string // "dimulai" or "berakhir"
	At    time.Time
}

// CurrentStages returns the stages running at now, in position order.
func (e Election) CurrentStages(now time.Time) []Stage {
	var out []Stage
	for _, s := range e.Stages {
		if s.Current(now) {
			out = append(out, s)
		}
	}
	return out
}

// NextMilestone returns the earliest stage start or end after now, or false
// when the election is over.
func (e Election) NextMilestone(now time.Time) (Milestone, bool) {
	var best Milestone
	found := false
	for _, s := range e.Stages {
		for _, m := range []Milestone{{s, "dimulai", s.Start}, {s, "berakhir", s.End.AddDate(0, 0, 1)}} {
			if m.At.After(now) && (!found || m.At.Before(best.At)) {
				best, found = m, true
			}
		}
	}
	return best, found
}
