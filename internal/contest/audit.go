package contest

import (
	"context"
	"encoding/json"

	"github.com/kominfo-jatim/warta/internal/newsroom"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// audit records a staff decision (a contest saved, an entry accepted or
// rejected, votes reviewed, a conflict declared, the announcement drafted)
// in the audit log with the client address the studio put in ctx. The
// decision already stands, so a failure to record it is logged, not
// returned.
func (s *Service) audit(ctx context.Context, u *warta.User, action, objectType, objectID string, detail map[string]any) {
	b, err := json.Marshal(detail)
	if err != nil {
		b = []byte("{}")
	}
	e := &warta.AuditEntry{At: s.clock(), Actor: u.ID, Action: action, ObjectType: objectType, ObjectID: objectID,
		Detail: string(b), IP: newsroom.ClientIP(ctx)}
	if err := s.db.RecordAudit(ctx, e); err != nil {
		s.log.Error("contest: audit", "action", action, "object", objectID, "err", err)
	}
}
