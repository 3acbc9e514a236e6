package whatsapp

import (
	"slices"
	"strings"
	"unicode"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// command is a subscription keyword a person sent.
type command struct {
	stop    bool
	regions []warta.Region // for DAFTAR; empty means all of Jawa Timur
}

// parseCommand recognises "DAFTAR [regions…]" and "BERHENTI" (or "STOP").
// Anything else is not a command and goes to the Inbound hook: "daftar" is
// also the Indonesian word for "list", so "Daftar pemilih tetap di
// Surabaya…" is a report for the clinic, not a sign-up. A DAFTAR message
// is a command only when every word after it names a kabupaten/kota (with
// an optional "kota"/"kab"/"kabupaten"), the province, or "semua".
// "Malang" alone means both Kabupaten and Kota Malang.
func parseCommand(text string, regions []warta.Region) *command {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	if len(words) == 0 {
		return nil
	}
	switch words[0] {
	case "berhenti", "stop", "unsubscribe":
		if len(words) == 1 {
			return &command{stop: true}
		}
		return nil
	case "daftar":
	default:
		return nil
	}
	type name struct {
		words  []string
		region warta.Region
	}
	var names []name
	for _, r := range regions {
		if r.Kind != warta.RegionProvinsi {
			names = append(names, name{strings.Fields(strings.ToLower(r.ShortName())), r})
		}
	}
	cmd := &command{}
	all, qualifier := false, ""
	chosen := map[string]bool{}
	for i := 1; i < len(words); {
		w := words[i]
		switch {
		case w == "dan" || w == "provinsi" || w == "prov":
			i++
			continue
		case w == "kota":
			qualifier, i = warta.RegionKota, i+1
			continue
		case w == "kab" || w == "kabupaten":
			qualifier, i = warta.RegionKabupaten, i+1
			continue
		case w == "semua" || w == "jatim":
			all, i = true, i+1
			continue
		case w == "jawa" && i+1 < len(words) && words[i+1] == "timur":
			all, i = true, i+2
			continue
		}
		longest := 0
		var found []warta.Region
		for _, n := range names {
			if len(n.words) < longest || i+len(n.words) > len(words) || !slices.Equal(words[i:i+len(n.words)], n.words) {
				continue
			}
			if len(n.words) > longest {
				longest, found = len(n.words), nil
			}
			found = append(found, n.region)
		}
		if longest == 0 {
			return nil
		}
		if qualifier != "" {
			var kept []warta.Region
			for _, r := range found {
				if r.Kind == qualifier {
					kept = append(kept, r)
				}
			}
			if len(kept) > 0 {
				found = kept
			}
		}
		for _, r := range found {
			if !chosen[r.Slug] {
				chosen[r.Slug] = true
				cmd.regions = append(cmd.regions, r)
			}
		}
		qualifier, i = "", i+longest
	}
	if all {
		cmd.regions = nil
	}
	return cmd
}
