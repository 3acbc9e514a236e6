package newsroom

import (
	"strings"
	"unicode"

	"github.com/kominfo-jatim/warta/internal/warta"
)

// The diff is written here rather than taken from a module: article texts
// are a few hundred lines at most, so a plain longest-common-subsequence
// table is fast enough, and the studio wants lines paired with their word
// changes, which character-level libraries such as go-diff leave to the
// caller anyway.

// DiffOp says what happened to a piece of text between two versions.
type DiffOp string

// Diff operations.
const (
	DiffEqual  DiffOp = "equal"
	DiffDelete DiffOp = "delete"
	DiffInsert DiffOp = "insert"
)

// DiffLine is one line of a comparison. A changed line is shown as the old
// line (DiffDelete) and then the new one (DiffInsert); when the two can be
// paired, Spans tells which words changed within each.
type DiffLine struct {
	Field string // "title", "dek" or "body"
	Op    DiffOp
	Text  string
	Spans []DiffSpan // nil when the whole line is equal, removed or added
}

// DiffSpan is a run of words within a changed line.
type DiffSpan struct {
	Op   DiffOp
	Text string
}

// DiffRevisions compares the title, dek and body of two versions.
func DiffRevisions(from, to warta.Revision) []DiffLine {
	var out []DiffLine
	out = append(out, diffField("title", from.Title, to.Title)...)
	out = append(out, diffField("dek", from.Dek, to.Dek)...)
	out = append(out, diffField("body", from.Body, to.Body)...)
	return out
}

// DiffText compares two texts line by line and, within paired changed
// lines, word by word.
func DiffText(from, to string) []DiffLine { return diffField("", from, to) }

func diffField(field, from, to string) []DiffLine {
	var out []DiffLine
	edits := diffTokens(splitLines(from), splitLines(to))
	for i := 0; i < len(edits); {
		if edits[i].op == DiffEqual {
			out = append(out, DiffLine{Field: field, Op: DiffEqual, Text: edits[i].text})
			i++
			continue
		}
		// A run of changes: old lines first, then new ones, pairing the
		// k-th removed line with the k-th added one for word detail.
		var dels, ins []string
		for ; i < len(edits) && edits[i].op != DiffEqual; i++ {
			if edits[i].op == DiffDelete {
				dels = append(dels, edits[i].text)
			} else {
				ins = append(ins, edits[i].text)
			}
		}
		delLines := make([]DiffLine, len(dels))
		insLines := make([]DiffLine, len(ins))
		for k, t := range dels {
			delLines[k] = DiffLine{Field: field, Op: DiffDelete, Text: t}
		}
		for k, t := range ins {
			insLines[k] = DiffLine{Field: field, Op: DiffInsert, Text: t}
		}
		for k := 0; k < len(dels) && k < len(ins); k++ {
			delLines[k].Spans, insLines[k].Spans = diffWords(dels[k], ins[k])
		}
		out = append(out, delLines...)
		out = append(out, insLines...)
	}
	return out
}

// diffWords returns the spans of the old line (equal and deleted words) and
// of the new line (equal and inserted words).
func diffWords(from, to string) (oldSpans, newSpans []DiffSpan) {
	for _, e := range diffTokens(splitWords(from), splitWords(to)) {
		if e.op != DiffInsert {
			oldSpans = appendSpan(oldSpans, e.op, e.text)
		}
		if e.op != DiffDelete {
			newSpans = appendSpan(newSpans, e.op, e.text)
		}
	}
	return joinChanges(oldSpans), joinChanges(newSpans)
}

// joinChanges merges two changes separated only by a space into one, so
// that "[-1.000-] [-lembar.-]" reads "[-1.000 lembar.-]".
func joinChanges(spans []DiffSpan) []DiffSpan {
	out := spans[:0]
	for i := 0; i < len(spans); i++ {
		n := len(out)
		if n > 0 && i+1 < len(spans) && spans[i].Op == DiffEqual && strings.TrimSpace(spans[i].Text) == "" &&
			out[n-1].Op != DiffEqual && spans[i+1].Op == out[n-1].Op {
			out[n-1].Text += spans[i].Text + spans[i+1].Text
			i++
			continue
		}
		out = append(out, spans[i])
	}
	return out
}

func appendSpan(spans []DiffSpan, op DiffOp, text string) []DiffSpan {
	if n := len(spans); n > 0 && spans[n-1].Op == op {
		spans[n-1].Text += text
		return spans
	}
	return append(spans, DiffSpan{Op: op, Text: text})
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
}

// splitWords cuts a line into words and the spaces between them, so that
// joining the pieces gives the line back.
func splitWords(s string) []string {
	var out []string
	start, inSpace := 0, false
	for i, r := range s {
		space := unicode.IsSpace(r)
		if i > start && space != inSpace {
			out = append(out, s[start:i])
			start = i
		}
		inSpace = space
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

type edit struct {
	op   DiffOp
	text string
}

// maxTable bounds the LCS table; beyond it the changed middle of the texts
// is shown as removed and re-added whole.
const maxTable = 4 << 20

// diffTokens returns an edit script from a to b: a longest common
// subsequence kept equal, with deletions before insertions where they meet.
func diffTokens(a, b []string) []edit {
	var head, tail []edit
	for len(a) > 0 && len(b) > 0 && a[0] == b[0] {
		head = append(head, edit{DiffEqual, a[0]})
		a, b = a[1:], b[1:]
	}
	for len(a) > 0 && len(b) > 0 && a[len(a)-1] == b[len(b)-1] {
		tail = append(tail, edit{DiffEqual, a[len(a)-1]})
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	out := head
	n, m := len(a), len(b)
	if (n+1)*(m+1) > maxTable {
		for _, t := range a {
			out = append(out, edit{DiffDelete, t})
		}
		for _, t := range b {
			out = append(out, edit{DiffInsert, t})
		}
	} else {
		// lcs[i*(m+1)+j] is the length of the LCS of a[i:] and b[j:].
		w := m + 1
		lcs := make([]int32, (n+1)*w)
		for i := n - 1; i >= 0; i-- {
			for j := m - 1; j >= 0; j-- {
				if a[i] == b[j] {
					lcs[i*w+j] = lcs[(i+1)*w+j+1] + 1
				} else {
					lcs[i*w+j] = max(lcs[(i+1)*w+j], lcs[i*w+j+1])
				}
			}
		}
		i, j := 0, 0
		for i < n && j < m {
			switch {
			case a[i] == b[j]:
				out = append(out, edit{DiffEqual, a[i]})
				i, j = i+1, j+1
			case lcs[(i+1)*w+j] >= lcs[i*w+j+1]:
				out = append(out, edit{DiffDelete, a[i]})
				i++
			default:
				out = append(out, edit{DiffInsert, b[j]})
				j++
			}
		}
		for ; i < n; i++ {
			out = append(out, edit{DiffDelete, a[i]})
		}
		for ; j < m; j++ {
			out = append(out, edit{DiffInsert, b[j]})
		}
	}
	for k := len(tail) - 1; k >= 0; k-- {
		out = append(out, tail[k])
	}
	return out
}
