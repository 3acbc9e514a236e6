package clinic

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"

	"github.com/kominfo-jatim/warta/internal/store"
)

// A reporter often signs a forwarded message or types their own number
// into it ("hubungi saya di 0812…"). Erasing a person therefore also masks
// their address wherever it appears in the text of their own reports; the
// rest of the text stays, since it is the claim being checked.

// redacted replaces an erased address in report text.
const redacted = "[dihapus]"

// addressPattern matches the spellings of a normalised contact address in
// free text: an email in any case; a WhatsApp number as +62 812-…, 62812…
// or 0812… with spaces, dots or dashes between digits; a Telegram chat id
// as written. It returns nil when there is nothing to look for.
func addressPattern(kind, address string) *regexp.Regexp {
	switch kind {
	case "email":
		return regexp.MustCompile(`(?i)` + regexp.QuoteMeta(address))
	case "whatsapp":
		d := strings.TrimPrefix(address, "+")
		national, ok := strings.CutPrefix(d, "62")
		prefix := `(?:\+?62|0)`
		if !ok {
			national, prefix = d, `\+?`
		}
		digits := make([]string, len(national))
		for i, c := range national {
			digits[i] = string(c)
		}
		return regexp.MustCompile(`(?:^|\D)(` + prefix + `[\s.()-]*` + strings.Join(digits, `[\s.()-]{0,2}`) + `)(?:\D|$)`)
	case "telegram":
		return regexp.MustCompile(`(?:^|\D)(` + regexp.QuoteMeta(address) + `)(?:\D|$)`)
	}
	return nil
}

// redactAddress masks every match of re in text.
func redactAddress(re *regexp.Regexp, text string) string {
	if re == nil || text == "" {
		return text
	}
	if re.NumSubexp() == 0 {
		return re.ReplaceAllString(text, redacted)
	}
	// Replace the number only, keeping the character before and after it.
	var b strings.Builder
	last := 0
	for _, m := range re.FindAllStringSubmatchIndex(text, -1) {
		b.WriteString(text[last:m[2]])
		b.WriteString(redacted)
		last = m[3]
	}
	b.WriteString(text[last:])
	return b.String()
}

// redactReports masks the address in the text of the reports that carry
// the contact, inside the erasure's transaction.
func redactReports(ctx context.Context, t *sql.Tx, db *store.DB, contactID string, address *regexp.Regexp) error {
	rows, err := t.QueryContext(ctx, db.Rebind("SELECT id, body FROM clinic_reports WHERE contact_id = ?"), contactID)
	if err != nil {
		return fmt.Errorf("clinic: redact reports: %w", err)
	}
	type change struct{ id, body string }
	var changes []change
	for rows.Next() {
		var id, body string
		if err := rows.Scan(&id, &body); err != nil {
			rows.Close()
			return fmt.Errorf("clinic: redact reports: %w", err)
		}
		if masked := redactAddress(address, body); masked != body {
			changes = append(changes, change{id, masked})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("clinic: redact reports: %w", err)
	}
	for _, c := range changes {
		if _, err := t.ExecContext(ctx, db.Rebind("UPDATE clinic_reports SET body = ? WHERE id = ?"), c.body, c.id); err != nil {
			return fmt.Errorf("clinic: redact reports: %w", err)
		}
	}
	// A claim opened by one of these reports took its title from the text.
	rows, err = t.QueryContext(ctx, db.Rebind(`SELECT id, title FROM clinic_claims
		WHERE id IN (SELECT claim_id FROM clinic_reports WHERE contact_id = ?)`), contactID)
	if err != nil {
		return fmt.Errorf("clinic: redact claims: %w", err)
	}
	changes = changes[:0]
	for rows.Next() {
		var id, title string
		if err := rows.Scan(&id, &title); err != nil {
			rows.Close()
			return fmt.Errorf("clinic: redact claims: %w", err)
		}
		if masked := redactAddress(address, title); masked != title {
			changes = append(changes, change{id, masked})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("clinic: redact claims: %w", err)
	}
	for _, c := range changes {
		if _, err := t.ExecContext(ctx, db.Rebind("UPDATE clinic_claims SET title = ? WHERE id = ?"), c.body, c.id); err != nil {
			return fmt.Errorf("clinic: redact claims: %w", err)
		}
	}
	return nil
}
