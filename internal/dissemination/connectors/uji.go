//go:build warta_uji

package connectors

import (
	"github.com/kominfo-jatim/warta/internal/dissemination"
	"github.com/kominfo-jatim/warta/internal/dissemination/uji"
)

// Built with -tags warta_uji, the binary also delivers to the test channel
// kind "uji", for the kill -9 test.
func init() {
	testOnly = append(testOnly, func() dissemination.Connector { return uji.New() })
}
