package dissemination

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/kominfo-jatim/warta/internal/secretbox"
	"github.com/kominfo-jatim/warta/internal/warta"
)

// Channels are stored with their settings as a JSON object and their
// secrets as a JSON object of values sealed one by one, each bound to its
// channel and key: the keys stay readable without the secret key (to say
// which credentials a channel has), the values do not.

// ChannelInfo is a channel as staff see it: never its secrets' values.
type ChannelInfo struct {
	Channel             // Secrets is nil
	SecretKeys []string // the secrets it has, by name
	// Missing lists required settings and secrets it lacks; without a
	// required secret the channel runs dry.
	Missing []string
	DryRun  bool // runs dry: lacks a required secret, or dry_run is set
}

// channelRow is a channel as stored.
type channelRow struct {
	Channel
	sealed map[string]string
}

const channelSelect = `SELECT id, kind, name, settings, secrets, enabled, is_default FROM channels `

func scanChannel(row scanner) (*channelRow, error) {
	var c channelRow
	var settings, secrets string
	var enabled, def int
	if err := row.Scan(&c.ID, &c.Kind, &c.Name, &settings, &secrets, &enabled, &def); err != nil {
		return nil, err
	}
	c.Enabled, c.Default = enabled == 1, def == 1
	c.Settings, c.sealed = map[string]string{}, map[string]string{}
	if err := json.Unmarshal([]byte(settings), &c.Settings); err != nil {
		return nil, fmt.Errorf("channel %s: settings: %w", c.ID, err)
	}
	if secrets != "" {
		if err := json.Unmarshal([]byte(secrets), &c.sealed); err != nil {
			return nil, fmt.Errorf("channel %s: secrets: %w", c.ID, err)
		}
	}
	return &c, nil
}

// channel reads a channel that has not been removed, by ID or name.
func (e *Engine) channel(ctx context.Context, q sqlq, idOrName string) (*channelRow, error) {
	c, err := scanChannel(q.queryRow(ctx, channelSelect+"WHERE removed_at IS NULL AND (id = ? OR name = ?)", idOrName, idOrName))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, warta.Errorf(warta.ENotFound, "Kanal %q tidak ditemukan.", idOrName)
	} else if err != nil {
		return nil, fmt.Errorf("dissemination: get channel: %w", err)
	}
	return c, nil
}

// info describes a stored channel for staff.
func (e *Engine) info(c *channelRow) ChannelInfo {
	ch := c.Channel
	ch.Secrets = nil
	ch.Settings = maps.Clone(c.Settings)
	in := ChannelInfo{Channel: ch, SecretKeys: slices.Sorted(maps.Keys(c.sealed))}
	in.Missing, in.DryRun = e.missing(&c.Channel, c.sealed)
	return in
}

// missing lists the required settings and secrets c lacks, and whether it
// runs dry.
func (e *Engine) missing(c *Channel, secrets map[string]string) (missing []string, dry bool) {
	dry = isTrue(c.Settings["dry_run"])
	conn, ok := e.reg[c.Kind]
	if !ok {
		return nil, dry
	}
	settings, required := conn.Required()
	for _, k := range settings {
		if c.Settings[k] == "" {
			missing = append(missing, k)
		}
	}
	for _, k := range required {
		if secrets[k] == "" {
			missing = append(missing, k)
			dry = true
		}
	}
	return missing, dry
}

func isTrue(s string) bool {
	switch strings.ToLower(s) {
	case "1", "true", "ya", "yes", "on":
		return true
	}
	return false
}

// Channels lists the configured channels by name.
func (e *Engine) Channels(ctx context.Context) ([]ChannelInfo, error) {
	rows, err := e.q().query(ctx, channelSelect+"WHERE removed_at IS NULL ORDER BY name")
	if err != nil {
		return nil, fmt.Errorf("dissemination: list channels: %w", err)
	}
	defer rows.Close()
	var out []ChannelInfo
	for rows.Next() {
		c, err := scanChannel(rows)
		if err != nil {
			return nil, fmt.Errorf("dissemination: list channels: %w", err)
		}
		out = append(out, e.info(c))
	}
	return out, rows.Err()
}

// Channel returns one channel by ID or name.
func (e *Engine) Channel(ctx context.Context, idOrName string) (*ChannelInfo, error) {
	c, err := e.channel(ctx, e.q(), idOrName)
	if err != nil {
		return nil, err
	}
	in := e.info(c)
	return &in, nil
}

// Kinds lists the channel kinds this node can deliver to.
func (e *Engine) Kinds() []string { return slices.Sorted(maps.Keys(e.reg)) }

// AddChannel configures a new channel, setting ch.ID. The kind must be
// known and the name free; required settings must be given. Secrets are
// sealed, which needs the server's secret key; without required secrets
// the channel runs dry.
func (e *Engine) AddChannel(ctx context.Context, ch *Channel) error {
	ch.Name = strings.TrimSpace(ch.Name)
	if err := e.validate(ch); err != nil {
		return err
	}
	ch.ID = warta.NewID()
	sealed, err := e.seal(ch.ID, nil, ch.Secrets)
	if err != nil {
		return err
	}
	now := e.now().Unix()
	_, err = e.q().exec(ctx, `INSERT INTO channels (id, kind, name, settings, secrets, enabled, is_default, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, ch.ID, ch.Kind, ch.Name, settingsJSON(ch.Settings), sealedJSON(sealed),
		boolInt(ch.Enabled), boolInt(ch.Default), now, now)
	if err != nil {
		if e.nameTaken(ctx, ch.Name, "") {
			return &warta.Error{Code: warta.EConflict, Field: "name", Message: fmt.Sprintf("Nama kanal %q sudah dipakai.", ch.Name)}
		}
		return fmt.Errorf("dissemination: add channel: %w", err)
	}
	e.log.Info("channel added", "channel", ch.ID, "kind", ch.Kind, "name", ch.Name)
	return nil
}

// UpdateChannel saves a channel's name, settings, enabled and default
// flags. Its secrets are merged: a key given with a value replaces the
// stored one, a key given empty removes it, keys not given stay.
func (e *Engine) UpdateChannel(ctx context.Context, ch *Channel) error {
	cur, err := e.channel(ctx, e.q(), ch.ID)
	if err != nil {
		return err
	}
	ch.Name = strings.TrimSpace(ch.Name)
	ch.Kind = cur.Kind
	if err := e.validate(ch); err != nil {
		return err
	}
	sealed, err := e.seal(ch.ID, cur.sealed, ch.Secrets)
	if err != nil {
		return err
	}
	_, err = e.q().exec(ctx, `UPDATE channels SET name = ?, settings = ?, secrets = ?, enabled = ?, is_default = ?, updated_at = ?
		WHERE id = ? AND removed_at IS NULL`, ch.Name, settingsJSON(ch.Settings), sealedJSON(sealed),
		boolInt(ch.Enabled), boolInt(ch.Default), e.now().Unix(), ch.ID)
	if err != nil {
		if e.nameTaken(ctx, ch.Name, ch.ID) {
			return &warta.Error{Code: warta.EConflict, Field: "name", Message: fmt.Sprintf("Nama kanal %q sudah dipakai.", ch.Name)}
		}
		return fmt.Errorf("dissemination: update channel %s: %w", ch.ID, err)
	}
	e.limits.forget(ch.ID)
	return nil
}

// RemoveChannel stops delivering to a channel and wipes its credentials.
// Its deliveries stay in the history under its name; the name is free
// again.
func (e *Engine) RemoveChannel(ctx context.Context, idOrName string) error {
	c, err := e.channel(ctx, e.q(), idOrName)
	if err != nil {
		return err
	}
	now := e.now().Unix()
	if _, err := e.q().exec(ctx, `UPDATE channels SET removed_at = ?, updated_at = ?, secrets = '', enabled = 0, is_default = 0
		WHERE id = ?`, now, now, c.ID); err != nil {
		return fmt.Errorf("dissemination: remove channel %s: %w", c.ID, err)
	}
	e.log.Info("channel removed", "channel", c.ID, "name", c.Name)
	return nil
}

func (e *Engine) nameTaken(ctx context.Context, name, except string) bool {
	var id string
	err := e.q().queryRow(ctx, "SELECT id FROM channels WHERE name = ? AND removed_at IS NULL AND id <> ?", name, except).Scan(&id)
	return err == nil
}

// validate checks what every stored channel needs.
func (e *Engine) validate(ch *Channel) error {
	if ch.Name == "" {
		return &warta.Error{Code: warta.EInvalid, Field: "name", Message: "Nama kanal wajib diisi."}
	}
	if len([]rune(ch.Name)) > 80 {
		return &warta.Error{Code: warta.EInvalid, Field: "name", Message: "Nama kanal paling panjang 80 karakter."}
	}
	conn, ok := e.reg[ch.Kind]
	if !ok {
		return &warta.Error{Code: warta.EInvalid, Field: "kind", Message: fmt.Sprintf("Jenis kanal %q tidak dikenal. Pilih salah satu: %s.",
			ch.Kind, strings.Join(e.Kinds(), ", "))}
	}
	settings, _ := conn.Required()
	var lack []string
	for _, k := range settings {
		if strings.TrimSpace(ch.Settings[k]) == "" {
			lack = append(lack, k)
		}
	}
	if len(lack) > 0 {
		return &warta.Error{Code: warta.EInvalid, Field: "settings", Message: fmt.Sprintf("Kanal %s memerlukan pengaturan %s.",
			ch.Kind, strings.Join(lack, ", "))}
	}
	if v := ch.Settings["rate_per_minute"]; v != "" {
		if r, ok := parseRate(v); !ok || r <= 0 {
			return &warta.Error{Code: warta.EInvalid, Field: "settings", Message: "rate_per_minute harus bilangan lebih dari 0, mis. 20."}
		}
	}
	return nil
}

// seal returns the stored sealed secrets cur with updates applied: each
// non-empty value sealed for its channel and key, each empty one removed.
func (e *Engine) seal(channelID string, cur, updates map[string]string) (map[string]string, error) {
	out := maps.Clone(cur)
	if out == nil {
		out = map[string]string{}
	}
	for k, v := range updates {
		k = strings.TrimSpace(k)
		if k == "" {
			continue
		}
		if v == "" {
			delete(out, k)
			continue
		}
		s, err := e.box.Seal([]byte(v), channelID+"/"+k)
		if errors.Is(err, secretbox.ErrNoKey) {
			return nil, &warta.Error{Code: warta.EInvalid, Field: "secrets", Message: "Kredensial kanal hanya disimpan terenkripsi: " +
				"atur kunci rahasia server (WARTA_SECRET_KEY) lebih dulu, atau tambahkan kanal tanpa kredensial untuk uji kering."}
		} else if err != nil {
			return nil, err
		}
		out[k] = s
	}
	return out, nil
}

// open returns a channel ready for a connector: its secrets opened.
func (e *Engine) open(c *channelRow) (*Channel, error) {
	ch := c.Channel
	ch.Settings = maps.Clone(c.Settings)
	ch.Secrets = make(map[string]string, len(c.sealed))
	for k, s := range c.sealed {
		v, err := e.box.Open(s, c.ID+"/"+k)
		if err != nil {
			return nil, Permanent(fmt.Sprintf("Kredensial %q kanal %s tidak dapat dibuka: kunci rahasia server berbeda dari saat kredensial disimpan. "+
				"Isi ulang kredensial kanal.", k, c.Name), err)
		}
		ch.Secrets[k] = string(v)
	}
	return &ch, nil
}

// TestChannel checks a channel's credentials and settings with the
// connector's harmless API call, for real: it is an error for a channel
// that runs dry.
func (e *Engine) TestChannel(ctx context.Context, idOrName string) error {
	c, err := e.channel(ctx, e.q(), idOrName)
	if err != nil {
		return err
	}
	conn, ok := e.reg[c.Kind]
	if !ok {
		return warta.Errorf(warta.EInvalid, "Jenis kanal %q tidak dikenal di server ini.", c.Kind)
	}
	if missing, dry := e.missing(&c.Channel, c.sealed); dry {
		return warta.Errorf(warta.EInvalid, "Kanal %s berjalan kering (tidak mengirim): lengkapi %s.", c.Name, orDryRun(missing))
	}
	ch, err := e.open(c)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()
	return conn.Check(ctx, ch, e.client)
}

func orDryRun(missing []string) string {
	if len(missing) == 0 {
		return "atau matikan dry_run"
	}
	return "kredensial " + strings.Join(missing, ", ")
}

// SetArticleChannels records the editor's choice of channels for an
// article: exactly channelIDs, whatever the defaults say. Channels added
// later follow their defaults.
func (e *Engine) SetArticleChannels(ctx context.Context, articleID string, channelIDs []string) error {
	if _, err := e.db.ArticleByID(ctx, articleID); err != nil {
		return err
	}
	return e.setChoice(ctx, "article_channels", "article_id", articleID, channelIDs)
}

// SetAgencyChannels records an agency's default channels: its articles go
// to exactly channelIDs unless the editor chooses otherwise.
func (e *Engine) SetAgencyChannels(ctx context.Context, agencyID string, channelIDs []string) error {
	return e.setChoice(ctx, "agency_channels", "agency_id", agencyID, channelIDs)
}

func (e *Engine) setChoice(ctx context.Context, table, key, owner string, channelIDs []string) error {
	tx, err := e.db.SQL().BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("dissemination: choose channels: %w", err)
	}
	defer tx.Rollback()
	q := e.txq(tx)
	all, err := q.strings(ctx, "SELECT id FROM channels WHERE removed_at IS NULL")
	if err != nil {
		return fmt.Errorf("dissemination: choose channels: %w", err)
	}
	for _, id := range channelIDs {
		if !slices.Contains(all, id) {
			return &warta.Error{Code: warta.EInvalid, Field: "channels", Message: fmt.Sprintf("Kanal %q tidak ditemukan.", id)}
		}
	}
	for _, id := range all {
		if _, err := q.exec(ctx, fmt.Sprintf(`INSERT INTO %s (%s, channel_id, selected) VALUES (?, ?, ?)
			ON CONFLICT (%s, channel_id) DO UPDATE SET selected = excluded.selected`, table, key, key),
			owner, id, boolInt(slices.Contains(channelIDs, id))); err != nil {
			return fmt.Errorf("dissemination: choose channels: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("dissemination: choose channels: %w", err)
	}
	return nil
}

func settingsJSON(m map[string]string) string {
	if m == nil {
		return "{}"
	}
	return jsonText(m)
}

func sealedJSON(m map[string]string) string {
	if len(m) == 0 {
		return ""
	}
	return jsonText(m)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
