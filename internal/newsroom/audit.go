package newsroom

import (
	"context"
	"fmt"
	"strings"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// Audit returns the audit log, newest first, filtered. Only admins may read
// it.
func (s *Service) Audit(ctx context.Context, u *warta.User, f warta.AuditFilter) (warta.AuditPage, error) {
	if err := viewer(u); err != nil {
		return warta.AuditPage{}, err
	}
	if u.Role != warta.RoleAdmin {
		return warta.AuditPage{}, &warta.Error{Code: warta.EForbidden, Message: "Hanya admin yang dapat membaca log audit."}
	}
	return s.db.ListAudit(ctx, f)
}

// RecordAudit appends an entry to the audit log for changes made outside
// the newsroom: logins, accounts, roles, tokens. actor is a user ID or
// warta.ActorSystem; detail is free text or a JSON object; ip may be "".
func (s *Service) RecordAudit(ctx context.Context, actor, action, objectType, objectID, detail, ip string) error {
	if strings.TrimSpace(actor) == "" || strings.TrimSpace(action) == "" {
		return fmt.Errorf("newsroom: record audit: actor and action are required")
	}
	if ip == "" {
		ip = ClientIP(ctx)
	}
	e := &warta.AuditEntry{At: s.clock(), Actor: actor, Action: action, ObjectType: objectType,
		ObjectID: objectID, Detail: detail, IP: ip}
	if err := s.db.RecordAudit(ctx, e); err != nil {
		return fmt.Errorf("newsroom: %w", err)
	}
	return nil
}
