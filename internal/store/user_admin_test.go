package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

func TestUserAdmin(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		kpu := warta.Agency{Slug: "kpu-jatim", Name: "KPU Provinsi Jawa Timur"}
		if err := db.CreateAgency(ctx, &kpu); err != nil {
			t.Fatal(err)
		}
		u := &warta.User{Email: "rina@kominfo.example", Name: "Rina", Role: warta.RoleEditor}
		if err := db.CreateUser(ctx, u, "kata-sandi-panjang-1"); err != nil {
			t.Fatal(err)
		}

		// A contributor needs an agency, and it must exist.
		if _, err := db.SetUserRole(ctx, u.ID, warta.RoleContributor, ""); warta.ErrorCode(err) != warta.EInvalid {
			t.Errorf("contributor without agency: %v, want EInvalid", err)
		}
		if _, err := db.SetUserRole(ctx, u.ID, warta.RoleContributor, "01HXXXXXXXXXXXXXXXXXXXXXXX"); warta.ErrorCode(err) != warta.EInvalid {
			t.Errorf("unknown agency: %v, want EInvalid", err)
		}
		if _, err := db.SetUserRole(ctx, u.ID, "redaktur", ""); warta.ErrorCode(err) != warta.EInvalid {
			t.Errorf("unknown role: %v, want EInvalid", err)
		}
		before, err := db.SetUserRole(ctx, u.ID, warta.RoleContributor, kpu.ID)
		if err != nil || before.Role != warta.RoleEditor {
			t.Fatalf("SetUserRole = %+v, %v", before, err)
		}
		got, _ := db.UserByID(ctx, u.ID)
		if got.Role != warta.RoleContributor || got.AgencyID != kpu.ID {
			t.Errorf("after SetUserRole: %+v", got)
		}
		if _, err := db.SetUserRole(ctx, "nobody", warta.RoleEditor, ""); warta.ErrorCode(err) != warta.ENotFound {
			t.Errorf("unknown user: %v, want ENotFound", err)
		}

		// A disabled account cannot sign in; enabled again, it can.
		if err := db.SetUserDisabled(ctx, u.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CheckPassword(ctx, u.Email, "kata-sandi-panjang-1"); warta.ErrorCode(err) != warta.EUnauthorized {
			t.Errorf("disabled login: %v", err)
		}
		if got, _ := db.UserByID(ctx, u.ID); !got.Disabled {
			t.Error("user not disabled")
		}
		if err := db.SetUserDisabled(ctx, u.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CheckPassword(ctx, u.Email, "kata-sandi-panjang-1"); err != nil {
			t.Errorf("enabled login: %v", err)
		}
		if err := db.SetUserDisabled(ctx, "nobody", true); warta.ErrorCode(err) != warta.ENotFound {
			t.Errorf("disable unknown user: %v", err)
		}
	})
}

func TestListMedia(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		base := time.Date(2024, 2, 1, 3, 0, 0, 0, time.UTC)
		// Five images, two of them in the same second, so the keyset must
		// break ties by id.
		for i := range 5 {
			at := base.Add(time.Duration(i) * time.Minute)
			if i == 4 {
				at = base.Add(3 * time.Minute)
			}
			m := &warta.Media{ID: warta.NewIDAt(at), Key: fmt.Sprintf("2024/02/%d.jpg", i), MIME: "image/jpeg",
				Width: 800, Height: 600, Alt: fmt.Sprintf("foto %d", i), Variants: []int{320, 640}, CreatedAt: at}
			if err := db.CreateMedia(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		var seen []string
		var after *warta.Cursor
		for pages := 0; ; pages++ {
			page, err := db.ListMedia(ctx, after, 2)
			if err != nil {
				t.Fatal(err)
			}
			if pages > 5 || len(page.Media) > 2 {
				t.Fatalf("paging runs away: page %d has %d", pages, len(page.Media))
			}
			for _, m := range page.Media {
				seen = append(seen, m.Alt)
				if len(m.Variants) != 2 || m.Width != 800 {
					t.Errorf("media %+v", m)
				}
			}
			if page.Next == nil {
				break
			}
			after = page.Next
		}
		if len(seen) != 5 || seen[len(seen)-1] != "foto 0" || seen[0] == "foto 0" {
			t.Errorf("media newest first over pages: %v", seen)
		}
		dup := map[string]bool{}
		for _, s := range seen {
			if dup[s] {
				t.Errorf("%s listed twice: %v", s, seen)
			}
			dup[s] = true
		}
	})
}
