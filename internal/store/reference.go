package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// reference is the small, rarely changing data every page needs: regions,
// elections with their stages, agencies. It is loaded once and reloaded
// after a change to any of them.
type reference struct {
	regions      []warta.Region
	regionBySlug map[string]warta.Region
	elections    []warta.Election
	stageBySlug  map[string]warta.Stage
	agencies     []warta.Agency
	agencyByID   map[string]warta.Agency
	agencyBySlug map[string]warta.Agency
}

func (db *DB) invalidateReference() {
	db.mu.Lock()
	db.ref = nil
	db.mu.Unlock()
}

// reference returns the cached reference data, loading it when stale.
func (db *DB) reference(ctx context.Context) (*reference, error) {
	db.mu.Lock()
	ref := db.ref
	db.mu.Unlock()
	if ref != nil {
		return ref, nil
	}
	ref, err := db.loadReference(ctx)
	if err != nil {
		return nil, err
	}
	db.mu.Lock()
	db.ref = ref
	db.mu.Unlock()
	return ref, nil
}

func (db *DB) loadReference(ctx context.Context) (*reference, error) {
	ref := &reference{
		regionBySlug: map[string]warta.Region{},
		stageBySlug:  map[string]warta.Stage{},
		agencyByID:   map[string]warta.Agency{},
		agencyBySlug: map[string]warta.Agency{},
	}
	rows, err := db.query(ctx, "SELECT code, name, slug, kind FROM regions ORDER BY position")
	if err != nil {
		return nil, fmt.Errorf("store: load regions: %w", err)
	}
	for rows.Next() {
		var r warta.Region
		if err := rows.Scan(&r.Code, &r.Name, &r.Slug, &r.Kind); err != nil {
			rows.Close()
			return nil, err
		}
		ref.regions = append(ref.regions, r)
		ref.regionBySlug[r.Slug] = r
	}
	rows.Close()

	rows, err = db.query(ctx, "SELECT id, slug, name, voting_day FROM elections ORDER BY voting_day, slug")
	if err != nil {
		return nil, fmt.Errorf("store: load elections: %w", err)
	}
	idx := map[string]int{}
	for rows.Next() {
		var e warta.Election
		var day string
		if err := rows.Scan(&e.ID, &e.Slug, &e.Name, &day); err != nil {
			rows.Close()
			return nil, err
		}
		e.VotingDay = parseDay(day)
		idx[e.ID] = len(ref.elections)
		ref.elections = append(ref.elections, e)
	}
	rows.Close()

	rows, err = db.query(ctx, `SELECT id, election_id, slug, name, note, position, start_date, end_date
		FROM stages ORDER BY election_id, position`)
	if err != nil {
		return nil, fmt.Errorf("store: load stages: %w", err)
	}
	for rows.Next() {
		var s warta.Stage
		var start, end string
		if err := rows.Scan(&s.ID, &s.ElectionID, &s.Slug, &s.Name, &s.Note, &s.Position, &start, &end); err != nil {
			rows.Close()
			return nil, err
		}
		s.Start, s.End = parseDay(start), parseDay(end)
		if i, ok := idx[s.ElectionID]; ok {
			e := &ref.elections[i]
			s.ElectionSlug, s.ElectionName = e.Slug, e.Name
			e.Stages = append(e.Stages, s)
		}
		ref.stageBySlug[s.Slug] = s
	}
	rows.Close()

	rows, err = db.query(ctx, "SELECT id, slug, name, short_name, url FROM agencies ORDER BY name")
	if err != nil {
		return nil, fmt.Errorf("store: load agencies: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a warta.Agency
		if err := rows.Scan(&a.ID, &a.Slug, &a.Name, &a.ShortName, &a.URL); err != nil {
			return nil, err
		}
		ref.agencies = append(ref.agencies, a)
		ref.agencyByID[a.ID] = a
		ref.agencyBySlug[a.Slug] = a
	}
	return ref, rows.Err()
}

func parseDay(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", s, warta.Jakarta)
	if err != nil {
		return time.Time{}
	}
	return t
}

// Regions returns the province and its kabupaten/kota in Kemendagri order.
func (db *DB) Regions(ctx context.Context) ([]warta.Region, error) {
	ref, err := db.reference(ctx)
	if err != nil {
		return nil, err
	}
	return ref.regions, nil
}

// RegionBySlug returns the region with the slug, or an ENotFound error.
func (db *DB) RegionBySlug(ctx context.Context, slug string) (warta.Region, error) {
	ref, err := db.reference(ctx)
	if err != nil {
		return warta.Region{}, err
	}
	r, ok := ref.regionBySlug[slug]
	if !ok {
		return r, warta.Errorf(warta.ENotFound, "Wilayah %q tidak ditemukan.", slug)
	}
	return r, nil
}

// Elections returns every election with its stages, oldest voting day first.
func (db *DB) Elections(ctx context.Context) ([]warta.Election, error) {
	ref, err := db.reference(ctx)
	if err != nil {
		return nil, err
	}
	return ref.elections, nil
}

// StageBySlug returns the stage with the slug, or an ENotFound error.
func (db *DB) StageBySlug(ctx context.Context, slug string) (warta.Stage, error) {
	ref, err := db.reference(ctx)
	if err != nil {
		return warta.Stage{}, err
	}
	s, ok := ref.stageBySlug[slug]
	if !ok {
		return s, warta.Errorf(warta.ENotFound, "Tahapan %q tidak ditemukan.", slug)
	}
	return s, nil
}

// Agencies returns every agency by name.
func (db *DB) Agencies(ctx context.Context) ([]warta.Agency, error) {
	ref, err := db.reference(ctx)
	if err != nil {
		return nil, err
	}
	return ref.agencies, nil
}

// AgencyBySlug returns the agency with the slug, or an ENotFound error.
func (db *DB) AgencyBySlug(ctx context.Context, slug string) (warta.Agency, error) {
	ref, err := db.reference(ctx)
	if err != nil {
		return warta.Agency{}, err
	}
	a, ok := ref.agencyBySlug[slug]
	if !ok {
		return a, warta.Errorf(warta.ENotFound, "Sumber %q tidak ditemukan.", slug)
	}
	return a, nil
}

// CreateAgency stores a new agency, assigning its ID.
func (db *DB) CreateAgency(ctx context.Context, a *warta.Agency) error {
	if a.Name == "" || !warta.ValidSlug(a.Slug) {
		return &warta.Error{Code: warta.EInvalid, Message: "Nama dan slug instansi wajib diisi dengan benar.", Field: "slug"}
	}
	if a.ShortName == "" {
		a.ShortName = a.Name
	}
	a.ID = warta.NewID()
	if _, err := db.exec(ctx, "INSERT INTO agencies (id, slug, name, short_name, url) VALUES (?, ?, ?, ?, ?)",
		a.ID, a.Slug, a.Name, a.ShortName, a.URL); err != nil {
		if isUniqueViolation(err) {
			return &warta.Error{Code: warta.EConflict, Message: "Slug instansi sudah dipakai.", Field: "slug"}
		}
		return fmt.Errorf("store: create agency: %w", err)
	}
	db.invalidateReference()
	return nil
}

// CreateElection stores a new election with its stages, assigning IDs. Stage
// slugs are prefixed with the election's slug when they are not already.
func (db *DB) CreateElection(ctx context.Context, e *warta.Election) error {
	if e.Name == "" || !warta.ValidSlug(e.Slug) || e.VotingDay.IsZero() {
		return &warta.Error{Code: warta.EInvalid, Message: "Nama, slug dan hari pemungutan suara wajib diisi.", Field: "slug"}
	}
	e.ID = warta.NewID()
	err := db.tx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, "INSERT INTO elections (id, slug, name, voting_day) VALUES (?, ?, ?, ?)",
			e.ID, e.Slug, e.Name, e.VotingDay.In(warta.Jakarta).Format("2006-01-02")); err != nil {
			return err
		}
		for i := range e.Stages {
			s := &e.Stages[i]
			if s.End.Before(s.Start) {
				return &warta.Error{Code: warta.EInvalid, Message: fmt.Sprintf("Tahapan %q berakhir sebelum dimulai.", s.Name), Field: "stages"}
			}
			s.ID, s.ElectionID, s.Position = warta.NewID(), e.ID, i
			if len(s.Slug) < len(e.Slug) || s.Slug[:len(e.Slug)] != e.Slug {
				s.Slug = e.Slug + "-" + s.Slug
			}
			if _, err := tx.exec(ctx, `INSERT INTO stages (id, election_id, slug, name, note, position, start_date, end_date)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, s.ID, e.ID, s.Slug, s.Name, s.Note, i,
				s.Start.In(warta.Jakarta).Format("2006-01-02"), s.End.In(warta.Jakarta).Format("2006-01-02")); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		if isUniqueViolation(err) {
			return &warta.Error{Code: warta.EConflict, Message: "Slug pemilihan atau tahapan sudah dipakai.", Field: "slug"}
		}
		return fmt.Errorf("store: create election: %w", err)
	}
	db.invalidateReference()
	db.changed()
	return nil
}
