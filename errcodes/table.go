package errcodes

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// markdownTable renders the error table as the body of a Markdown document:
// a table of every SDK subcode, then a table of the project's kinds. The
// output depends only on the table, so a generated docs page can be checked
// for freshness byte for byte.
func markdownTable() string {
	var b strings.Builder
	b.WriteString("## SDK subcodes\n\n")
	b.WriteString("The breakout-room subcodes of @azure/communication-calling 2.0.0. Messages are the SDK's own, verbatim; ")
	b.WriteString("resolutions are this project's.\n\n")
	b.WriteString("| Subcode | HTTP | Key | Category | Thrown in 2.0.0 | Message | Resolution | Note |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|\n")
	for _, row := range table {
		thrown := "no"
		if row.Thrown {
			thrown = "yes"
		}
		writeRow(&b,
			strconv.Itoa(int(row.Subcode)),
			strconv.Itoa(row.Code),
			"`"+row.Key+"`",
			row.Category.Error(),
			thrown,
			row.Message,
			row.Resolution,
			row.Note,
		)
	}
	b.WriteString("\n## Project kinds\n\n")
	b.WriteString("Conditions the SDK's table does not describe. They carry no subcode, HTTP code or category.\n\n")
	b.WriteString("| Kind | When | What to do |\n")
	b.WriteString("|---|---|---|\n")
	for _, k := range projectKinds() {
		writeRow(&b, "`"+k.Error()+"`", k.description(), k.resolution())
	}
	return b.String()
}

// writeRow writes one table row, escaping what would break a cell.
func writeRow(b *strings.Builder, cells ...string) {
	b.WriteString("|")
	for _, c := range cells {
		b.WriteString(" " + markdownCell(c) + " |")
	}
	b.WriteString("\n")
}

// markdownCell makes s safe inside a table cell: a pipe would end the cell and
// a line break would end the row.
func markdownCell(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "\r\n", " ")
	s = strings.ReplaceAll(s, "\n", " ")
	return strings.ReplaceAll(s, "\r", " ")
}

// projectKinds returns the kinds other than KindSDK, in declaration order.
func projectKinds() []Kind {
	var out []Kind
	for _, k := range allKinds() {
		if k != KindSDK {
			out = append(out, k)
		}
	}
	return out
}

// subcodeRow and kindRow are the objects of jsonTable. An SDK row has
// "subcode", a kind row has "kind", as in the error objects themselves.
type subcodeRow struct {
	Subcode    Subcode `json:"subcode"`
	Code       int     `json:"code"`
	Key        string  `json:"key"`
	Category   string  `json:"category"`
	Thrown     bool    `json:"thrown"`
	Message    string  `json:"message"`
	Resolution string  `json:"resolution"`
	Note       string  `json:"note,omitempty"`
}

type kindRow struct {
	Kind           string `json:"kind"`
	Description    string `json:"description"`
	DefaultMessage string `json:"defaultMessage"`
	Resolution     string `json:"resolution"`
}

// jsonTable renders the error table as a JSON array indented by two spaces:
// one object per SDK subcode, in ascending order, then one per project kind.
// HTML characters are not escaped, and the output ends with a newline. It
// depends only on the table.
func jsonTable() ([]byte, error) {
	rows := make([]any, 0, len(table)+int(kindEnd))
	for _, r := range table {
		rows = append(rows, subcodeRow{
			Subcode: r.Subcode, Code: r.Code, Key: r.Key, Category: r.Category.Error(), Thrown: r.Thrown,
			Message: r.Message, Resolution: r.Resolution, Note: r.Note,
		})
	}
	for _, k := range projectKinds() {
		rows = append(rows, kindRow{
			Kind: k.Error(), Description: k.description(), DefaultMessage: k.defaultMessage(), Resolution: k.resolution(),
		})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rows); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
