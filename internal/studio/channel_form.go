package studio

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/kominfo-jatim/warta/internal/dissemination"
)

// channelFields are the channel form's inputs that the engine's errors may
// name.
var channelFields = []string{"kind", "name", "settings", "secrets"}

// newSecretRows is how many blank name-and-value pairs the form offers for
// credentials.
const newSecretRows = 3

// channelForm is the view of the fields the add and edit forms share.
// Credentials are password inputs that always start empty: a stored
// secret is never sent back to the browser.
type channelForm struct {
	Form    *form
	New     bool
	Kinds   []string       // to choose from, when adding
	Stored  []storedSecret // when editing: the channel's credentials
	NewRows []newSecret    // rows for credentials to add
}

// newSecret is a row for a credential to add: its name as typed, never its
// value.
type newSecret struct {
	N    int
	Name string
}

// storedSecret is one credential of a channel being edited.
type storedSecret struct {
	Key     string
	Missing bool // required but not given: the channel runs dry without it
}

func newChannelForm(f *form, isNew bool, kinds []string, stored []storedSecret) channelForm {
	cf := channelForm{Form: f, New: isNew, Kinds: kinds, Stored: stored}
	names := f.Values["rahasia_nama"]
	for i := range newSecretRows {
		row := newSecret{N: i + 1}
		if i < len(names) {
			row.Name = names[i]
		}
		cf.NewRows = append(cf.NewRows, row)
	}
	return cf
}

// channelValues fills the edit form from a stored channel.
func channelValues(in *dissemination.ChannelInfo) *form {
	f := newForm(nil)
	f.Values.Set("name", in.Name)
	f.Values.Set("settings", settingsText(in.Settings))
	if in.Enabled {
		f.Values.Set("aktif", "1")
	}
	if in.Default {
		f.Values.Set("bawaan", "1")
	}
	return f
}

// storedSecrets are the credentials the edit form offers a field for: those
// the channel has and the required ones it lacks. Settings the channel lacks
// are not among them: the engine refuses to store a channel without them.
func storedSecrets(in *dissemination.ChannelInfo) []storedSecret {
	var out []storedSecret
	for _, k := range in.SecretKeys {
		out = append(out, storedSecret{Key: k})
	}
	for _, k := range in.Missing {
		if _, isSetting := in.Settings[k]; !isSetting && !slices.Contains(in.SecretKeys, k) {
			out = append(out, storedSecret{Key: k, Missing: true})
		}
	}
	return out
}

// settingsText is settings as the form's key=value lines.
func settingsText(m map[string]string) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(m)) {
		fmt.Fprintf(&b, "%s=%s\n", k, m[k])
	}
	return b.String()
}

var settingKey = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// channelFromForm reads the name, flags, settings and credentials the form
// gives into ch, recording on f what is wrong with them. stored are the
// credentials of a channel being edited: one left blank is kept, one ticked
// for removal is removed. It returns the change for the audit log, which
// names credentials but never holds their values.
func channelFromForm(f *form, ch *dissemination.Channel, stored []storedSecret) map[string]any {
	ch.Name = strings.TrimSpace(f.Get("name"))
	ch.Enabled = f.Get("aktif") != ""
	ch.Default = f.Get("bawaan") != ""
	ch.Settings = parseSettings(f)
	ch.Secrets = map[string]string{}
	set, removed := []string{}, []string{}
	for _, s := range stored {
		if f.Has("hapus_rahasia", s.Key) {
			ch.Secrets[s.Key] = ""
			removed = append(removed, s.Key)
		} else if v := strings.TrimSpace(f.Get("rahasia." + s.Key)); v != "" {
			ch.Secrets[s.Key] = v
			set = append(set, s.Key)
		}
	}
	names, values := f.Values["rahasia_nama"], f.Values["rahasia_nilai"]
	for i, name := range names {
		name = strings.TrimSpace(name)
		value := ""
		if i < len(values) {
			value = strings.TrimSpace(values[i])
		}
		switch {
		case name == "" && value == "":
		case name == "":
			f.Set("secrets", "Beri nama kredensial yang nilainya Anda isi, mis. bot_token.")
		case !settingKey.MatchString(name):
			f.Set("secrets", fmt.Sprintf("Nama kredensial %q hanya boleh berisi huruf kecil, angka dan garis bawah, mis. bot_token.", name))
		case value == "":
			f.Set("secrets", fmt.Sprintf("Isi nilai kredensial %s, atau kosongkan namanya.", name))
		default:
			ch.Secrets[name] = value
			set = append(set, name)
		}
	}
	secretKeys := slices.Collect(maps.Keys(ch.Secrets))
	for _, s := range stored {
		secretKeys = append(secretKeys, s.Key)
	}
	for _, k := range secretKeys {
		if _, dup := ch.Settings[k]; dup {
			f.Set("settings", fmt.Sprintf("%s adalah kredensial: isi di kolom kredensial agar disimpan terenkripsi, bukan di pengaturan.", k))
		}
	}
	return map[string]any{"kind": ch.Kind, "name": ch.Name, "enabled": ch.Enabled, "default": ch.Default,
		"settings": ch.Settings, "secrets_set": set, "secrets_removed": removed}
}

// parseSettings reads the settings field: one key=value a line; blank
// lines and lines starting with # are skipped.
func parseSettings(f *form) map[string]string {
	out := map[string]string{}
	for i, line := range strings.Split(f.Get("settings"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		switch {
		case !ok || !settingKey.MatchString(k):
			f.Set("settings", fmt.Sprintf("Baris %d tidak berbentuk kunci=nilai, mis. chat_id=@wartajatim.", i+1))
		case out[k] != "":
			f.Set("settings", fmt.Sprintf("Pengaturan %s tertulis dua kali.", k))
		case v != "":
			out[k] = v
		}
	}
	return out
}
