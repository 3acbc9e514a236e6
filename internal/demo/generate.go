package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/kominfo-jatim/warta/internal/markdown"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// draft is a generated article before it is stored, with what the store
// needs to attach afterwards.
type draft struct {
	article    *warta.Article
	scene      int
	palette    int
	correction *warta.Correction
}

// generator turns story templates into articles. All its randomness comes
// from one seeded source consumed in a fixed order, so the demo reads the
// same on every run.
type generator struct {
	r        *rand.Rand
	now      time.Time
	province place
	local    []place
	order    []int // kabupaten/kota in the order stories are handed out
	next     int
	stages   map[string]warta.Stage
	agencies map[string]warta.Agency // by slug
	titles   map[string]bool
	slots    []time.Time     // publication times of recent articles, used up in order
	shared   map[string]bool // short names that a kabupaten and a kota share
}

func newGenerator(now time.Time, regions []warta.Region, elections []warta.Election, agencies []warta.Agency, stories []story) *generator {
	g := &generator{
		r:        rand.New(rand.NewPCG(seed, 0x5741525441)),
		now:      now,
		stages:   map[string]warta.Stage{},
		agencies: map[string]warta.Agency{},
		titles:   map[string]bool{},
	}
	g.province, g.local = places(regions)
	g.order = g.r.Perm(len(g.local))
	for _, e := range elections {
		for _, s := range e.Stages {
			g.stages[s.Slug] = s
		}
	}
	for _, a := range agencies {
		g.agencies[a.Slug] = a
	}
	recent := 0
	for _, s := range stories {
		if s.recent {
			recent += max(s.count, 1)
		}
	}
	g.slots = recentSlots(now, recent, g.r)
	g.shared = map[string]bool{}
	seen := map[string]bool{}
	for _, pl := range g.local {
		g.shared[pl.ShortName()] = seen[pl.ShortName()]
		seen[pl.ShortName()] = true
	}
	return g
}

// recentSlots returns n publication times in the 70 hours before now,
// spread over the newsroom's waking hours (07.00–21.00 WIB) and shuffled so
// that consecutive stories are on different topics.
func recentSlots(now time.Time, n int, r *rand.Rand) []time.Time {
	var hours []time.Time
	start := now.Add(-20 * time.Minute).Truncate(time.Hour)
	for t := start; t.After(now.Add(-70 * time.Hour)); t = t.Add(-time.Hour) {
		if h := t.In(warta.Jakarta).Hour(); h >= 7 && h < 21 {
			hours = append(hours, t)
		}
	}
	if len(hours) < n { // more stories than waking hours: use the night too
		hours = hours[:0]
		for t := start; len(hours) < n; t = t.Add(-time.Hour) {
			hours = append(hours, t)
		}
	}
	slots := make([]time.Time, n)
	for i := range slots {
		t := hours[i*len(hours)/max(n, 1)].Add(time.Duration(r.IntN(60)) * time.Minute)
		if latest := now.Add(-10 * time.Minute); t.After(latest) {
			t = latest
		}
		slots[i] = t.Truncate(time.Minute)
	}
	r.Shuffle(len(slots), func(i, j int) { slots[i], slots[j] = slots[j], slots[i] })
	return slots
}

// generate writes every story for its regions. Kabupaten/kota are handed
// out round-robin from a shuffled order, so each gets its share and every
// one of them appears once the stories ask for 38 or more.
func (g *generator) generate(stories []story) ([]draft, error) {
	var out []draft
	for _, s := range stories {
		stage, ok := g.stages[s.stage]
		if !ok {
			return nil, fmt.Errorf("demo: story at %s: unknown stage %q", s.where, s.stage)
		}
		targets := []place{g.province}
		if s.count > 0 {
			targets = targets[:0]
			for range min(s.count, len(g.local)) {
				targets = append(targets, g.local[g.order[g.next%len(g.order)]])
				g.next++
			}
		}
		for i, pl := range targets {
			d, err := g.article(s, stage, pl, i == 0)
			if err != nil {
				return nil, fmt.Errorf("demo: story at %s for %s: %w", s.where, pl.Slug, err)
			}
			out = append(out, d)
		}
	}
	return out, nil
}

func (g *generator) article(s story, stage warta.Stage, pl place, first bool) (draft, error) {
	pub := g.when(s, stage)
	f := &filler{r: g.r, vars: g.vars(pl, pub)}
	a := &warta.Article{
		ID:          warta.NewIDAt(pub),
		Status:      warta.StatusPublished,
		PublishedAt: pub,
		UpdatedAt:   pub,
		CreatedAt:   pub.Add(-time.Duration(30+g.r.IntN(150)) * time.Minute),
		Stages:      []warta.Stage{{Slug: stage.Slug}},
		Regions:     []warta.Region{{Slug: pl.Slug}},
		Dateline:    pl.ShortName(),
	}
	if pl.Kind == warta.RegionProvinsi {
		a.Dateline = "Surabaya"
	} else if g.r.IntN(10) < 3 {
		a.Regions = append(a.Regions, warta.Region{Slug: g.province.Slug})
	}
	ag := g.agency(s.agency, pl)
	a.AgencyID = ag.ID

	// A title the demo already has takes the story's next alternative.
	start := g.r.IntN(len(s.titles))
	for i := range s.titles {
		t, err := f.fill(s.titles[(start+i)%len(s.titles)])
		if err != nil {
			return draft{}, err
		}
		if !g.titles[t] {
			a.Title = t
			break
		}
	}
	if a.Title == "" {
		return draft{}, fmt.Errorf("every title is already taken")
	}
	g.titles[a.Title] = true

	var err error
	if a.Dek, err = f.fill(s.dek); err != nil {
		return draft{}, err
	}
	paras := make([]string, 0, len(s.body)+2)
	for _, p := range s.body {
		p, err := f.fill(p)
		if err != nil {
			return draft{}, err
		}
		paras = append(paras, p)
	}
	closing, err := f.fill(closings[s.agency][g.r.IntN(len(closings[s.agency]))])
	if err != nil {
		return draft{}, err
	}
	paras = append(paras, closing, disclaimer)
	a.Body = strings.Join(paras, "\n\n")
	if a.BodyHTML, err = markdown.Render(a.Body); err != nil {
		return draft{}, err
	}

	rep := reporters[g.r.IntN(len(reporters))]
	ed := editors[g.r.IntN(len(editors))]
	a.Byline, a.BylineCode = rep.name, rep.code+"/"+ed
	a.Tags = tagsFor(stage, s)
	if first && s.headline > 0 {
		a.Headline, a.HeadlineOrder = true, s.headline
	}
	d := draft{article: a, scene: s.scene, palette: paletteFor(stage.Slug)}
	if first && s.correction != "" {
		note, err := f.fill(s.correction)
		if err != nil {
			return draft{}, err
		}
		at := pub.Add(time.Duration(120+g.r.IntN(240)) * time.Minute)
		if latest := g.now.Add(-5 * time.Minute); at.After(latest) {
			at = latest
		}
		d.correction = &warta.Correction{Note: note, CreatedAt: at}
	}
	return d, nil
}

// when picks the publication time: a working hour on a day of the stage (or
// of the story's own window), or, for recent stories, the next recent slot.
// Stage stories never come later than 73 hours before now, so
// the recent ones are always the newest.
func (g *generator) when(s story, stage warta.Stage) time.Time {
	if s.recent {
		t := g.slots[0]
		g.slots = g.slots[1:]
		return t
	}
	from, to := stage.Start, stage.End
	if s.days != nil {
		base := stage.Start
		if s.fromEnd {
			base = stage.End
		}
		from, to = base.AddDate(0, 0, s.days[0]), base.AddDate(0, 0, s.days[1])
	}
	days := int(to.Sub(from).Hours() / 24)
	day := from.AddDate(0, 0, g.r.IntN(max(days, 0)+1))
	hour := 8 + g.r.IntN(10)
	if strings.HasSuffix(stage.Slug, "pemungutan-suara") {
		hour = 7 + g.r.IntN(14)
	}
	t := day.Add(time.Duration(hour)*time.Hour + time.Duration(g.r.IntN(60))*time.Minute)
	if latest := g.now.Add(-73 * time.Hour); t.After(latest) {
		t = latest.Add(-time.Duration(g.r.IntN(24*60)) * time.Minute).Truncate(time.Minute)
	}
	return t
}

// agency returns the official source of a story in a region: the region's
// own KPU where the demo has one, otherwise the provincial body.
func (g *generator) agency(kind string, pl place) warta.Agency {
	switch kind {
	case "bawaslu":
		return g.agencies["bawaslu-jatim"]
	case "kominfo":
		return g.agencies["diskominfo-jatim"]
	}
	if a, ok := g.agencies["kpu-"+pl.Slug]; ok {
		return a
	}
	return g.agencies["kpu-jatim"]
}

// vars are the placeholders of a story in a region on a day.
func (g *generator) vars(pl place, pub time.Time) map[string]string {
	local := pub.In(warta.Jakarta)
	name := pl.ShortName()
	if g.shared[name] {
		name = pl.Name // "Kota Malang" and "Kabupaten Malang", never a bare "Malang"
	}
	v := map[string]string{
		"wilayah": pl.Name,
		"nama":    name,
		"kpu":     "KPU " + pl.Name,
		"bawaslu": "Bawaslu " + pl.Name,
		"pemda":   "Pemerintah " + pl.Name,
		"hari": fmt.Sprintf("%s (%d/%d/%d)", warta.DayName(local.Weekday()), local.Day(),
			int(local.Month()), local.Year()),
		"tanggal": fmt.Sprintf("%d %s %d", local.Day(), warta.MonthName(local.Month()), local.Year()),
		"dpt":     thousands(pl.dpt),
		"tps":     thousands(pl.tps),
		"kpps":    thousands(pl.tps * 7),

		"dpt_pilkada": thousands(pl.dptPilkada),
	}
	switch pl.Kind {
	case warta.RegionProvinsi:
		v["kepala"] = "gubernur"
		v["pilkada"] = "Pemilihan Gubernur dan Wakil Gubernur Jawa Timur"
		return v // no regional figures the province does not publish
	case warta.RegionKota:
		v["kepala"] = "wali kota"
		v["pilkada"] = "Pemilihan Wali Kota dan Wakil Wali Kota " + pl.ShortName()
	default:
		v["kepala"] = "bupati"
		v["pilkada"] = "Pemilihan Bupati dan Wakil Bupati " + pl.ShortName()
	}
	v["tps_pilkada"] = thousands(pl.tpsPilk)
	v["kpps_pilkada"] = thousands(pl.tpsPilk * 7)
	v["pemula"] = thousands(pl.dptPilkada * 58 / 1000)
	v["disabilitas"] = thousands(pl.dpt * 6 / 1000)
	for i, k := range g.r.Perm(len(pl.kec))[:min(3, len(pl.kec))] {
		v[fmt.Sprintf("kec%d", i+1)] = pl.kec[k]
	}
	for i := len(pl.kec); i < 3; i++ {
		v[fmt.Sprintf("kec%d", i+1)] = pl.kec[i%len(pl.kec)]
	}
	return v
}

// tagsFor puts the election's own tag first and keeps at most four. Recent
// stories are about the time between elections and keep only their own.
func tagsFor(stage warta.Stage, s story) []warta.Tag {
	var tags []warta.Tag
	election := "Pemilu 2024"
	if strings.HasPrefix(stage.Slug, "pilkada-") {
		election = "Pilkada 2024"
	}
	if !s.recent {
		tags = append(tags, warta.Tag{Name: election})
	}
	for _, n := range s.tags {
		if n != election && len(tags) < 4 {
			tags = append(tags, warta.Tag{Name: n})
		}
	}
	return tags
}

// paletteFor colours a stage by its phase: 0 preparation and voter data,
// 1 nomination and campaign, 2 quiet days, voting and counting, 3 results.
func paletteFor(stage string) int {
	for _, p := range []struct {
		suffix string
		phase  int
	}{
		{"penghitungan-rekapitulasi", 3}, {"rekapitulasi", 3}, {"penetapan-hasil", 3},
		{"penetapan-calon-terpilih", 3}, {"sumpah-janji", 3},
		{"masa-tenang", 2}, {"pemungutan-suara", 2}, {"penghitungan-suara", 2},
		{"pencalonan", 1}, {"syarat-dukungan", 1}, {"pengumuman-pendaftaran", 1}, {"pendaftaran-paslon", 1},
		{"penelitian-persyaratan", 1}, {"penetapan-paslon", 1}, {"nomor-urut", 1}, {"kampanye", 1},
	} {
		if strings.Contains(stage, p.suffix) {
			return p.phase
		}
	}
	return 0
}
