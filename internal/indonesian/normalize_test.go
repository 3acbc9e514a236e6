package indonesian

import (
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  Pemilu   2024\n\n\tJATIM ", "pemilu 2024 jatim"},
		{"Hé “Quoted” ‘single’ – dash…", `he "quoted" 'single' - dash...`},
		{"𝐇𝐎𝐀𝐊𝐒 ＰＥＭＩＬＵ 🅗🅞🅐🅚🅢 ʜᴏᴀᴋs", "hoaks pemilu hoaks hoaks"},
		{"SEBARKAN!!! 😡👍🏽🇮🇩 #pemilu", "sebarkan!!! #pemilu"},
		{"zero\u200bwidth\u200d joiner\ufeff soft\u00adhyphen", "zerowidth joiner softhyphen"},
		{"control\x00\x07chars\x7f", "controlchars"},
		{"bad \xff\xfe\xfd bytes \xe2\x82", "bad \uFFFD bytes \uFFFD"},
		{"e\u0301 decomposed, Ñ composed, straße", "e decomposed, n composed, strasse"},
		{"nbsp\u00a0and\u3000ideographic space", "nbsp and ideographic space"},
		{"", ""},
		{" \n\t ", ""},
	}
	for _, tt := range tests {
		got := Normalize(tt.in)
		if got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if !utf8.ValidString(got) {
			t.Errorf("Normalize(%q) = %q is not valid UTF-8", tt.in, got)
		}
	}
}
