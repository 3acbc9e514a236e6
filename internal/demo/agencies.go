package demo

import (
	"context"
	"fmt"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// agencies are the demo's official sources. The provincial URLs are the
// bodies' real sites; the kabupaten/kota ones follow the KPU's naming pattern
// and serve as examples only.
var agencies = []warta.Agency{
	{Slug: "kpu-jatim", Name: "KPU Provinsi Jawa Timur", ShortName: "KPU Jatim", URL: "https://jatim.kpu.go.id"},
	{Slug: "bawaslu-jatim", Name: "Bawaslu Provinsi Jawa Timur", ShortName: "Bawaslu Jatim", URL: "https://jatim.bawaslu.go.id"},
	{Slug: "diskominfo-jatim", Name: "Dinas Komunikasi dan Informatika Provinsi Jawa Timur", ShortName: "Diskominfo Jatim", URL: "https://kominfo.jatimprov.go.id"},
	{Slug: "kpu-kota-surabaya", Name: "KPU Kota Surabaya", ShortName: "KPU Surabaya", URL: "https://kpu-surabayakota.go.id"},
	{Slug: "kpu-kabupaten-malang", Name: "KPU Kabupaten Malang", ShortName: "KPU Kab. Malang", URL: "https://kpu-malangkab.go.id"},
	{Slug: "kpu-kota-malang", Name: "KPU Kota Malang", ShortName: "KPU Kota Malang", URL: "https://kpu-malangkota.go.id"},
	{Slug: "kpu-kabupaten-jember", Name: "KPU Kabupaten Jember", ShortName: "KPU Jember", URL: "https://kpu-jemberkab.go.id"},
	{Slug: "kpu-kabupaten-sidoarjo", Name: "KPU Kabupaten Sidoarjo", ShortName: "KPU Sidoarjo", URL: "https://kpu-sidoarjokab.go.id"},
	{Slug: "kpu-kabupaten-banyuwangi", Name: "KPU Kabupaten Banyuwangi", ShortName: "KPU Banyuwangi", URL: "https://kpu-banyuwangikab.go.id"},
	{Slug: "kpu-kota-kediri", Name: "KPU Kota Kediri", ShortName: "KPU Kota Kediri", URL: "https://kpu-kedirikota.go.id"},
	{Slug: "kpu-kabupaten-sumenep", Name: "KPU Kabupaten Sumenep", ShortName: "KPU Sumenep", URL: "https://kpu-sumenepkab.go.id"},
}

// ensureAgencies creates the demo agencies that do not exist yet (an admin
// may have added some already) and returns all agencies.
func ensureAgencies(ctx context.Context, db *store.DB) ([]warta.Agency, int, error) {
	created := 0
	for _, a := range agencies {
		if _, err := db.AgencyBySlug(ctx, a.Slug); err == nil {
			continue
		} else if warta.ErrorCode(err) != warta.ENotFound {
			return nil, 0, fmt.Errorf("demo: find agency %s: %w", a.Slug, err)
		}
		if err := db.CreateAgency(ctx, &a); err != nil {
			return nil, 0, fmt.Errorf("demo: create agency %s: %w", a.Slug, err)
		}
		created++
	}
	all, err := db.Agencies(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("demo: list agencies: %w", err)
	}
	return all, created, nil
}
