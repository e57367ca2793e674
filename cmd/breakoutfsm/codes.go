package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/breakoutfsm/breakoutfsm/internal/errs"
)

const codesAbout = `Prints the error table: every subcode the SDK defines (46250-46263) with its HTTP code,
result category, key and message, and the project's own refusal kinds. With CODE (a
subcode such as 46258, its key such as BREAKOUT_ROOMS_UPDATEFAILED, or a kind such as
returnDisabled) prints that entry alone, in full: message, resolution and notes.
--format table (the default: aligned for a terminal), markdown (as docs/errors.md) or
json (the objects of docs/errors.md's table, or the one entry).`

func runCodes(args []string, e *env) int {
	fs := newFlags("codes", "[--format table|markdown|json] [CODE]", codesAbout, e)
	format := fs.String("format", "table", "output format: table, markdown (or md) or json")
	if code, ok := parseFlags(fs, args, e); !ok {
		return code
	}
	switch *format {
	case "table", "markdown", "md", "json":
	default:
		return usageError(e, "codes", "unknown --format %q: use table, markdown or json", *format)
	}
	if fs.NArg() > 1 {
		return usageError(e, "codes", "takes at most one code, got %d: %q", fs.NArg(), fs.Args())
	}
	if fs.NArg() == 1 {
		entry, ok := lookupCode(fs.Arg(0))
		if !ok {
			return usageError(e, "codes", "unknown code %q: use a subcode from 46250 to 46263, its key (such as BREAKOUT_ROOMS_UPDATEFAILED) or a kind: %s",
				fs.Arg(0), strings.Join(projectKinds(), ", "))
		}
		return printEntry(e, entry, *format)
	}
	switch *format {
	case "table":
		writeCodesTable(e.stdout)
	case "markdown", "md":
		fmt.Fprint(e.stdout, errs.MarkdownTable())
	case "json":
		b, err := errs.JSONTable()
		if err != nil {
			fmt.Fprintln(e.stderr, "breakoutfsm codes:", err)
			return exitFailed
		}
		e.stdout.Write(b)
	}
	return exitOK
}

// codeEntry is one entry of the error table (errs.JSONTable): an SDK
// subcode or a project kind.
type codeEntry struct {
	Subcode        int    `json:"subcode"`
	Code           int    `json:"code"`
	Key            string `json:"key"`
	Category       string `json:"category"`
	Thrown         bool   `json:"thrown"`
	Message        string `json:"message"`
	Resolution     string `json:"resolution"`
	Note           string `json:"note"`
	Kind           string `json:"kind"`
	Description    string `json:"description"`
	DefaultMessage string `json:"defaultMessage"`
}

func (c codeEntry) isKind() bool { return c.Kind != "" }

func (c codeEntry) String() string {
	if c.isKind() {
		return c.Kind
	}
	return strconv.Itoa(c.Subcode)
}

// codeEntries are the entries of the error table, subcodes first.
func codeEntries() []codeEntry {
	b, err := errs.JSONTable()
	if err != nil {
		panic(err) // the table is the package's own data
	}
	var out []codeEntry
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return out
}

// lookupCode finds an entry by subcode, or by SDK key or kind in any case.
func lookupCode(s string) (codeEntry, bool) {
	n, numErr := strconv.Atoi(s)
	for _, c := range codeEntries() {
		switch {
		case numErr == nil:
			if !c.isKind() && c.Subcode == n {
				return c, true
			}
		case !c.isKind() && strings.EqualFold(c.Key, s), c.isKind() && strings.EqualFold(c.Kind, s):
			return c, true
		}
	}
	return codeEntry{}, false
}

func projectKinds() []string {
	var out []string
	for _, c := range codeEntries() {
		if c.isKind() {
			out = append(out, c.Kind)
		}
	}
	return out
}

// writeCodesTable writes the table aligned for a terminal: one line per
// subcode and per kind; the resolutions are in each entry's own view.
func writeCodesTable(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SUBCODE\tHTTP\tCATEGORY\tKEY\tMESSAGE (the SDK's own)")
	for _, c := range codeEntries() {
		if !c.isKind() {
			fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\n", c.Subcode, c.Code, c.Category, c.Key, c.Message)
		}
	}
	tw.Flush()
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KIND\tMESSAGE (a project kind: no subcode, HTTP code or category)")
	for _, c := range codeEntries() {
		if c.isKind() {
			fmt.Fprintf(tw, "%s\t%s\n", c.Kind, c.DefaultMessage)
		}
	}
	tw.Flush()
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'breakoutfsm codes CODE' for one entry in full (resolution, notes), such as")
	fmt.Fprintln(w, "'breakoutfsm codes 46258' or 'breakoutfsm codes returnDisabled'.")
}

// printEntry prints one entry in the format asked for.
func printEntry(e *env, c codeEntry, format string) int {
	switch format {
	case "json":
		b, err := entryJSON(c)
		if err != nil {
			fmt.Fprintln(e.stderr, "breakoutfsm codes:", err)
			return exitFailed
		}
		e.stdout.Write(b)
	case "markdown", "md":
		row, err := entryMarkdown(c)
		if err != nil {
			fmt.Fprintln(e.stderr, "breakoutfsm codes:", err)
			return exitFailed
		}
		fmt.Fprint(e.stdout, row)
	default:
		writeEntry(e.stdout, c)
	}
	return exitOK
}

// writeEntry writes an entry for a person to read, its long texts wrapped.
func writeEntry(w io.Writer, c codeEntry) {
	field := func(name, text string) {
		fmt.Fprintf(w, "%-12s%s\n", name+":", wrap(text, 88, strings.Repeat(" ", 12)))
	}
	if c.isKind() {
		fmt.Fprintf(w, "%s (a project kind: no subcode, HTTP code or category)\n", c.Kind)
		field("message", c.DefaultMessage)
		field("when", c.Description)
		field("resolution", c.Resolution)
		return
	}
	fmt.Fprintf(w, "%d %s\n", c.Subcode, c.Key)
	field("HTTP code", strconv.Itoa(c.Code))
	field("category", c.Category)
	thrown := "yes"
	if !c.Thrown {
		thrown = "no: defined, never raised"
	}
	field("SDK 2.0.0", "thrown: "+thrown)
	field("message", c.Message)
	field("resolution", c.Resolution)
	if c.Note != "" {
		field("note", c.Note)
	}
}

// wrap breaks text into lines of at most width characters (a longer word
// stands alone), every line after the first starting with indent.
func wrap(text string, width int, indent string) string {
	var b strings.Builder
	n := 0
	for i, word := range strings.Fields(text) {
		switch {
		case i == 0:
		case n+1+len(word) > width:
			b.WriteString("\n" + indent)
			n = 0
		default:
			b.WriteByte(' ')
			n++
		}
		b.WriteString(word)
		n += len(word)
	}
	return b.String()
}

// entryJSON is the entry's object from errs.JSONTable, alone.
func entryJSON(c codeEntry) ([]byte, error) {
	table, err := errs.JSONTable()
	if err != nil {
		return nil, err
	}
	var rows []json.RawMessage
	if err := json.Unmarshal(table, &rows); err != nil {
		return nil, err
	}
	for _, row := range rows {
		var id struct {
			Subcode int    `json:"subcode"`
			Kind    string `json:"kind"`
		}
		if err := json.Unmarshal(row, &id); err != nil {
			return nil, err
		}
		if (!c.isKind() && id.Kind == "" && id.Subcode == c.Subcode) || (c.isKind() && id.Kind == c.Kind) {
			var out bytes.Buffer
			if err := json.Indent(&out, row, "", "  "); err != nil {
				return nil, err
			}
			out.WriteByte('\n')
			return out.Bytes(), nil
		}
	}
	return nil, fmt.Errorf("the JSON table has no entry for %v", c)
}

// entryMarkdown is the entry's section of errs.MarkdownTable: the
// header of its table, and its row.
func entryMarkdown(c codeEntry) (string, error) {
	lines := strings.Split(errs.MarkdownTable(), "\n")
	prefix := "| " + strconv.Itoa(c.Subcode) + " |"
	if c.isKind() {
		prefix = "| `" + c.Kind + "` |"
	}
	for i, l := range lines {
		if !strings.HasPrefix(l, prefix) {
			continue
		}
		h := i - 1
		for h > 0 && strings.HasPrefix(lines[h], "|") {
			h--
		}
		return strings.Join(lines[h+1:h+3], "\n") + "\n" + l + "\n", nil
	}
	return "", fmt.Errorf("the Markdown table has no row for %v", c)
}
