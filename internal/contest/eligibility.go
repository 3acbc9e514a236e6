package contest

import (
	"strconv"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Age is how many full years someone born on birth is on the calendar day
// of at in WIB. Someone born on 29 February turns a year older on 1 March
// in other years.
func Age(birth, at time.Time) int {
	b, d := birth.In(warta.Jakarta), at.In(warta.Jakarta)
	age := d.Year() - b.Year()
	if d.Month() < b.Month() || d.Month() == b.Month() && d.Day() < b.Day() {
		age--
	}
	return age
}

// CheckEligibility returns why p may not take part in c when registering
// at the moment at, or nil: too young on that day (in WIB), or living
// outside the contest's regions. The error is EForbidden with the field
// at fault.
func (c *Contest) CheckEligibility(p *Participant, at time.Time) error {
	if c.MinAge > 0 && Age(p.BirthDate, at) < c.MinAge {
		return &warta.Error{Code: warta.EForbidden, Field: "birth_date",
			Message: "Usia minimal " + strconv.Itoa(c.MinAge) + " tahun pada tanggal pendaftaran."}
	}
	if len(c.Regions) == 0 {
		return nil
	}
	names := make([]string, len(c.Regions))
	for i, r := range c.Regions {
		if r.Code == p.Region.Code {
			return nil
		}
		names[i] = r.Name
	}
	return &warta.Error{Code: warta.EForbidden, Field: "region",
		Message: "Lomba ini hanya untuk warga " + joinAnd(names) + "."}
}
