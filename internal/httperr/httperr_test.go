package httperr

import (
	"errors"
	"fmt"
	"testing"

	"github.com/kominfo-jatim/warta/internal/warta"
)

func TestStatus(t *testing.T) {
	for code, want := range map[string]int{warta.ENotFound: 404, warta.EInvalid: 400, warta.EConflict: 409,
		warta.EForbidden: 403, warta.EUnauthorized: 401, warta.ETooMany: 429, warta.EInternal: 500} {
		err := fmt.Errorf("wrapped: %w", warta.Errorf(code, "pesan"))
		if got := Status(err); got != want {
			t.Errorf("%s → %d, want %d", code, got, want)
		}
	}
	if Status(errors.New("disk penuh")) != 500 {
		t.Error("plain error is not 500")
	}
}
