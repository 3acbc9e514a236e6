package opendata

import "context"

// builtins are the datasets read from Warta's own tables. distribusi joins
// them once dissemination's tables exist.
func (s *Service) builtins() []Dataset {
	out := []Dataset{s.tahapanDataset(), s.wilayahDataset(), s.artikelDataset()}
	if s.deliveriesExist(context.Background()) {
		out = append(out, s.distribusiDataset())
	}
	return out
}
