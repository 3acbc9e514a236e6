package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kominfo-jatim/warta/internal/store"
	"github.com/kominfo-jatim/warta/internal/store/storetest"
	"github.com/kominfo-jatim/warta/internal/warta"
)

func TestAttemptsAndTOTPSteps(t *testing.T) {
	storetest.Each(t, store.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		t0 := time.Date(2024, 2, 14, 3, 0, 0, 0, time.UTC)
		for i := 0; i < 4; i++ {
			if err := db.RecordAttempt(ctx, "email:a@b.example", t0.Add(time.Duration(i)*10*time.Minute), 15*time.Minute); err != nil {
				t.Fatal(err)
			}
		}
		db.RecordAttempt(ctx, "ip:192.0.2.1", t0, 15*time.Minute)
		// Recording at +30 min dropped the attempts from before +15 min.
		var n int
		db.SQL().QueryRow(db.Rebind("SELECT COUNT(*) FROM login_attempts WHERE attempt_key = ?"), "email:a@b.example").Scan(&n)
		if n != 2 {
			t.Errorf("%d attempts kept, want 2 (older ones pruned)", n)
		}
		got, err := db.RecentAttempts(ctx, "email:a@b.example", t0.Add(15*time.Minute), 5)
		if err != nil || len(got) != 2 || !got[0].Equal(t0.Add(30*time.Minute)) {
			t.Errorf("RecentAttempts = %v, %v; want the two newest, newest first", got, err)
		}
		db.ClearAttempts(ctx, "email:a@b.example")
		if got, _ := db.RecentAttempts(ctx, "email:a@b.example", t0, 5); len(got) != 0 {
			t.Errorf("after clear: %v", got)
		}
		if got, _ := db.RecentAttempts(ctx, "ip:192.0.2.1", t0, 5); len(got) != 1 {
			t.Errorf("clearing one key touched another: %v", got)
		}

		u := &warta.User{Email: "r@kominfo.example", Name: "R", Role: warta.RoleEditor}
		if err := db.CreateUser(ctx, u, "kata-sandi-panjang"); err != nil {
			t.Fatal(err)
		}
		if err := db.SetTOTP(ctx, u.ID, "plain:ABC", true); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			step int64
			ok   bool
		}{{100, true}, {100, false}, {99, false}, {101, true}} {
			if ok, err := db.UseTOTPStep(ctx, u.ID, c.step); err != nil || ok != c.ok {
				t.Errorf("UseTOTPStep(%d) = %v, %v; want %v", c.step, ok, err, c.ok)
			}
		}
		if secret, on, err := db.UserTOTP(ctx, u.ID); err != nil || secret != "plain:ABC" || !on {
			t.Errorf("UserTOTP = %q %v %v", secret, on, err)
		}
		if got, err := db.UserByEmail(ctx, " R@Kominfo.example"); err != nil || got.ID != u.ID {
			t.Errorf("UserByEmail = %+v, %v", got, err)
		}
	})
}
