package opendata_test

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// The contests' results are their public leaderboards as the contest
// service ranks them, from the announcement on: the newest contest first,
// its categories in order, each by rank, with the participant's name and
// nothing else about them; a contest announced next week is not there,
// nor a rejected entry.
func TestHasilLombaDataset(t *testing.T) {
	each(t, 3, func(t *testing.T, e *env) {
		e.seedLomba()
		recs := e.csvRows("/data/hasil-lomba.csv")
		if strings.Join(recs[0], ",") != "contest,contest_title,organiser,announced_at,category,category_name,rank,entry_title,participant,prize,final_score,votes,url" {
			t.Fatalf("header %q", recs[0])
		}
		var got [][]string
		for _, r := range recs[1:] {
			got = append(got, []string{r[0], r[4], r[6], r[7], r[8], r[9], r[10], r[11]})
		}
		want := [][]string{
			{"lomba-poster-pemilu-damai", "poster", "1", "Suaramu Menentukan", "Ayu Lestari", "Juara 1", "85.00", ""},
			{"lomba-poster-pemilu-damai", "poster", "2", "Damai Itu Indah", "Budi Santoso", "Juara 2", "71.00", ""},
			{"lomba-poster-pemilu-damai", "poster", "3", "Pilih Cerdas", "Citra Dewi", "", "60.00", ""},
			{"lomba-poster-pemilu-damai", "video", "1", "Video Damai", "Budi Santoso", "Juara 1", "75.00", ""},
			{"lomba-foto-tps", "foto", "1", "TPS di Tepi Sungai", "Citra Dewi", "Juara 1", "87.00", ""},
			{"lomba-foto-tps", "foto", "2", "Antre Mencoblos", "Ayu Lestari", "Juara 2", "80.50", ""},
			{"lomba-foto-tps", "foto", "3", "Kotak Suara", "Budi Santoso", "", "52.50", ""},
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("hasil-lomba:\n got %q\nwant %q", got, want)
		}
		first := recs[1]
		if first[1] != "Lomba Poster Pemilu Damai" || first[2] != "KPU Provinsi Jawa Timur" ||
			first[3] != clinicDay(10, 10).Format(time.RFC3339) || first[5] != "Kategori poster" ||
			first[12] != base+"/lomba/lomba-poster-pemilu-damai" {
			t.Errorf("first row %q", first)
		}
		for query, n := range map[string]int{"lomba=lomba-foto-tps": 3, "kategori=video": 1, "lomba=lomba-foto-tps&kategori=video": 0} {
			if recs := e.csvRows("/data/hasil-lomba.csv?" + query); len(recs)-1 != n {
				t.Errorf("%s: %d rows, want %d", query, len(recs)-1, n)
			}
		}
		if w := e.get("/data/hasil-lomba.csv?lomba=lomba-belum-diumumkan"); w.Code != 400 ||
			!strings.Contains(w.Body.String(), "belum diumumkan") {
			t.Errorf("a contest not announced yet: %d %s", w.Code, w.Body.String())
		}
	})
}
