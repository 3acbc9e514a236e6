package opendata

import "context"

// builtins are the datasets read from Warta's own tables. distribusi joins
// them once dissemination's tables exist. The clinic's (putusan-cek-fakta,
// laporan-klinik-hoaks, waktu-putusan-klinik-hoaks) read its tables
// directly; the contests' results need the contest service (RegisterLomba).
func (s *Service) builtins() []Dataset {
	out := []Dataset{s.tahapanDataset(), s.wilayahDataset(), s.artikelDataset()}
	if s.deliveriesExist(context.Background()) {
		out = append(out, s.distribusiDataset())
	}
	return append(out, s.verdictsDataset(), s.laporanDataset(), s.waktuDataset())
}
