package errcodes

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cellsOf splits a Markdown table row at its unescaped pipes.
func cellsOf(row string) []string {
	sep := regexp.MustCompile(`(^|[^\\])\|`)
	marked := sep.ReplaceAllString(row, "$1\x00")
	parts := strings.Split(marked, "\x00")
	return parts[1 : len(parts)-1] // the row starts and ends with a pipe
}

func TestMarkdownTable(t *testing.T) {
	md := markdownTable()
	assert.Equal(t, md, markdownTable(), "deterministic")

	lines := strings.Split(strings.TrimSuffix(md, "\n"), "\n")
	var sdkRows, kindRows [][]string
	section := ""
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "## "):
			section = l
		case strings.HasPrefix(l, "|") && !strings.HasPrefix(l, "|---"):
			cells := cellsOf(l)
			if section == "## SDK subcodes" {
				require.Len(t, cells, 8, l)
				sdkRows = append(sdkRows, cells)
			} else {
				require.Len(t, cells, 3, l)
				kindRows = append(kindRows, cells)
			}
		}
	}
	require.Len(t, sdkRows, 1+14, "header and one row per subcode")
	assert.Equal(t, "Subcode", strings.TrimSpace(sdkRows[0][0]))
	for i, info := range allInfo() {
		row := sdkRows[i+1]
		assert.Equal(t, strconv.Itoa(int(info.Subcode)), strings.TrimSpace(row[0]))
		assert.Equal(t, strconv.Itoa(info.Code), strings.TrimSpace(row[1]))
		assert.Equal(t, "`"+info.Key+"`", strings.TrimSpace(row[2]))
		assert.Equal(t, info.Category.Error(), strings.TrimSpace(row[3]))
		wantThrown := map[bool]string{true: "yes", false: "no"}[info.Thrown]
		assert.Equal(t, wantThrown, strings.TrimSpace(row[4]))
		assert.Equal(t, markdownCell(info.Message), strings.TrimSpace(row[5]))
		assert.Equal(t, markdownCell(info.Resolution), strings.TrimSpace(row[6]))
		assert.Equal(t, markdownCell(info.Note), strings.TrimSpace(row[7]))
	}
	require.Len(t, kindRows, 1+6, "header and one row per project kind")
	for i, k := range []Kind{ReturnDisabled, AlreadyInRoom, ParticipantLeft, UnknownInput, UnexpectedInput, MainHangUpFailed} {
		row := kindRows[i+1]
		assert.Equal(t, "`"+k.Error()+"`", strings.TrimSpace(row[0]))
		assert.Equal(t, k.description(), strings.TrimSpace(row[1]))
		assert.Equal(t, k.resolution(), strings.TrimSpace(row[2]))
	}
	assert.NotContains(t, md, "`sdk`", "KindSDK is not a project kind")
}

func TestMarkdownCellEscapes(t *testing.T) {
	assert.Equal(t, `a \| b`, markdownCell("a | b"))
	assert.Equal(t, `one two three four`, markdownCell("one\ntwo\r\nthree\rfour"))
	assert.Equal(t, `back\\slash \\\| pipe`, markdownCell(`back\slash \| pipe`))
	assert.Equal(t, []string{" a ", ` b \| c `, " d "}, cellsOf(`| a | b \| c | d |`))

	var b strings.Builder
	writeRow(&b, "x|y", "z")
	assert.Equal(t, "| x\\|y | z |\n", b.String())
	assert.Len(t, cellsOf(strings.TrimSuffix(b.String(), "\n")), 2)
}

func TestJSONTable(t *testing.T) {
	b, err := jsonTable()
	require.NoError(t, err)
	again, err := jsonTable()
	require.NoError(t, err)
	assert.Equal(t, string(b), string(again), "deterministic")
	assert.True(t, strings.HasPrefix(string(b), "[\n  {\n    \"subcode\": 46250,\n"), "two-space indent, subcodes first")

	var rows []map[string]any
	require.NoError(t, json.Unmarshal(b, &rows))
	require.Len(t, rows, 14+6)
	for i, info := range allInfo() {
		r := rows[i]
		assert.Equal(t, float64(info.Subcode), r["subcode"])
		assert.Equal(t, float64(info.Code), r["code"])
		assert.Equal(t, info.Key, r["key"])
		assert.Equal(t, info.Category.Error(), r["category"])
		assert.Equal(t, info.Thrown, r["thrown"])
		assert.Equal(t, info.Message, r["message"])
		assert.Equal(t, info.Resolution, r["resolution"])
		assert.Equal(t, info.Note, r["note"])
		assert.NotContains(t, r, "kind")
	}
	for i, k := range projectKinds() {
		r := rows[14+i]
		assert.Equal(t, k.Error(), r["kind"])
		assert.Equal(t, k.description(), r["description"])
		assert.Equal(t, k.defaultMessage(), r["defaultMessage"])
		assert.Equal(t, k.resolution(), r["resolution"])
		assert.NotContains(t, r, "subcode")
	}
	assert.NotContains(t, string(b), `\u003c`, "HTML escaping is off")
	assert.NotContains(t, string(b), `\u0026`, "HTML escaping is off")
}
