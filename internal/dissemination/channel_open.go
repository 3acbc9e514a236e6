package dissemination

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// OpenChannelByKind returns the first enabled channel of the kind with its
// secrets decrypted, or nil when none is configured. Webhook handlers that
// answer citizens on a channel (WhatsApp, Telegram) use it.
func (e *Engine) OpenChannelByKind(ctx context.Context, kind string) (*Channel, error) {
	c, err := scanChannel(e.q().queryRow(ctx, channelSelect+"WHERE removed_at IS NULL AND enabled = 1 AND kind = ? ORDER BY name LIMIT 1", kind))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("dissemination: open %s channel: %w", kind, err)
	}
	return e.open(c)
}
